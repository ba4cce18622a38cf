/**
 * The bench generator builds flows that are valid by construction (consent
 * before collection, minimisation, no consent wall …). The checks must agree
 * — any diagnostic here is a false positive — and must stay near-linear.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateFlow } from "../../bench/generate-flow.ts";
import { parseFlow } from "../syntax/parse.ts";
import { buildProgram } from "../program.ts";
import { sourceFile } from "../source.ts";
import { runChecks } from "./index.ts";

const programOf = (text: string) => buildProgram(parseFlow(sourceFile("generated.flow", text)).ast);

describe("generated valid flows", () => {
  it("check with no diagnostics", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 60, max: 600 }), (seed, lines) => {
        const found = runChecks(programOf(generateFlow({ seed, lines })));
        expect(found.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it("a 10,000-line flow checks in well under a few seconds", () => {
    const program = programOf(generateFlow({ seed: 7, lines: 10_000 }));
    const start = performance.now();
    expect(runChecks(program)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
