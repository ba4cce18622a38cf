/**
 * The SVG diagram of every example flow as Chromium draws it: each step's text
 * stays inside its box. Graphviz sizes boxes for Helvetica's widths; on a
 * system without Helvetica or a font of its widths (this machine's Chromium
 * has only DejaVu), the text spilled out of its box before the SVG named a
 * font as narrow. Screenshots go to test-artifacts/diagram/ to look at.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { renderDocument } from "../../compiler/documents/index.ts";
import { hasChromium, launchChromium } from "../support/chromium.ts";
import { programOf, EXAMPLE_FLOWS } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts", "diagram");

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasChromium)("the SVG diagram in a browser", () => {
  for (const flow of EXAMPLE_FLOWS) {
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

  it("opened on its own, the SVG is an image named after the flow and described by its summary, as Chromium exposes it", async () => {
    const svg = await renderDocument("graph", "svg", [programOf(join(ROOT, "examples", "lead-capture/lead.flow"))]);
    const file = join(ARTIFACTS, "lead-capture.svg");
    writeFileSync(file, svg);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { role?: { value: string }; name?: { value: string }; description?: { value: string }; ignored: boolean }[] };
    const images = nodes.filter((n) => !n.ignored && n.role?.value === "image");
    expect(images.map((n) => n.name?.value)).toEqual(["Flow diagram: LeadCapture 1.0.0"]);
    expect(images[0]!.description?.value).toMatch(/^LeadCapture 1\.0\.0, from start through 5 questions \(company, /);
    // Hovering a step shows its id and kind, not Graphviz's node name.
    expect(await page.evaluate(() => document.querySelector("g.node:nth-of-type(2) > title")?.textContent)).toBe("step company (ask)");
    await page.close();
  });
});
