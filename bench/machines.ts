/**
 * The machines and modules the benchmarks run, compiled by the real pipeline
 * (compiler/compile.ts). For generated flows the checks can be left out: the
 * generator's own test proves its flows compile cleanly, and the runtime and
 * type benchmarks should not wait on the checker — then the same phases run
 * here one by one, without `check`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSource } from "../compiler/compile.ts";
import { emitTypeScript } from "../compiler/codegen/index.ts";
import { noticeStamp } from "../compiler/documents/stamp.ts";
import { loadProgram } from "../compiler/load.ts";
import { lower } from "../compiler/lower.ts";
import { buildProgram } from "../compiler/program.ts";
import type { MachineDefinition } from "../runtime/machine.ts";
import { ROOT } from "./size.ts";

export interface Compiled {
  readonly machine: MachineDefinition;
  readonly typescript: string;
}

const noFiles = () => {
  throw Object.assign(new Error("no files"), { code: "ENOENT" });
};

export function compileForBench(text: string, path: string, options: { check?: boolean; runtimeImport?: string } = {}): Compiled {
  const fail = (messages: readonly string[]) => new Error(`${path} does not compile: ${messages.join("; ")}`);
  if (options.check !== false) {
    const r = compileSource(text, path, { read: noFiles, runtimeImport: options.runtimeImport });
    if (!r.machine || !r.typescript) throw fail(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`));
    return { machine: r.machine, typescript: r.typescript };
  }
  const loaded = loadProgram(path, noFiles, text);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (!loaded.main || errors.length > 0) throw fail(errors.map((d) => `${d.code} ${d.message}`));
  const program = buildProgram(loaded.main.ast, loaded.used.map((f) => f.ast));
  const machine = lower(program, noticeStamp(program));
  return { machine, typescript: emitTypeScript(machine, { runtimeImport: options.runtimeImport, sourcePath: path }) };
}

export const LEAD_PATH = "examples/lead-capture/lead.flow";

export function leadSource(): string {
  return readFileSync(join(ROOT, LEAD_PATH), "utf8");
}
