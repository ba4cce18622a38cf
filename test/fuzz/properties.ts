/**
 * What must hold for any input to the compiler: it returns (never throws),
 * every problem is a catalogued diagnostic with a place inside the file, no
 * problem is an internal error, diagnostics render, and a file with errors
 * yields no machine and no code.
 */
import { catalogue } from "../../compiler/diagnostics/catalogue.ts";
import { renderDiagnostics, diagnosticToJson } from "../../compiler/diagnostics/render.ts";
import { compileSource } from "../../compiler/compile.ts";

export interface Verdict {
  readonly ok: boolean;
  readonly problem?: string;
}

export function judgeCompile(text: string): Verdict {
  let result;
  try {
    result = compileSource(text, "fuzz.flow");
  } catch (e) {
    return { ok: false, problem: `compileSource threw: ${(e as Error)?.stack ?? String(e)}` };
  }
  for (const d of result.diagnostics) {
    if (!(d.code in catalogue)) return { ok: false, problem: `uncatalogued code ${d.code}` };
    if (d.code === "LF900") return { ok: false, problem: `internal error: ${d.message}` };
    if (d.span) {
      const len = d.span.file.text.length;
      if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= len))
        return { ok: false, problem: `${d.code} span ${d.span.start}..${d.span.end} outside 0..${len}` };
    }
  }
  try {
    renderDiagnostics(result.diagnostics);
    result.diagnostics.map(diagnosticToJson).forEach((j) => JSON.stringify(j));
  } catch (e) {
    return { ok: false, problem: `rendering threw: ${String(e)}` };
  }
  const hasError = result.diagnostics.some((d) => d.severity === "error");
  if (hasError && (result.machine !== undefined || result.typescript !== undefined))
    return { ok: false, problem: "output produced despite errors" };
  if (!hasError && result.typescript === undefined) return { ok: false, problem: "no output and no error" };
  return { ok: true };
}
