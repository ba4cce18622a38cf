/**
 * What the browser tests share: building the pages, Debian's Chromium driven
 * by playwright-core, axe-core, the reflow check and screenshots.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { serveStatic } from "../../examples/web-chat/serve.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ARTIFACTS = join(ROOT, "test-artifacts", "web-chat");
/** Skipped only where no browser is installed outside CI; in CI a missing browser fails (scripts/setup-browser.sh installs it). */
export const HAS_BROWSER = existsSync(CHROMIUM) || process.env.CI === "true";
export const WIDTHS = [320, 390, 768, 1280] as const;

const FIXTURE = join(ROOT, "test/web-chat/fixture");
const OUT = join(ROOT, "test-artifacts/web-chat-site");

/** Builds the web-chat example and the test page (with the company-policy flows compiled into it); serves both. */
export async function serveSites(): Promise<{ server: Server; url: string }> {
  execFileSync(process.execPath, ["examples/web-chat/build.mjs"], { cwd: ROOT, stdio: "pipe" });
  mkdirSync(join(OUT, "example"), { recursive: true });
  execFileSync(process.execPath, ["bin/lawflow.mjs", "compile", "examples/company-policy/onboarding.flow", "examples/company-policy/support.flow", "--out", join(OUT, "flows")], {
    cwd: ROOT,
    stdio: "pipe",
  });
  const entry = [
    `import { mount } from ${JSON.stringify(join(FIXTURE, "page.ts"))};`,
    `import { LeadCaptureMachine } from ${JSON.stringify(join(ROOT, "examples/lead-capture/lead.flow.ts"))};`,
    `import { OnboardingMachine } from ${JSON.stringify(join(OUT, "flows/onboarding.flow.ts"))};`,
    `import { SupportMachine } from ${JSON.stringify(join(OUT, "flows/support.flow.ts"))};`,
    `mount({ lead: LeadCaptureMachine, onboarding: OnboardingMachine, support: SupportMachine });`,
  ].join("\n");
  await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts", sourcefile: "test-page.ts" },
    outfile: join(OUT, "page.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
    alias: { "lawflow/runtime": join(ROOT, "runtime/index.ts"), "lawflow/widget": join(ROOT, "widget/index.ts") },
  });
  copyFileSync(join(FIXTURE, "index.html"), join(OUT, "index.html"));
  copyFileSync(join(ROOT, "examples/lead-capture/docs/notice.html"), join(OUT, "notice-lead.html"));
  for (const flow of ["onboarding", "support"]) copyFileSync(join(ROOT, `examples/company-policy/docs/notice-${flow}.html`), join(OUT, `notice-${flow}.html`));
  for (const file of ["index.html", "main.js", "notice.html"]) copyFileSync(join(ROOT, "examples/web-chat/dist", file), join(OUT, "example", file));
  return serveStatic(OUT);
}

export function launch(): Promise<Browser> {
  // launch() gives every run a fresh, empty profile directory of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/** axe-core over the page, open shadow roots included, for WCAG 2.0–2.2 A and AA: no violation. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown; failureSummary: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => [JSON.stringify(n.target), n.failureSummary].join(" — ")) }));
  });
  expect(violations, `axe-core in state "${state}"`).toEqual([]);
}

/** WCAG 1.4.10 reflow: no element, in the page or in any shadow root, reaches past the viewport, and the page does not scroll sideways. */
export async function expectNoOverflow(page: Page, state: string): Promise<void> {
  const wide = await page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    const walk = (root: Document | ShadowRoot) => {
      for (const el of Array.from(root.querySelectorAll("*"))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} ${Math.round(r.left)}…${Math.round(r.right)}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    if (document.documentElement.scrollWidth > width) out.push(`page scrolls to ${document.documentElement.scrollWidth}`);
    return out;
  });
  expect(wide, `wider than the viewport in state "${state}"`).toEqual([]);
}

/** Accessible, nothing cut off, and a screenshot to look at: test-artifacts/web-chat/<width>/<name>.png. */
export async function checkState(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()!.width;
  // Messages fade in; check them as they end up (the typing indicator's endless animation aside).
  await page.evaluate(() => {
    const shadows = Array.from(document.querySelectorAll("*")).flatMap((e) => (e.shadowRoot ? e.shadowRoot.getAnimations() : []));
    return Promise.all([...document.getAnimations(), ...shadows].filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished));
  });
  mkdirSync(join(ARTIFACTS, String(width)), { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, String(width), `${name}.png`) });
  await expectNoOverflow(page, name);
  await expectAccessible(page, name);
}
