/**
 * The real pipeline, for golden tests: compiler/compile.ts (load and parse →
 * buildProgram → runChecks → lower, stamped with the privacy notice → emit),
 * with the header naming the flow as `lawflow compile` does when the module
 * is written beside it — so the checked-in module is what the CLI writes.
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { compileFile as compile } from "../../compiler/compile.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import type { MachineDefinition } from "../../runtime/machine.ts";

export interface Compiled {
  readonly diagnostics: readonly Diagnostic[];
  readonly machine?: MachineDefinition;
  readonly typescript?: string;
}

export function compileFile(path: string): Compiled {
  const result = compile(path, { sourcePath: basename(path) });
  return {
    diagnostics: result.diagnostics,
    ...(result.machine ? { machine: result.machine } : {}),
    ...(result.typescript ? { typescript: result.typescript } : {}),
  };
}

export const describeDiagnostics = (list: readonly Diagnostic[]) => list.map((d) => `${d.code} ${d.message}`).join("\n");

export const root = join(import.meta.dirname, "..", "..");

/** The flows whose compiled modules are checked in: the lead-capture example and test/golden/*.flow. */
export const goldenFlows: readonly string[] = [
  join(root, "examples/lead-capture/lead.flow"),
  ...readdirSync(join(root, "test/golden"))
    .filter((f) => f.endsWith(".flow"))
    .sort()
    .map((f) => join(root, "test/golden", f)),
];
