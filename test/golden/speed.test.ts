/**
 * Emission is linear. Measures parse, checks, lowering and emission of a
 * generated 10,000-line flow and prints the times; asserts only a generous
 * bound on emission so a loaded machine does not fail the test.
 */
import { describe, expect, it } from "vitest";
import { runChecks } from "../../compiler/checks/index.ts";
import { emitTypeScript } from "../../compiler/codegen/index.ts";
import { lower } from "../../compiler/lower.ts";
import { parseFlow } from "../../compiler/parse.ts";
import { buildProgram } from "../../compiler/program.ts";
import { sourceFile } from "../../compiler/source.ts";

/** A valid flow of about `lines` lines: fields, asks with branches, says and conditions. */
export function generatedFlow(lines: number): string {
  const n = Math.floor(lines / 5);
  const out = [`flow Generated version "1.0.0"`, `controller "C" contact "c@example.test"`];
  out.push(`purpose p "Why we ask" { basis contract  needs ${Array.from({ length: n }, (_, i) => `f${i}`).join(", ")}  retain 30 days }`);
  for (let i = 0; i < n; i++) out.push(`field f${i}: choice(a "Option A", b "Option B", c "Option C") "field number ${i}"`);
  for (let i = 0; i < n; i++) {
    out.push(`s${i}: say "Step ${i} of ${n}: \\"quoted\\" text, é, and {f${Math.max(0, i - 1)}}."`.replace(`{f0}`, i === 0 ? "nothing" : `{f0}`));
    out.push(`ask f${i} "Question ${i}: which option do you prefer?" for p under contract`);
    out.push(`  when c -> ${i + 1 < n ? `s${i + 1}` : "done"}`);
    out.push(`if f${i} == a -> ${i + 1 < n ? `s${i + 1}` : "done"}`);
  }
  out.push(`done: end "Thanks, {f0}."`);
  return out.join("\n") + "\n";
}

describe("speed", () => {
  it("emits a 10,000-line flow quickly", () => {
    const text = generatedFlow(10_000);
    const t0 = performance.now();
    const parsed = parseFlow(sourceFile("generated.flow", text));
    const t1 = performance.now();
    const program = buildProgram(parsed.ast);
    const errors = [...parsed.diagnostics, ...runChecks(program)].filter((d) => d.severity === "error");
    const t2 = performance.now();
    expect(errors.map((d) => `${d.code} ${d.message}`).slice(0, 3)).toEqual([]);
    const machine = lower(program);
    const t3 = performance.now();
    const module = emitTypeScript(machine, { sourcePath: "generated.flow" });
    const t4 = performance.now();
    emitTypeScript(machine, { sourcePath: "generated.flow" });
    const t5 = performance.now();
    const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
    console.log(
      `${text.split("\n").length - 1} flow lines → ${machine.nodes.length} nodes → ${module.split("\n").length - 1} module lines; ` +
        `parse ${ms(t0, t1)}, checks ${ms(t1, t2)}, lower ${ms(t2, t3)}, emit ${ms(t3, t4)} (again: ${ms(t4, t5)})`,
    );
    // About 2–3 s on a loaded two-core box (85,700 module lines); a quadratic step would take minutes.
    expect(t5 - t4).toBeLessThan(30_000);
  });
});
