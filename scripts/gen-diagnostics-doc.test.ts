import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOC_PATH, renderDiagnosticsDoc } from "./gen-diagnostics-doc.ts";
import { catalogue } from "../compiler/diagnostics/catalogue.ts";

describe("docs/diagnostics.md", () => {
  it("is generated from the catalogue and up to date (run `npx tsx scripts/gen-diagnostics-doc.ts`)", () => {
    expect(readFileSync(DOC_PATH, "utf8")).toBe(renderDiagnosticsDoc());
  });

  it("documents every code", () => {
    const doc = renderDiagnosticsDoc();
    for (const code of Object.keys(catalogue)) expect(doc).toContain(`### ${code} — `);
  });
});
