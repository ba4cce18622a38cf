/**
 * The privacy notice of every example flow as a person reads it: in Chromium,
 * on a phone and a desktop, at 200% zoom, in dark mode and printed. axe-core
 * (WCAG 2.2 AA and best practice) finds nothing, nothing reaches past the
 * viewport, and a keyboard reaches every link — the contents, each leading to
 * its section, and the address to write to. Screenshots go to
 * test-artifacts/notice/ to look at.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { renderDocument } from "../../compiler/documents/index.ts";
import { hasChromium, launchChromium } from "../support/chromium.ts";
import { programOf, EXAMPLE_FLOWS } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts", "notice");
const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/** A phone of 390 px and 320 px at 200% zoom (195 and 160 CSS px), a tablet and a desktop. */
const VIEWS = [
  { name: "320-zoom200", width: 160, height: 400, scale: 2 },
  { name: "390-zoom200", width: 195, height: 400, scale: 2 },
  { name: "768", width: 768, height: 1024, scale: 1 },
  { name: "1280-dark", width: 1280, height: 800, scale: 1, dark: true },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function open(html: string, view: (typeof VIEWS)[number]): Promise<Page> {
  // bypassCSP only to inject axe-core: the page's own policy forbids every script.
  const context = await browser.newContext({ viewport: { width: view.width, height: view.height }, deviceScaleFactor: view.scale, colorScheme: view.dark ? "dark" : "light", bypassCSP: true });
  const page = await context.newPage();
  await page.setContent(html);
  return page;
}

/** axe-core violations, and every element or line of text that reaches past the viewport. */
async function problems(page: Page): Promise<{ axe: string[]; wide: string[] }> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] }, resultTypes: ["violations"] });
    const width = document.documentElement.clientWidth;
    const wide: string[] = [];
    const text = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = text.nextNode(); node; node = text.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if (Array.from(range.getClientRects()).some((r) => r.right > width + 0.5 || r.left < -0.5)) wide.push(`${node.parentElement!.tagName}: ${node.textContent!.slice(0, 60)}`);
    }
    if (document.documentElement.scrollWidth > width) wide.push(`the page scrolls sideways to ${document.documentElement.scrollWidth}px of ${width}`);
    return { axe: result.violations.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`), wide };
  });
}

describe.skipIf(!hasChromium)("the privacy notice in a browser", () => {
  for (const flow of EXAMPLE_FLOWS) {
    const name = flow.replace(/\.flow$/, "").replace("/", "-");
    it(`${flow}: accessible and within the viewport on a phone at 200% zoom, a tablet, a desktop in dark mode, and printed`, async () => {
      const html = await renderDocument("notice", "html", [programOf(join(ROOT, "examples", flow))]);
      for (const view of VIEWS) {
        const page = await open(html, view);
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${view.name}.png`) });
        expect(await problems(page), `${flow} at ${view.name}`).toEqual({ axe: [], wide: [] });
        if (view.name === "768") {
          await page.emulateMedia({ media: "print" });
          await page.screenshot({ path: join(ARTIFACTS, `${name}-print.png`), fullPage: true });
          expect(await page.locator("nav").isVisible(), "the contents' links do nothing on paper").toBe(false);
          expect((await problems(page)).wide, `${flow} printed`).toEqual([]);
        }
        await page.context().close();
      }
    });

    it(`${flow}: a keyboard reaches each section from the contents, and the address to write to`, async () => {
      const html = await renderDocument("notice", "html", [programOf(join(ROOT, "examples", flow))]);
      const page = await open(html, VIEWS[2]!);
      const links = await page.locator("a").count();
      const headings = await page.locator("main h2").allTextContents();
      expect(headings).toHaveLength(13);
      // Tab through the whole page: every link in order, each with a visible outline.
      const reached: { text: string; href: string; outline: string }[] = [];
      for (let i = 0; i < links; i++) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => {
          const a = document.activeElement;
          return a instanceof HTMLAnchorElement ? { text: a.textContent!, href: a.getAttribute("href")!, outline: getComputedStyle(a).outlineStyle } : null;
        });
        if (focused) reached.push(focused);
      }
      expect(reached).toHaveLength(links);
      expect(reached.slice(0, 13).map((r) => r.text)).toEqual(headings);
      for (const r of reached) expect(r.outline, `focus on "${r.text}" is visible`).not.toBe("none");
      // The controller's address, where the notice says to write, is a mailto: link.
      const contact = await page.locator('section[aria-labelledby="s-controller"] a').first().textContent();
      expect(contact).toMatch(/@/);
      expect(reached).toContainEqual(expect.objectContaining({ text: contact, href: `mailto:${contact}` }));
      // Enter on "Your rights" brings that section to the top of the screen.
      await page.locator('nav a[href="#s-rights"]').focus();
      await page.screenshot({ path: join(ARTIFACTS, `${name}-focus.png`) });
      await page.keyboard.press("Enter");
      const top = await page.locator("#s-rights").evaluate((h) => h.getBoundingClientRect().top);
      expect(Math.abs(top)).toBeLessThan(40);
      await page.context().close();
    });
  }
});
