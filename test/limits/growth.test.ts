/**
 * An editor never waits on a hostile file. For each family of hostile input
 * (test/limits/families.ts) the compiler's work at size 2n is compared with
 * its work at size n, side by side in this process: cost that grows as
 * n log n about doubles, cost that grows as n² quadruples. Work is measured
 * as CPU time, the best of three runs, so a busy machine slows both sizes
 * alike; there is no time limit, only the ratio, and a ratio over the
 * limit is measured again (at most three rounds, the lowest counts).
 */
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.ts";
import { renderDot } from "../../compiler/documents/dot.ts";
import { flowDiagram } from "../../compiler/documents/flow-diagram.ts";
import { renderMermaid } from "../../compiler/documents/mermaid.ts";
import { families, generatedFlowFamily, readerFor, type Family } from "./families.ts";

/** Doubling the input may cost at most this much more: n log n gives about 2.2, n² gives 4. */
const MAX_GROWTH = 3;

function work(family: Family, n: number): { ms: number; codes: string[] } {
  const input = family.make(n);
  let codes: string[] = [];
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const before = process.cpuUsage();
    const result = compileSource(input.text, "hostile.flow", { read: readerFor(input), until: "check" });
    if (family.run === "graph" && result.ok && result.program) {
      const diagram = flowDiagram(result.program);
      renderMermaid(diagram);
      renderDot(diagram);
    }
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
    codes = [...new Set(result.diagnostics.map((d) => d.code))];
  }
  return { ms: best, codes };
}

describe("hostile input grows at most as n log n", () => {
  it.each([...families, generatedFlowFamily].map((f) => [f.name, f] as const))("%s", (_, family) => {
    work(family, Math.max(1, family.measured >> 3)); // warm up: compile the code paths first
    // A pause of the whole process (a collection, another job on a shared
    // core) can land on one size only, so a ratio over the limit is measured
    // again: quadratic cost stays near 4 on every round, noise does not.
    let growth = Infinity;
    let detail = "";
    for (let round = 0; round < 3 && growth >= MAX_GROWTH; round++) {
      const small = work(family, family.measured);
      const large = work(family, family.measured * 2);
      // A hostile input is a diagnostic (or nothing), never an internal error.
      expect(large.codes).not.toContain("LF900");
      expect(small.codes).not.toContain("LF900");
      const ratio = large.ms / Math.max(small.ms, 1);
      if (ratio < growth) {
        growth = ratio;
        detail = `${small.ms.toFixed(1)} ms at n = ${family.measured}, ${large.ms.toFixed(1)} ms at 2n`;
      }
    }
    expect(growth, detail).toBeLessThan(MAX_GROWTH);
  });
});
