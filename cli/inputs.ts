/**
 * The compile loop every command shares: each input compiled once (a file
 * named twice, even spelt two ways — `a.flow` and `./a.flow` — is one input), through the public compiler API, loaded only
 * when a command runs so that `lawflow --help` stays instant.
 */
import { resolve } from "node:path";
import type { CompileOptions, CompileResult, Diagnostic } from "../compiler/index.ts";
import { counts, dedupe, type FileReport } from "./report.ts";

export interface CompiledInput {
  readonly input: string;
  readonly result: CompileResult;
}

export interface CompiledInputs {
  readonly results: readonly CompiledInput[];
  /** Every input's diagnostics, a problem two inputs share (a policy file both use) once. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The files named, each once, as first spelt: `src/*.flow src/lead.flow` from a shell names `src/lead.flow` twice. */
export function distinctInputs(files: readonly string[]): string[] {
  const seen = new Set<string>();
  return files.filter((file) => !seen.has(resolve(file)) && !!seen.add(resolve(file)));
}

export async function compileInputs(files: readonly string[], optionsFor: (input: string) => CompileOptions): Promise<CompiledInputs> {
  const { compileFile } = await import("../compiler/index.ts");
  const results = distinctInputs(files).map((input) => ({ input, result: compileFile(input, optionsFor(input)) }));
  return { results, diagnostics: dedupe(results.flatMap((r) => r.result.diagnostics)) };
}

/** What became of each input, for the report: its counts, and the file written when `output` says one was. */
export function fileReports(results: readonly CompiledInput[], output?: (r: CompiledInput) => string | undefined): FileReport[] {
  return results.map((r) => {
    const written = output?.(r);
    return { input: r.input, ...(written !== undefined ? { output: written } : {}), ...counts(r.result.diagnostics) };
  });
}
