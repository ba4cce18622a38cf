/**
 * The benchmark's flow generator makes valid flows: every size and seed
 * compiles with no diagnostics at all (no errors, no warnings), and the
 * same options always give the same text. Other tests (fuzzing, runtime
 * properties) reuse the generator, so its validity is pinned here.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFlow } from "../../bench/generate-flow.ts";
import { ROOT } from "../../bench/size.ts";

const compilerReady = ["compiler/syntax/parse.ts", "compiler/checks/index.ts", "compiler/lower.ts", "compiler/codegen/index.ts", "compiler/compile.ts"].every((f) =>
  existsSync(join(ROOT, f)),
);

const lines = (text: string) => text.split("\n").length - 1;
const steps = (text: string) => text.split("\n").filter((l) => /^(say|ask|consent|if|goto|end) /.test(l)).length;

describe("generateFlow", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(generateFlow({ lines: 500, seed: 3 })).toBe(generateFlow({ lines: 500, seed: 3 }));
    expect(generateFlow({ lines: 500, seed: 3 })).not.toBe(generateFlow({ lines: 500, seed: 4 }));
  });

  it("hits the requested number of lines or steps exactly", () => {
    for (const n of [60, 200, 1000, 10_000]) expect(lines(generateFlow({ lines: n, seed: n }))).toBe(n);
    for (const n of [20, 100, 1000]) expect(steps(generateFlow({ steps: n, seed: n }))).toBe(n);
  });

  it("uses every basis, every field type, and every kind of step", () => {
    const text = generateFlow({ lines: 1000, seed: 11 });
    for (const basis of ["consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"]) expect(text).toContain(`basis ${basis}`);
    for (const type of [": text(", ": email", ": phone", ": integer(", ": number(", ": yesno", ": date", ": choice("]) expect(text).toContain(type);
    for (const step of ["\nsay ", "\nask ", "\nconsent ", "\nif ", "\ngoto ", "\nend ", "\n  when ", "\n  optional", "\n  retry ", "\n  refused -> ", " special health"])
      expect(text).toContain(step);
  });

  describe.skipIf(!compilerReady)("compiles cleanly", () => {
    const cases: [string, Parameters<typeof generateFlow>[0]][] = [
      ["200 lines, seed 1", { lines: 200, seed: 1 }],
      ["1,000 lines, seed 2", { lines: 1000, seed: 2 }],
      ["300 steps, seed 3", { steps: 300, seed: 3 }],
      ["tiny (40 lines), seed 4", { lines: 40, seed: 4 }],
      ...[5, 6, 7, 8, 9, 10].map((seed): [string, Parameters<typeof generateFlow>[0]] => [`300 lines, seed ${seed}`, { lines: 300, seed }]),
    ];
    // Sizes stay at or under 1,000 lines so the suite stays fast; the benchmark compiles 10,000 and 100,000.
    it.each(cases)("%s", { timeout: 60_000 }, async (_name, options) => {
      const { compileSource } = await import("../../compiler/compile.ts");
      const result = compileSource(generateFlow(options), "generated.flow");
      const shown = result.diagnostics.map((d) => `${d.code} ${d.message}`);
      expect(shown).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.typescript).toBeTypeOf("string");
    });
  });
});
