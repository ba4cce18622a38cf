/**
 * `lawflow/react`: the hook re-renders when the runtime's conversation
 * changes (through the hook or directly), keeps and resumes the snapshot
 * through a `ChatStore`, and renders the first prompt on a server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useConversation } from "lawflow/react";
import { lawflowUnplugin } from "../../bundler/plugin.ts";
import { serveStatic } from "../../examples/web-chat/serve.ts";
import { LeadCaptureMachine } from "../../examples/lead-capture/lead.flow.ts";
import { hasChromium, launchChromium } from "../support/chromium.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("useConversation on a server", () => {
  it("renders the first prompt without a store, and nothing to act on while a store loads", () => {
    const Show = ({ store }: { store?: boolean }) => {
      const chat = useConversation(LeadCaptureMachine, store ? { store: { load: () => null, save: () => {} } } : {});
      return createElement("p", null, chat.prompt ? chat.prompt.text : "loading");
    };
    expect(renderToString(createElement(Show))).toBe("<p>Which company are you with?</p>");
    expect(renderToString(createElement(Show, { store: true }))).toBe("<p>loading</p>");
  });
});

describe.skipIf(!hasChromium)("useConversation in Chromium", () => {
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    const out = mkdtempSync(join(ROOT, "test-artifacts", "react-hook-"));
    await build({
      entryPoints: [join(ROOT, "test/react/harness.tsx")],
      outfile: join(out, "page.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      jsx: "automatic",
      logLevel: "warning",
      define: { "process.env.NODE_ENV": '"development"' },
      plugins: [lawflowUnplugin.esbuild({ declarations: false }) as Plugin],
      alias: { "lawflow/runtime/chat": join(ROOT, "runtime/chat.ts"), "lawflow/runtime": join(ROOT, "runtime/index.ts"), "lawflow/widget": join(ROOT, "widget/index.ts"), "lawflow/react": join(ROOT, "react/index.ts") },
    });
    writeFileSync(join(out, "index.html"), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="page.js"></script>');
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

  async function open(query = ""): Promise<Page> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    await page.goto(`${url.replace(/\/$/, "")}/?${query}`);
    await page.waitForFunction(() => document.getElementById("prompt")?.textContent !== "loading");
    expect(errors).toEqual([]);
    return page;
  }
  const prompt = (page: Page) => page.textContent("#prompt");
  /** Calls a method of what the hook returned, in the page; returns its JSON result. */
  const call = (page: Page, method: string, ...args: unknown[]) =>
    page.evaluate(([m, a]) => JSON.parse(JSON.stringify((window as any).lawflow.chat[m](...a) ?? null)), [method, args] as const);

  it("re-renders with the next prompt after an answer, and keeps the prompt after a refusal", async () => {
    const page = await open();
    expect(await prompt(page)).toBe("Which company are you with?");
    expect((await call(page, "answer", "company", "Acme")).ok).toBe(true);
    await page.waitForFunction(() => document.getElementById("prompt")!.textContent === "Which plan are you interested in?");
    const refused = await call(page, "answerText", "platinum");
    expect(refused.ok).toBe(false);
    expect(await prompt(page)).toBe("Which plan are you interested in?");
    await call(page, "answerText", "pro");
    await page.waitForFunction(() => document.getElementById("prompt")!.textContent!.startsWith("What year"));
    await call(page, "answerText", "skip");
    await page.waitForFunction(() => document.getElementById("prompt")!.textContent!.startsWith("May we email"));
    await call(page, "answer", "newsletter", true);
    await call(page, "answerText", "ann@example.com");
    await page.waitForFunction(() => document.getElementById("ended")!.textContent === "true");
    expect(await prompt(page)).toBe("Thanks, Acme! Your quote is on its way.");
    const events = await page.evaluate(() => (window as any).lawflow.events as string[]);
    expect(events).toContain("consent");
    expect(events).toContain("ended");
    await page.close();
  });

  it("re-renders when the conversation is changed directly, through the runtime's own listeners", async () => {
    const page = await open();
    const before = await page.textContent("#revision");
    // Not through the hook's wrapped methods: only the runtime's `on` listener can tell React.
    await page.evaluate(() => (window as any).lawflow.chat.conversation.answer("company", "Acme"));
    await page.waitForFunction(() => document.getElementById("prompt")!.textContent === "Which plan are you interested in?");
    expect(await page.textContent("#revision")).not.toBe(before);
    await page.evaluate(() => (window as any).lawflow.chat.conversation.erase());
    await page.waitForFunction(() => document.getElementById("ended")!.textContent === "true");
    expect(await call(page, "export")).toMatchObject({ data: [] });
    await page.close();
  });

  it("renders once per change: reading the same state again gives React the same snapshot", async () => {
    const page = await open();
    const renders = () => page.evaluate(() => (window as any).lawflow.renders as number);
    const start = await renders();
    await call(page, "export");
    await call(page, "export");
    await page.waitForTimeout(50);
    expect(await renders()).toBe(start);
    await call(page, "answer", "company", "Acme");
    await page.waitForFunction((n) => (window as any).lawflow.renders > n, start);
    await page.close();
  });

  it("saves every change in the store and resumes from it, in StrictMode too", async () => {
    const page = await open("store&strict");
    await call(page, "answer", "company", "Acme");
    await page.waitForFunction(() => document.getElementById("prompt")!.textContent === "Which plan are you interested in?");
    const saved = await page.evaluate(() => (window as any).lawflow.saved.at(-1));
    expect(saved.transcript).toEqual([]);
    expect(typeof saved.snapshot).toBe("string");
    expect(saved.receipts).toEqual([]);
    await page.close();

    const again = await open(`store&strict&saved=${encodeURIComponent(JSON.stringify(saved))}`);
    expect(await prompt(again)).toBe("Which plan are you interested in?");
    expect(await call(again, "export")).toMatchObject({ data: [{ field: "company", value: "Acme" }] });
    // Resuming is not a change: nothing is saved until the visitor acts.
    expect(await again.evaluate(() => (window as any).lawflow.saved.length)).toBe(0);
    await call(again, "answerText", "basic");
    await again.waitForFunction(() => (window as any).lawflow.saved.length === 1);
    await again.close();
  });

  it("starts afresh from a snapshot it cannot restore, keeping its receipts in the archive", async () => {
    const broken = { snapshot: '{"version":"0.9.0"}', receipts: [{ decision: "given", purpose: "newsletter" }], transcript: [], archive: [] };
    const page = await open(`store&saved=${encodeURIComponent(JSON.stringify(broken))}`);
    expect(await prompt(page)).toBe("Which company are you with?");
    await page.waitForFunction(() => (window as any).lawflow.saved.length === 1);
    const saved = await page.evaluate(() => (window as any).lawflow.saved[0]);
    expect(saved.archive).toMatchObject([{ version: "0.9.0", receipts: broken.receipts }]);
    await page.close();
  });
});
