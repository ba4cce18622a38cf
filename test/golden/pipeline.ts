/**
 * The real pipeline, for golden tests: parse → buildProgram → runChecks →
 * lower → emit. A flow with an error diagnostic is not lowered.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { runChecks } from "../../compiler/checks/index.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { emitTypeScript } from "../../compiler/emit/typescript.ts";
import { lower } from "../../compiler/lower.ts";
import { parseFlow } from "../../compiler/parse.ts";
import { buildProgram } from "../../compiler/program.ts";
import { sourceFile } from "../../compiler/source.ts";
import type { MachineDefinition } from "../../runtime/machine.ts";

export interface Compiled {
  readonly diagnostics: readonly Diagnostic[];
  readonly machine?: MachineDefinition;
  readonly typescript?: string;
}

export function compileSource(path: string, text: string, runtimeImport?: string): Compiled {
  const parsed = parseFlow(sourceFile(path, text));
  const program = buildProgram(parsed.ast);
  const diagnostics = [...parsed.diagnostics, ...(parsed.diagnostics.some((d) => d.severity === "error") ? [] : runChecks(program))];
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const machine = lower(program);
  const typescript = emitTypeScript(machine, { sourcePath: basename(path), ...(runtimeImport ? { runtimeImport } : {}) });
  return { diagnostics, machine, typescript };
}

export function compileFile(path: string): Compiled {
  return compileSource(path, readFileSync(path, "utf8"));
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
