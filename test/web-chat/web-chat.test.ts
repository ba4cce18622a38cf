// The web chat in a real headless Chromium (Debian's, driven by playwright-core).
// Skipped only where no browser is installed outside CI; in CI a missing
// browser fails (scripts/setup-browser.sh installs it).
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { serveStatic } from "../../examples/web-chat/serve.ts";

const CHROMIUM = "/usr/bin/chromium";
const root = fileURLToPath(new URL("../..", import.meta.url));
const artifacts = join(root, "test-artifacts", "web-chat");
const runIt = existsSync(CHROMIUM) || process.env.CI === "true";

describe.skipIf(!runIt)("web chat in Chromium", () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    execFileSync(process.execPath, ["examples/web-chat/build.mjs"], { cwd: root, stdio: "pipe" });
    ({ server, url } = await serveStatic(join(root, "examples/web-chat/dist")));
    mkdirSync(artifacts, { recursive: true });
    // launch() gives every run a fresh, empty profile directory of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  beforeEach(async () => {
    // A new context per test: empty localStorage.
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on("pageerror", (e) => {
      throw e;
    });
    await page.goto(url);
  });

  afterEach(async () => {
    await context?.close();
  });

  const log = () => page.locator("#log");
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const storage = (suffix: string) => page.evaluate((k) => localStorage.getItem(k), `lawflow:LeadCapture:${suffix}`);

  async function type(text: string): Promise<void> {
    await page.locator("#answer").fill(text);
    await page.keyboard.press("Enter");
  }

  /** Company, plan (by keyboard), birth year: up to the consent question. */
  async function toConsent(company = "Acme", year = "1987"): Promise<void> {
    await expect.poll(() => log().innerText()).toContain("Hi! I can put a quote together for you.");
    await expect.poll(() => page.locator("#answer-form label").innerText()).toBe("Which company are you with?");
    // The input is labelled by the question, and has focus.
    expect(await page.getByLabel("Which company are you with?").evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await page.locator("#log").getAttribute("aria-live")).toBe("polite");
    await type(company);
    // Keyboard only: the first choice has focus; Tab moves to the next.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Basic");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#answer-form").getAttribute("data-step")).toBe("birth_year");
    await type(year);
    await page.locator("#consent").waitFor();
  }

  it("runs a whole conversation with consent given", async () => {
    await toConsent();
    // "Why are we asking?" on the consent question: purpose, basis, retention.
    const why = page.locator("#consent details.why");
    await why.locator("summary").click();
    await expect.poll(() => why.innerText()).toContain("Email you our monthly newsletter");
    expect(await why.innerText()).toContain("Basis: your consent");
    expect(await why.innerText()).toContain("Kept: until you withdraw consent");

    // Accept and decline have equal weight: same size and the same look.
    const accept = page.locator('[data-decision="accept"]');
    const decline = page.locator('[data-decision="decline"]');
    const [a, d] = [await accept.boundingBox(), await decline.boundingBox()];
    expect(a!.width).toBeCloseTo(d!.width, 0);
    expect(a!.height).toBeCloseTo(d!.height, 0);
    const look = (sel: string) =>
      page.$eval(sel, (e) => {
        const s = getComputedStyle(e);
        return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderTopWidth, s.borderTopColor, s.padding].join("|");
      });
    expect(await look('[data-decision="accept"]')).toBe(await look('[data-decision="decline"]'));

    await accept.click();
    await expect.poll(() => page.locator("#answer-form label").innerText()).toBe("What's your email address?");
    // A bad answer is refused with the runtime's message, announced as an alert.
    await type("not-an-email");
    await expect.poll(() => page.locator("#answer-error").innerText()).not.toBe("");
    await type("bob@example.com");

    await expect.poll(() => page.locator("#ended").getAttribute("data-outcome")).toBe("thanks");
    expect(await log().innerText()).toContain("Thanks, Acme! Your quote is on its way.");
    const held = await page.locator("#held").innerText();
    expect(held).toContain("bob@example.com");
    expect(held).toContain("Email you our monthly newsletter");
    expect(await page.locator('#receipts li[data-decision="given"]').count()).toBe(1);
    await shot("consent-given");
  });

  it("runs a conversation with consent refused", async () => {
    await toConsent("Initech");
    // Keyboard only: focus is on the question itself, neither answer is preselected.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("consent");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-decision"))).toBe("decline");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#answer-form label").innerText()).toBe("Where should we send the quote?");
    // Every question has its disclosure.
    expect(await page.locator("#answer-form details.why summary").innerText()).toBe("Why are we asking?");
    await type("peter@initech.example");
    await expect.poll(() => page.locator("#ended").getAttribute("data-outcome")).toBe("thanks");
    expect(await page.locator('#receipts li[data-decision="refused"]').count()).toBe(1);
    expect(await page.locator('#held tr[data-purpose="newsletter"]').count()).toBe(0);
    expect(await page.locator('#held tr[data-field="email"][data-purpose="quote"]').count()).toBe(1);
    expect(await page.locator("[data-withdraw]").count()).toBe(0);
    await shot("consent-refused");
  });

  it("withdraws and objects from the data panel: the value leaves the screen and the snapshot", async () => {
    await toConsent("Acme", "1987");
    await page.locator('[data-decision="accept"]').click();
    await type("bob@example.com");
    await page.locator("#ended").waitFor();
    expect(await page.locator("body").innerText()).toContain("1987");
    expect(await storage("snapshot")).toContain("1987");

    await page.getByRole("button", { name: "Withdraw consent: Email you our monthly newsletter" }).click();
    await expect.poll(() => page.locator('#held tr[data-purpose="newsletter"]').count()).toBe(0);
    expect(JSON.parse((await storage("receipts"))!).map((r: { decision: string }) => r.decision)).toEqual(["given", "withdrawn"]);

    await page.getByRole("button", { name: "Object: Learn the typical age of people who ask for quotes" }).click();
    await expect.poll(() => page.locator("body").innerText()).not.toContain("1987");
    expect(await storage("snapshot")).not.toContain("1987");
    expect(await page.locator('#log li[data-field="birth_year"]').innerText()).toContain("no longer held");
    await shot("withdrawn");
  });

  it("downloads the export as a JSON file", async () => {
    await toConsent("Globex", "1970");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download").click()]);
    expect(download.suggestedFilename()).toBe("LeadCapture-my-data.json");
    const data = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(data.flow).toBe("LeadCapture");
    expect(data.data.map((v: { field: string; value: unknown }) => [v.field, v.value])).toEqual([
      ["company", "Globex"],
      ["plan", "pro"],
      ["birth_year", 1970],
    ]);
    await shot("export");
  });

  it("resumes after a reload, and keeps the receipts when the flow version changed", async () => {
    await toConsent("Umbrella", "1999");
    await page.locator('[data-decision="accept"]').click();
    await expect.poll(() => page.locator("#answer-form").getAttribute("data-step")).toBe("email");
    await page.reload();
    await expect.poll(() => page.locator("#answer-form").getAttribute("data-step")).toBe("email");
    expect(await log().innerText()).toContain("Umbrella");
    expect(await page.locator('#receipts li[data-decision="given"]').count()).toBe(1);
    await shot("reloaded");

    // A snapshot of another version is refused whole: a new conversation starts, the receipts stay.
    await page.evaluate(() => {
      const key = "lawflow:LeadCapture:snapshot";
      const snapshot = JSON.parse(localStorage.getItem(key)!);
      snapshot.version = "0.9.0";
      localStorage.setItem(key, JSON.stringify(snapshot));
    });
    await page.reload();
    await expect.poll(() => page.locator("#notice").innerText()).toContain("version 0.9.0 → 1.0.0");
    expect(await page.locator("#answer-form").getAttribute("data-step")).toBe("company");
    expect(await page.locator("#no-data").count()).toBe(1);
    expect(await page.locator('.archived-receipts li[data-decision="given"]').count()).toBe(1);
    // And still after another reload.
    await page.reload();
    await expect.poll(() => page.locator('.archived-receipts li[data-decision="given"]').count()).toBe(1);
    expect(await page.locator("#notice").innerText()).toContain("version 0.9.0 → 1.0.0");
    await shot("version-changed");
    // The new conversation goes on; the archived receipts stay.
    await type("Soylent");
    await page.locator("button.choice").first().waitFor();
    expect(await page.locator('.archived-receipts li[data-decision="given"]').count()).toBe(1);
  });
});
