/**
 * Test helpers for the checks: parse a `.flow` snippet, build the program,
 * run the checks, and show each diagnostic as `CODE@line:col`.
 */
import { parseFlow } from "../syntax/parse.ts";
import { buildProgram } from "../program.ts";
import { positionAt, sourceFile } from "../source.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { runChecks } from "./index.ts";

/** A header that satisfies the declaration checks, for snippets that test something else. */
export const HEADER = `flow Test version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
`;

/** Parses and checks `text`; syntax errors fail the test (fixtures must parse). */
export function diagnose(text: string, path = "test.flow"): Diagnostic[] {
  const file = sourceFile(path, text);
  const parsed = parseFlow(file);
  if (parsed.diagnostics.length > 0) {
    throw new Error(`fixture does not parse:\n${parsed.diagnostics.map((d) => `${d.code} ${d.message} at ${d.span ? at(d) : "?"}`).join("\n")}`);
  }
  return runChecks(buildProgram(parsed.ast));
}

function at(d: Diagnostic): string {
  if (!d.span) return "?";
  const p = positionAt(d.span.file, d.span.start);
  return `${p.line}:${p.column}`;
}

/** Every diagnostic as `CODE@line:col`, in order. */
export function check(text: string): string[] {
  return diagnose(text).map((d) => `${d.code}@${at(d)}`);
}

/** The diagnostics of one code as `CODE@line:col`: `[]` for a passing neighbour. */
export function only(text: string, code: string): string[] {
  return check(text).filter((c) => c.startsWith(code + "@"));
}

/** The diagnostics of one code, whole (for asserting messages, hints and related places). */
export function detail(text: string, code: string): Diagnostic[] {
  return diagnose(text).filter((d) => d.code === code);
}

/** A related place as `line:col message`. */
export function notes(d: Diagnostic): string[] {
  return d.related.map((r) => {
    const p = positionAt(r.span.file, r.span.start);
    return `${p.line}:${p.column} ${r.message}`;
  });
}
