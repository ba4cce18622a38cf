/**
 * examples/react-chat: built by its own Vite config (lawflow/vite compiles
 * lead.flow, the hook comes from lawflow/react), then a visitor converses
 * with it in Chromium: typed answers and buttons, a refusal that keeps the
 * input, reload and resume from localStorage, erasure.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../examples/web-chat/serve.ts";
import { hasChromium, launchChromium } from "../support/chromium.ts";
import { expectAccessible, expectNoOverflow } from "../web-chat/browser.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe.skipIf(!hasChromium)("the react-chat example", () => {
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    const out = mkdtempSync(join(ROOT, "test-artifacts", "react-chat-"));
    await build({ configFile: join(ROOT, "examples/react-chat/vite.config.ts"), build: { outDir: out, emptyOutDir: true } });
    const served = await serveStatic(out);
    url = served.url;
    browser = await launchChromium();
    close = async () => {
      await browser.close();
      await new Promise((done) => served.server.close(done));
      rmSync(out, { recursive: true, force: true });
    };
  });
  afterAll(() => close?.());

  const promptIs = (page: Page, text: string) => page.waitForFunction((t) => document.querySelector("[data-testid=prompt]")?.textContent === t, text);
  async function type(page: Page, text: string) {
    await page.fill("#typed", text);
    await page.click("button[type=submit]");
  }

  it("converses, resumes after a reload, and erases", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await promptIs(page, "Which company are you with?");
    await expectAccessible(page, "react-chat: first question");
    await type(page, "Acme");
    await promptIs(page, "Which plan are you interested in?");
    await page.click("text=Pro");
    await promptIs(page, "What year were you born? You can skip this.");
    // A refusal is shown next to the input, and what was typed stays to be corrected.
    await type(page, "1850");
    await page.waitForSelector("[role=alert]");
    expect(await page.inputValue("#typed")).toBe("1850");
    await type(page, "skip");
    await promptIs(page, "May we email you our monthly newsletter? Reply 'stop' at any time to withdraw.");
    await page.click("text=Yes, I agree");
    await promptIs(page, "What's your email address?");

    // The snapshot is in localStorage: a reload resumes at the same question.
    await page.reload();
    await promptIs(page, "What's your email address?");
    expect(await page.textContent("[data-testid=held]")).toContain("Acme");

    await type(page, "ann@example.com");
    await promptIs(page, "Thanks, Acme! Your quote is on its way.");
    expect(await page.textContent("[data-testid=held]")).toContain("ann@example.com");
    await expectAccessible(page, "react-chat: ended");
    await expectNoOverflow(page, "react-chat: ended");

    page.once("dialog", (d) => void d.accept());
    await page.click("text=Erase my data");
    await page.waitForFunction(() => document.querySelector("[data-testid=held]")?.textContent === "We hold nothing about you.");
    await page.reload();
    await page.waitForSelector("[data-testid=prompt]");
    expect(await page.textContent("[data-testid=held]")).toBe("We hold nothing about you.");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keyboard only, on a 320 px phone in dark mode: focus follows the conversation, a refusal is legible, the notice is one link away", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 }, colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto(url);
    await promptIs(page, "Which company are you with?");
    const focused = () => page.evaluate(() => (document.activeElement === document.body ? "body" : (document.activeElement!.id || document.activeElement!.textContent)));
    const tabTo = async (text: string, key = "Tab") => {
      for (let i = 0; i < 20 && (await focused()) !== text; i++) await page.keyboard.press(key);
      expect(await focused()).toBe(text);
    };
    await tabTo("typed");
    await page.keyboard.type("Acme");
    await page.keyboard.press("Enter");
    await promptIs(page, "Which plan are you interested in?");
    // The button pressed goes with its question: focus goes to the next answer, not back to the top of the page.
    await tabTo("Pro", "Shift+Tab");
    await page.keyboard.press("Space");
    await promptIs(page, "What year were you born? You can skip this.");
    expect(await focused()).toBe("typed");
    await page.keyboard.type("1850");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[role=alert]");
    await expectAccessible(page, "react-chat: a refused year in dark mode");
    await page.fill("#typed", "skip");
    await page.keyboard.press("Enter");
    await promptIs(page, "May we email you our monthly newsletter? Reply 'stop' at any time to withdraw.");
    await tabTo("Yes, I agree", "Shift+Tab");
    await page.keyboard.press("Enter");
    await promptIs(page, "What's your email address?");
    expect(await focused()).toBe("typed");
    await page.keyboard.type("ann@example.com");
    await page.keyboard.press("Enter");
    await promptIs(page, "Thanks, Acme! Your quote is on its way.");
    // The input is gone with the conversation: focus is on the chat's last message.
    expect(await focused()).toBe("Thanks, Acme! Your quote is on its way.");
    await expectAccessible(page, "react-chat: ended in dark mode");
    await expectNoOverflow(page, "react-chat: ended at 320 px");
    // The privacy notice generated from the same flow is served beside the page.
    await tabTo("How we use your data: our privacy notice");
    await page.keyboard.press("Enter");
    await page.waitForURL(/notice\.html$/);
    expect(await page.textContent("h1")).toBe("Privacy notice: Lead capture chat");
    await context.close();
  });
});
