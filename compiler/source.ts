/**
 * Source text and spans. A span is a pair of offsets into one source; line and
 * column are computed only when a diagnostic is shown, so passes never carry
 * them around.
 */

export interface SourceFile {
  /** The path as the user gave it (shown in diagnostics). */
  readonly path: string;
  readonly text: string;
  /** Offsets at which each line starts; computed lazily by `lineStarts`. */
  lineStartsCache?: number[];
}

export interface Span {
  readonly file: SourceFile;
  /** Offset of the first character (UTF-16 code units). */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units. */
  readonly column: number;
}

export function sourceFile(path: string, text: string): SourceFile {
  return { path, text };
}

export function span(file: SourceFile, start: number, end: number): Span {
  return { file, start, end };
}

/** A span covering both spans (which must share a file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function lineStarts(file: SourceFile): number[] {
  if (file.lineStartsCache) return file.lineStartsCache;
  const starts = [0];
  const text = file.text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  file.lineStartsCache = starts;
  return starts;
}

export function positionAt(file: SourceFile, offset: number): Position {
  const starts = lineStarts(file);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The text of 1-based line `line`, without its line break. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  let end = next === undefined ? file.text.length : next;
  while (end > start && (file.text[end - 1] === "\n" || file.text[end - 1] === "\r")) end--;
  return file.text.slice(start, end);
}
