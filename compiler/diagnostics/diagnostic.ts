import { catalogue, type DiagnosticCode, type Severity } from "./catalogue.ts";
import type { Span } from "../source.ts";

/** Another place involved in a diagnostic (e.g. a step on a path that skips consent). */
export interface RelatedPlace {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for problems that have no place (e.g. a file that does not exist). */
  readonly span?: Span;
  readonly related: readonly RelatedPlace[];
  readonly hint?: string;
  /** The file a place-less diagnostic is about. */
  readonly path?: string;
}

export interface DiagnosticInit {
  readonly span?: Span;
  readonly related?: readonly RelatedPlace[];
  readonly hint?: string;
  readonly path?: string;
}

/** Makes a diagnostic whose severity comes from the catalogue. */
export function diagnostic(code: DiagnosticCode, message: string, init: DiagnosticInit = {}): Diagnostic {
  return {
    code,
    severity: catalogue[code].severity,
    message,
    span: init.span,
    related: init.related ?? [],
    hint: init.hint,
    path: init.path ?? init.span?.file.path,
  };
}

/** Sorts by file, then position, then code, so output is stable whatever order passes ran in. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const pa = a.path ?? "";
    const pb = b.path ?? "";
    if (pa !== pb) return pa < pb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
