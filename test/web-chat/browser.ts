/**
 * What the browser tests share: building the pages, Debian's Chromium driven
 * by playwright-core, axe-core, the reflow check and screenshots.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import type { Page } from "playwright-core";
import { build as viteBuild } from "vite";
import { expect } from "vitest";
import { lawflowUnplugin } from "../../bundler/plugin.ts";
import { serveStatic } from "../../examples/web-chat/serve.ts";

export { hasChromium as HAS_BROWSER, launchChromium as launch } from "../support/chromium.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ARTIFACTS = join(ROOT, "test-artifacts", "web-chat");

const FIXTURE = join(ROOT, "test/web-chat/fixture");

/**
 * Builds the web-chat example (Vite, its own build script) under /example/, and
 * the test page at / with the three example flows and fixture/visit.flow imported as `.flow` files
 * through Lawflow's esbuild plugin; serves both.
 */
export async function serveSites(): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  // A directory of its own per call: test files build and serve in parallel.
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  const OUT = mkdtempSync(join(ROOT, "test-artifacts", "web-chat-site-"));
  await viteBuild({ configFile: join(ROOT, "examples/web-chat/vite.config.ts"), build: { outDir: join(OUT, "example"), emptyOutDir: true } });
  const flow = (path: string) => JSON.stringify(join(ROOT, "examples", path));
  const entry = [
    `import { mount } from ${JSON.stringify(join(FIXTURE, "page.ts"))};`,
    `import { LeadCaptureMachine } from ${flow("lead-capture/lead.flow")};`,
    `import { OnboardingMachine } from ${flow("company-policy/onboarding.flow")};`,
    `import { SupportMachine } from ${flow("company-policy/support.flow")};`,
    `import { VisitMachine } from ${JSON.stringify(join(FIXTURE, "visit.flow"))};`,
    `mount({ lead: LeadCaptureMachine, onboarding: OnboardingMachine, support: SupportMachine, visit: VisitMachine });`,
  ].join("\n");
  await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts", sourcefile: "test-page.ts" },
    outfile: join(OUT, "page.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
    plugins: [lawflowUnplugin.esbuild({ declarations: false }) as Plugin],
    alias: { "lawflow/runtime/chat": join(ROOT, "runtime/chat.ts"), "lawflow/runtime": join(ROOT, "runtime/index.ts"), "lawflow/widget": join(ROOT, "widget/index.ts") },
  });
  copyFileSync(join(FIXTURE, "index.html"), join(OUT, "index.html"));
  copyFileSync(join(ROOT, "examples/lead-capture/docs/notice.html"), join(OUT, "notice-lead.html"));
  copyFileSync(join(ROOT, "examples/lead-capture/docs/notice.html"), join(OUT, "notice-visit.html"));
  for (const name of ["onboarding", "support"]) copyFileSync(join(ROOT, `examples/company-policy/docs/notice-${name}.html`), join(OUT, `notice-${name}.html`));
  const { server, url } = await serveStatic(OUT);
  const close = async () => {
    await new Promise((done) => server.close(done));
    rmSync(OUT, { recursive: true, force: true });
  };
  return { server, url, close };
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
