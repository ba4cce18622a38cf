/**
 * A generated 10,000-line flow goes through the whole pipeline: every node
 * of its machine is a record of the module, and emitting is deterministic.
 */
import { describe, expect, it } from "vitest";
import { runChecks } from "../../compiler/checks/index.ts";
import { emitTypeScript } from "../../compiler/codegen/index.ts";
import { lower } from "../../compiler/lower.ts";
import { parseFlow } from "../../compiler/syntax/parse.ts";
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

describe("a large flow", () => {
  // How fast this is, and how it grows with the flow, is measured by `npm run bench` (bench/compiler.ts), not asserted here.
  it("compiles to one record per node, the same text each time", () => {
    const text = generatedFlow(10_000);
    const parsed = parseFlow(sourceFile("generated.flow", text));
    const program = buildProgram(parsed.ast);
    const errors = [...parsed.diagnostics, ...runChecks(program)].filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.code} ${d.message}`).slice(0, 3)).toEqual([]);
    const machine = lower(program);
    const module = emitTypeScript(machine, { sourcePath: "generated.flow" });
    expect(module.match(/^ {6}kind: "(say|branch|ask|consent|end)",$/gm)).toHaveLength(machine.nodes.length);
    expect(emitTypeScript(machine, { sourcePath: "generated.flow" })).toBe(module);
  });
});
