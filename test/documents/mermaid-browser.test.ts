/**
 * A flow's Mermaid diagram drawn by real Mermaid 11 in Chromium, under
 * `securityLevel: "strict"`, as a Markdown viewer would draw it. Mermaid
 * reads `%%{init: …}%%` directives anywhere in a diagram's text, before it
 * parses labels; one in a step text could restyle the whole diagram (hide the
 * consent gates) and make the viewer fetch a `url(…)`. The step text must
 * come out as the label, word for word, and change nothing else. The same
 * directive written raw into the diagram shows the test can see an attack.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { compileSource } from "../../compiler/compile.ts";
import { flowDiagram } from "../../compiler/documents/flow-diagram.ts";
import { renderMermaid } from "../../compiler/documents/mermaid.ts";
import { hasChromium, launchChromium } from "../support/chromium.ts";

const require = createRequire(import.meta.url);
const MARKER = "lawflow-hijack-marker";
const DIRECTIVE = `%%{init: {'themeCSS': '.node { display: none; } .${MARKER} { background: url(http://attacker.invalid/leak.png); }'}}%%`;

/** A flow whose consent request (a step the diagram draws with its text) says `text`, braces escaped as an author writes them. */
const flowSaying = (text: string) => `flow Hijack version "1.0.0"
controller "Acme" contact "privacy@acme.example"

purpose news "Send you our newsletter" {
  basis consent
  needs email
  retain until withdrawn
}

field email: email "your email address"

consent news "${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[{}]/g, (c) => `\\${c}`)}"
  refused -> bye
ask email "Your email?" for news under consent
bye: end "Thanks!"
`;

let browser: Browser;
let page: Page;
const requested: string[] = [];

/** Draws `source` with Mermaid in the page: the SVG, its text and its style sheet. */
async function draw(source: string): Promise<{ svg: string; text: string; css: string }> {
  return page.evaluate(async (src) => {
    const mermaid = (globalThis as unknown as { mermaid: { initialize(c: object): void; render(id: string, s: string): Promise<{ svg: string }> } }).mermaid;
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    const { svg } = await mermaid.render(`d${Math.random().toString(36).slice(2)}`, src);
    const holder = document.createElement("div");
    holder.innerHTML = svg;
    document.body.append(holder);
    const text = holder.textContent ?? "";
    const css = Array.from(holder.querySelectorAll("style"), (s) => s.textContent).join("\n");
    return { svg, text, css };
  }, source);
}

describe.skipIf(!hasChromium)("a flow's Mermaid diagram in real Mermaid 11", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.route("**/*", (route) => {
      requested.push(route.request().url());
      return route.request().url().startsWith("http://lawflow.test/") ? route.fulfill({ contentType: "text/html", body: "<!doctype html><title>diagram</title><body></body>" }) : route.abort();
    });
    await page.goto("http://lawflow.test/");
    await page.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
    expect(await page.evaluate(() => typeof (globalThis as { mermaid?: unknown }).mermaid)).toBe("object");
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("draws a `%%{init…}%%` in a step text as the label it is, restyling nothing and fetching nothing", async () => {
    const result = compileSource(flowSaying(`Hello ${DIRECTIVE}`), "hijack.flow", { until: "check" });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const source = renderMermaid(flowDiagram(result.program!));
    expect(source).not.toContain("%%{");
    const drawn = await draw(source);
    // The label is the author's text, word for word.
    expect(drawn.text.replace(/\s+/g, " ")).toContain(`Hello ${DIRECTIVE}`.replace(/\s+/g, " "));
    // Nothing of it reached the style sheet, and the consent gate keeps its style.
    expect(drawn.css).not.toContain(MARKER);
    expect(drawn.css).not.toContain("attacker.invalid");
    expect(drawn.svg).toContain("consentGate");
    expect(requested.filter((u) => u.includes("attacker.invalid"))).toEqual([]);
  });

  it("would be restyled by the same directive written raw into the diagram (the check above can fail)", async () => {
    const result = compileSource(flowSaying("Hello"), "plain.flow", { until: "check" });
    const source = renderMermaid(flowDiagram(result.program!));
    const drawn = await draw(`${DIRECTIVE}\n${source}`);
    expect(drawn.css).toContain(MARKER);
  });
});
