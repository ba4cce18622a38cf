/**
 * The SVG diagram of every example flow as Chromium draws it: each step's text
 * stays inside its box. Graphviz sizes boxes for Helvetica's widths; on a
 * system without Helvetica or a font of its widths (this machine's Chromium
 * has only DejaVu), the text spilled out of its box before the SVG named a
 * font as narrow. Screenshots go to test-artifacts/diagram/ to look at.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { renderDocument } from "../../compiler/documents/index.ts";
import { hasChromium, launchChromium } from "../support/chromium.ts";
import { programOf } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts", "diagram");
const FLOWS = ["lead-capture/lead.flow", "shop/shop.flow", "recruitment/recruitment.flow", "order-loop/order.flow", "company-policy/onboarding.flow", "company-policy/support.flow"];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasChromium)("the SVG diagram in a browser", () => {
  for (const flow of FLOWS) {
    it(`${flow}: every step's text inside its box`, async () => {
      const svg = await renderDocument("graph", "svg", [programOf(join(ROOT, "examples", flow))]);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.setContent(svg);
      await page.screenshot({ path: join(ARTIFACTS, `${flow.replace(/\.flow$/, "").replace("/", "-")}.png`) });
      const spilled = await page.evaluate(() => {
        const out: string[] = [];
        for (const node of Array.from(document.querySelectorAll("g.node"))) {
          // The box is the node's outermost shape (an end step has two borders).
          const shapes = Array.from(node.querySelectorAll("path, polygon, ellipse"), (s) => s.getBoundingClientRect());
          const box = { left: Math.min(...shapes.map((r) => r.left)), right: Math.max(...shapes.map((r) => r.right)) };
          for (const text of Array.from(node.querySelectorAll("text"))) {
            const r = text.getBoundingClientRect();
            if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(`${text.textContent}: ${Math.round(r.left)}…${Math.round(r.right)} outside ${Math.round(box.left)}…${Math.round(box.right)}`);
          }
        }
        return out;
      });
      expect(spilled).toEqual([]);
      await page.close();
    });
  }
});
