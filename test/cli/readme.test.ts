/**
 * The README's examples are tests: the first flow in it compiles, and
 * deleting its consent step gives the error the README shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.ts";
import { renderDiagnostics } from "../../compiler/diagnostics/render.ts";
import { buildNotice } from "../../compiler/documents/notice.ts";
import { modelOf } from "../documents/helpers.ts";
import { ROOT } from "./helpers.ts";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2]! }));

describe("README", () => {
  const flow = blocks.find((b) => b.text.startsWith("flow "))!.text;

  it("shows a flow that compiles without a diagnostic", () => {
    const r = compileSource(flow, "support.flow");
    expect(r.diagnostics).toEqual([]);
    expect(r.typescript).toContain("startSupport");
  });

  it("declares its newsletter direct marketing, so its notice presents the right to object to it (Art. 21(2)–(4))", () => {
    const notice = buildNotice(modelOf({ "support.flow": flow }, "support.flow"));
    const section = notice.content.sections.find((s) => s.id === "direct_marketing")!;
    expect(section.status).toBe("declared");
    expect(JSON.stringify(section.blocks)).toContain("Email you our monthly newsletter");
  });

  it("shows the error that deleting the consent step gives", () => {
    const lines = flow.split("\n");
    const consent = lines.findIndex((l) => l.startsWith("consent "));
    lines.splice(consent, 1);
    const r = compileSource(lines.join("\n"), "support.flow");
    const shown = blocks.find((b) => b.text.startsWith("error[LF310]"))!.text.trimEnd();
    expect(renderDiagnostics(r.diagnostics)).toContain(shown);
  });

  it("lists every registered command in its Commands table", () => {
    const help = readFileSync(join(ROOT, "cli/main.ts"), "utf8");
    const registered = [...help.matchAll(/^\s+register(\w+),$/gm)].map((m) => m[1]!.toLowerCase());
    expect(registered.length).toBeGreaterThan(0);
    for (const name of registered) expect(readme).toContain(`| \`lawflow ${name} `);
  });
});
