/**
 * Code generation against Prettier: the generated module is laid out by
 * Prettier's own document printer (compiler/codegen/doc.ts), and the other
 * way to get exactly that text would be to write the code any way and let
 * `prettier.format` lay it out. Both run here on the same machine, round by
 * round in one process, with `JSON.stringify(machine, null, 2)` as the floor
 * (the data printed with no layout decisions and no types).
 */
import * as prettier from "prettier";
import { emitTypeScript } from "../compiler/codegen/index.ts";
import { compileForBench } from "./machines.ts";
import { generateFlow } from "./generate-flow.ts";
import { now, summarize, type Summary } from "./stats.ts";

export interface CodegenResult {
  readonly lines: number;
  readonly moduleLines: number;
  readonly emitMs: Summary;
  readonly prettierFormatMs: Summary;
  readonly jsonFloorMs: Summary;
  /** Median prettier.format ÷ median emitTypeScript. */
  readonly prettierOverEmit: number;
  /** Median emitTypeScript ÷ median JSON.stringify. */
  readonly emitOverJson: number;
}

export async function codegenAgainstPrettier(lines: number, rounds: number): Promise<CodegenResult> {
  const { machine } = compileForBench(generateFlow({ lines, seed: 1 }), "generated.flow", { check: false });
  const module = emitTypeScript(machine);
  const emit: number[] = [];
  const format: number[] = [];
  const json: number[] = [];
  for (let i = -2; i < rounds; i++) {
    let t0 = now();
    emitTypeScript(machine);
    const e = now() - t0;
    t0 = now();
    await prettier.format(module, { parser: "typescript" });
    const f = now() - t0;
    t0 = now();
    JSON.stringify(machine, null, 2);
    const j = now() - t0;
    // Two warm-up rounds first.
    if (i >= 0) emit.push(e), format.push(f), json.push(j);
  }
  const emitMs = summarize(emit);
  const prettierFormatMs = summarize(format);
  const jsonFloorMs = summarize(json);
  return {
    lines,
    moduleLines: module.split("\n").length - 1,
    emitMs,
    prettierFormatMs,
    jsonFloorMs,
    prettierOverEmit: prettierFormatMs.median / emitMs.median,
    emitOverJson: emitMs.median / jsonFloorMs.median,
  };
}
