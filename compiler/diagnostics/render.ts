/**
 * Renders diagnostics the way a good compiler does:
 *
 *   error[LF302]: `email` is collected for `newsletter` under consent, but …
 *     --> lead.flow:27:1
 *      |
 *   27 | ask email "What's your email address?" for quote under contract, …
 *      | ^^^^^^^^^
 *      = note: reached without consent along this path
 *     --> lead.flow:20:1
 *      = hint: put `consent newsletter "…"` before it on every path
 */
import { palette } from "./colour.ts";
import type { Diagnostic } from "./diagnostic.ts";
import { lineText, positionAt, type Span } from "../source.ts";

export interface RenderOptions {
  /** Wrap severity and carets in ANSI colours. */
  readonly color?: boolean;
}

export function location(span: Span): string {
  const { line, column } = positionAt(span.file, span.start);
  return `${span.file.path}:${line}:${column}`;
}

/** Tabs become spaces in the frame so carets line up. Control characters are shown as `�`. */
function printable(line: string): string {
  return line.replace(/\t/g, "    ").replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, "\ufffd");
}

/**
 * The columns `text` takes in a terminal, so carets line up under text that
 * is not ASCII: a combining accent (`é` typed as `e` + U+0301) or a joiner
 * takes none, a CJK character, a full-width form or an emoji takes two, and
 * any other character one, whether it is one UTF-16 unit or two (`𝒜`).
 * The `file:line:col` above stays in UTF-16 units, as editors count.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (ZERO_WIDTH.test(ch)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;
const WIDE =
  /^[\p{Emoji_Presentation}\u{1100}-\u{115F}\u{2E80}-\u{303E}\u{3041}-\u{33FF}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{A000}-\u{A4CF}\u{A960}-\u{A97F}\u{AC00}-\u{D7A3}\u{F900}-\u{FAFF}\u{FE10}-\u{FE19}\u{FE30}-\u{FE6F}\u{FF00}-\u{FF60}\u{FFE0}-\u{FFE6}\u{1B000}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{3FFFD}]$/u;

/** Longest stretch of a line shown in a frame; longer lines are cut to a window around the span. */
const FRAME_WIDTH = 120;

function frame(span: Span, gutterWidth: number, caretColor: (s: string) => string): string[] {
  const start = positionAt(span.file, span.start);
  const end = positionAt(span.file, Math.max(span.start, span.end - 1));
  const line = lineText(span.file, start.line);
  // Work on a window of the line only, so a frame costs the same on a
  // 1 MB line as on a short one.
  const from = line.length <= FRAME_WIDTH ? 0 : Math.max(0, Math.min(start.column - 1 - FRAME_WIDTH / 2, line.length - FRAME_WIDTH));
  const to = Math.min(line.length, from + FRAME_WIDTH);
  const lead = from > 0 ? "…" : "";
  const tail = to < line.length ? "…" : "";
  const spanEnd = end.line === start.line ? end.column : line.length;
  const prefix = lead.length + displayWidth(printable(line.slice(from, start.column - 1)));
  const width = Math.max(1, displayWidth(printable(line.slice(start.column - 1, Math.min(spanEnd, to)))));
  const pad = " ".repeat(gutterWidth);
  return [
    `${pad} |`,
    `${String(start.line).padStart(gutterWidth)} | ${lead}${printable(line.slice(from, to))}${tail}`,
    `${pad} | ${" ".repeat(prefix)}${caretColor("^".repeat(width))}`,
  ];
}

export function renderDiagnostic(d: Diagnostic, options: RenderOptions = {}): string {
  const paint = palette(options.color ?? false);
  const sevColor = (s: string) => paint.severity(d.severity, s);
  const bold = paint.emphasis;
  const blue = paint.pointer;
  const lines: string[] = [`${sevColor(`${d.severity}[${d.code}]`)}${bold(`: ${d.message}`)}`];
  const gutter = Math.max(
    2,
    ...[d.span, ...d.related.map((r) => r.span)].filter((s): s is Span => !!s).map((s) => String(positionAt(s.file, s.start).line).length),
  );
  const pad = " ".repeat(gutter);
  if (d.span) {
    lines.push(`${pad}${blue("-->")} ${location(d.span)}`);
    lines.push(...frame(d.span, gutter, sevColor));
  } else if (d.path) {
    lines.push(`${pad}${blue("-->")} ${d.path}`);
  }
  for (const r of d.related) {
    lines.push(`${pad} = note: ${r.message}`);
    lines.push(`${pad}${blue("-->")} ${location(r.span)}`);
  }
  if (d.hint) lines.push(`${pad} = hint: ${d.hint}`);
  return lines.join("\n");
}

export function renderDiagnostics(list: readonly Diagnostic[], options: RenderOptions = {}): string {
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  const body = list.map((d) => renderDiagnostic(d, options)).join("\n\n");
  const summary =
    errors + warnings === 0
      ? ""
      : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  return [body, summary].filter(Boolean).join("\n\n");
}

export interface JsonPlace {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  length: number;
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file?: string;
  place?: JsonPlace;
  related: { message: string; place: JsonPlace }[];
  hint?: string;
}

function place(span: Span): JsonPlace {
  const s = positionAt(span.file, span.start);
  const e = positionAt(span.file, span.end);
  return {
    file: span.file.path,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    offset: span.start,
    length: span.end - span.start,
  };
}

/** The `--format json` shape: stable field names, one object per diagnostic. */
export function diagnosticToJson(d: Diagnostic): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.path !== undefined ? { file: d.path } : {}),
    ...(d.span ? { place: place(d.span) } : {}),
    related: d.related.map((r) => ({ message: r.message, place: place(r.span) })),
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
  };
}
