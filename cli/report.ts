/**
 * Printing the results of a command, as text for people or as JSON for tools.
 * Both go to stdout (like `tsc`), so `lawflow check x.flow > report.txt`
 * captures them; stderr is for usage errors.
 */
import { diagnosticToJson, palette, renderDiagnostic, type Diagnostic } from "../compiler/diagnostics/index.ts";
import type { CliContext } from "./context.ts";

export type Format = "text" | "json";
export const FORMATS: readonly Format[] = ["text", "json"];

/** One input file and what became of it. */
export interface FileReport {
  readonly input: string;
  /** The file written, when one was. */
  readonly output?: string;
  readonly errors: number;
  readonly warnings: number;
}

/** The same problem reported twice (a policy file used by two inputs) is shown once. */
export function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}\u0000${d.path ?? ""}\u0000${d.span?.start ?? -1}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function counts(list: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = list.filter((d) => d.severity === "error").length;
  return { errors, warnings: list.length - errors };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * A diagnostic with a place gets the full treatment (location, code frame,
 * notes); one without a place — a file that cannot be read or written — is
 * one line that says what is wrong and what to do.
 */
export function renderText(list: readonly Diagnostic[], color: boolean): string {
  const paint = palette(color);
  return list
    .map((d) => {
      if (d.span) return renderDiagnostic(d, { color });
      const head = paint.severity(d.severity, `${d.severity}[${d.code}]`);
      return `${head}: ${d.message}${d.hint ? ` — ${d.hint}` : ""}`;
    })
    .join("\n\n");
}

export interface Report {
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly FileReport[];
  /** Lines shown after the diagnostics in text format (e.g. the files written). */
  readonly notes?: readonly string[];
}

export function printReport(ctx: CliContext, format: Format, report: Report, color: boolean): void {
  if (format === "json") {
    const json = { diagnostics: report.diagnostics.map(diagnosticToJson), files: report.files };
    ctx.stdout.write(JSON.stringify(json, null, 2) + "\n");
    return;
  }
  const parts: string[] = [];
  if (report.diagnostics.length > 0) {
    parts.push(renderText(report.diagnostics, color));
    const { errors, warnings } = counts(report.diagnostics);
    // A lone one-line problem (a missing file) needs no summary under it.
    if (report.diagnostics.length > 1 || report.diagnostics[0]!.span) parts.push(`${plural(errors, "error")}, ${plural(warnings, "warning")}`);
  }
  if (report.notes?.length) parts.push(report.notes.join("\n"));
  if (parts.length > 0) ctx.stdout.write(parts.join("\n\n") + "\n");
}
