/**
 * The machines and modules the benchmarks run, compiled by the real pipeline
 * (compiler/compile.ts `phases`). For generated flows the `check` phase can
 * be left out: the generator's own test proves its flows compile cleanly, and
 * the runtime and type benchmarks should not wait on the checker.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { phases, type CompileState } from "../compiler/compile.ts";
import type { MachineDefinition } from "../runtime/machine.ts";
import { ROOT } from "./size.ts";

export interface Compiled {
  readonly machine: MachineDefinition;
  readonly typescript: string;
}

export function compileForBench(text: string, path: string, options: { check?: boolean; runtimeImport?: string } = {}): Compiled {
  const state: CompileState = {
    path,
    text,
    read: () => {
      throw Object.assign(new Error("no files"), { code: "ENOENT" });
    },
    options: { runtimeImport: options.runtimeImport },
    diagnostics: [],
  };
  for (const phase of phases) {
    if (phase.name === "check" && options.check === false) continue;
    phase.run(state);
    const errors = state.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(`${path} does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  }
  return { machine: state.machine!, typescript: state.typescript! };
}

export const LEAD_PATH = "examples/lead-capture/lead.flow";

export function leadSource(): string {
  return readFileSync(join(ROOT, LEAD_PATH), "utf8");
}
