/**
 * Golden output: each flow's compiled module is checked in beside it and
 * regenerated here through the real pipeline. A difference fails with a
 * diff; `UPDATE_GOLDEN=1 npx vitest run test/golden` rewrites the files.
 * Each module is also exactly what Prettier prints for it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { compileFile, describeDiagnostics, goldenFlows, root } from "./pipeline.ts";

describe.each(goldenFlows.map((f) => [f.slice(root.length + 1), f]))("%s", (_name, flow) => {
  const compiled = compileFile(flow);

  it("compiles without diagnostics", () => {
    expect(describeDiagnostics(compiled.diagnostics)).toBe("");
  });

  it("matches its checked-in module", () => {
    const golden = `${flow}.ts`;
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, compiled.typescript!);
    expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(compiled.typescript).toBe(readFileSync(golden, "utf8"));
  });

  it("is exactly what Prettier prints", async () => {
    expect(await prettier.format(compiled.typescript!, { parser: "typescript" })).toBe(compiled.typescript);
  });
});
