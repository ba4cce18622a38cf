/**
 * Decoding a string literal: escapes, `{field}` interpolations, and the
 * lexical diagnostics that belong to strings (LF103 unterminated, LF104
 * invalid escape, LF106 malformed interpolation).
 *
 * Escapes: \" \\ \n \t \r \{ \} \u{1–6 hex digits} \uHHHH.
 * `{name}` interpolates a field; a literal brace is written `\{` or `\}`.
 *
 * A text is shown to people and written into documents, diagrams and
 * generated code as UTF-8, so it must be text UTF-8 can hold: half of a
 * surrogate pair, written or escaped, is refused (LF104) here rather than
 * silently become U+FFFD in a written file.
 */
import type { Text, TextPart } from "../ast.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { report } from "../diagnostics/messages.ts";
import { span, type SourceFile } from "../source.ts";

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r", "{": "{", "}": "}" };

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/**
 * Decodes the string literal `image` found at offset `start` of `file`.
 * Diagnostics are appended to `out`; the result is always a usable Text.
 */
export function decodeString(file: SourceFile, image: string, start: number, out: Diagnostic[]): Text {
  const wholeSpan = span(file, start, start + image.length);
  // A misquoted string ('…', “…”) was already reported by the lexer and is complete as it is.
  const misquoted = image[0] !== '"';
  const terminated = misquoted || (image.length >= 2 && image.endsWith('"') && !endsWithEscapedQuote(image));
  if (!terminated) {
    out.push(report("string.unterminated", {}, { span: wholeSpan }));
  }
  const end = terminated ? image.length - 1 : image.length;
  // One string full of stray braces is one mistake: its first brace is reported, not every one.
  let braceReported = false;
  const reportOnce = (make: () => Diagnostic) => {
    if (!braceReported) out.push(make());
    braceReported = true;
  };
  const parts: TextPart[] = [];
  let literal = "";
  let value = "";
  let i = 1;
  while (i < end) {
    const c = image.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (i + 1 >= end) {
        // A backslash at the very end of an unterminated string: already reported as LF103.
        i++;
        continue;
      }
      const next = image[i + 1]!;
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        literal += simple;
        value += simple;
        i += 2;
        continue;
      }
      if (next === "u") {
        let decoded = decodeUnicode(image, i, end);
        const c0 = decoded ? decoded.text.charCodeAt(0) : 0;
        if (decoded && decoded.text.length === 1 && c0 >= 0xd800 && c0 <= 0xdbff && image[decoded.next] === "\\" && image[decoded.next + 1] === "u") {
          // `\uD83D\uDE00`: a pair written as two escapes is one character.
          const low = decodeUnicode(image, decoded.next, end);
          const c1 = low ? low.text.charCodeAt(0) : 0;
          if (low && low.text.length === 1 && c1 >= 0xdc00 && c1 <= 0xdfff) decoded = { text: decoded.text + low.text, next: low.next };
        }
        if (decoded && !isTextCharacter(decoded.text)) {
          out.push(report("string.unpairedSurrogate", { escape: image.slice(i, decoded.next) }, { span: span(file, start + i, start + decoded.next) }));
          i = decoded.next;
          continue;
        }
        if (decoded) {
          literal += decoded.text;
          value += decoded.text;
          i = decoded.next;
          continue;
        }
        const bad = badUnicodeLength(image, i, end);
        out.push(report("string.badUnicodeEscape", { escape: image.slice(i, i + bad) }, { span: span(file, start + i, start + i + bad) }));
        i += bad;
        continue;
      }
      const cp = image.codePointAt(i + 1)!;
      const len = cp > 0xffff ? 2 : 1;
      out.push(report("string.badEscape", { escape: image.slice(i + 1, i + 1 + len) }, { span: span(file, start + i, start + i + 1 + len) }));
      i += 1 + len;
      continue;
    }
    if (c === 123 /* { */) {
      let j = i + 1;
      if (j < end && isIdentStart(image.charCodeAt(j))) {
        j++;
        while (j < end && isIdentPart(image.charCodeAt(j))) j++;
        if (j < end && image.charCodeAt(j) === 125 /* } */) {
          const name = image.slice(i + 1, j);
          if (literal) parts.push({ kind: "literal", value: literal });
          literal = "";
          parts.push({ kind: "field", name: { text: name, span: span(file, start + i + 1, start + j) } });
          value += "{" + name + "}";
          i = j + 1;
          continue;
        }
      }
      // Malformed. If a `}` closes it on this string (before another `{`), the
      // whole `{…}` is one mistake (e.g. `{ company }`); else report the `{` on.
      let close = -1;
      for (let k = i + 1; k < end; k++) {
        const d = image.charCodeAt(k);
        if (d === 125) {
          close = k;
          break;
        }
        if (d === 123) break;
      }
      const stop = close >= 0 ? close + 1 : Math.min(j + 1, end);
      // `{ company }`: a name with spaces around it is the name meant.
      const inner = close >= 0 ? image.slice(i + 1, close).trim() : "";
      const spaced = /^[A-Za-z_][A-Za-z0-9_]*$/.test(inner);
      const at = { span: span(file, start + i, start + Math.max(stop, i + 1)) };
      reportOnce(() => (spaced ? report("string.spacedInterpolation", { name: inner }, at) : report("string.badInterpolation", {}, at)));
      const raw = image.slice(i, close >= 0 ? close + 1 : i + 1);
      literal += raw;
      value += raw;
      i += raw.length;
      continue;
    }
    if (c === 125 /* } */) {
      reportOnce(() => report("string.strayClosingBrace", {}, { span: span(file, start + i, start + i + 1) }));
      literal += "}";
      value += "}";
      i++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff && !isPairAt(image, i)) {
      out.push(report("string.unpairedSurrogate", { escape: `\\u${c.toString(16).padStart(4, "0")}` }, { span: span(file, start + i, start + i + 1) }));
      i++;
      continue;
    }
    // Copy a run of ordinary characters at once (a surrogate pair stays whole).
    let j = c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
    while (j < end) {
      const d = image.charCodeAt(j);
      if (d === 92 || d === 123 || d === 125) break;
      if (d >= 0xd800 && d <= 0xdfff) {
        if (!isPairAt(image, j)) break;
        j += 2;
        continue;
      }
      j++;
    }
    const chunk = image.slice(i, j);
    literal += chunk;
    value += chunk;
    i = j;
  }
  if (literal || parts.length === 0) parts.push({ kind: "literal", value: literal });
  return { value, parts, span: wholeSpan };
}

/** A high surrogate at `i` followed by a low one: one character written as two code units. */
function isPairAt(image: string, i: number): boolean {
  const hi = image.charCodeAt(i);
  const lo = image.charCodeAt(i + 1);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** A decoded escape is text unless it is half of a surrogate pair. */
function isTextCharacter(decoded: string): boolean {
  const c = decoded.charCodeAt(0);
  return !(decoded.length === 1 && c >= 0xd800 && c <= 0xdfff);
}

/** True when the final `"` is itself escaped (`"abc\"`), i.e. the string is open. */
function endsWithEscapedQuote(image: string): boolean {
  let backslashes = 0;
  for (let k = image.length - 2; k >= 1 && image.charCodeAt(k) === 92; k--) backslashes++;
  return backslashes % 2 === 1;
}

function decodeUnicode(image: string, i: number, end: number): { text: string; next: number } | undefined {
  // i points at the backslash, i+1 at `u`.
  if (image[i + 2] === "{") {
    let j = i + 3;
    while (j < end && isHex(image.charCodeAt(j))) j++;
    const digits = j - (i + 3);
    if (digits < 1 || digits > 6 || image[j] !== "}" || j >= end) return undefined;
    const cp = parseInt(image.slice(i + 3, j), 16);
    if (cp > 0x10ffff) return undefined;
    return { text: String.fromCodePoint(cp), next: j + 1 };
  }
  for (let k = 2; k < 6; k++) {
    if (i + k >= end || !isHex(image.charCodeAt(i + k))) return undefined;
  }
  return { text: String.fromCharCode(parseInt(image.slice(i + 2, i + 6), 16)), next: i + 6 };
}

/** How many characters of an invalid `\u…` escape to underline (and skip). */
function badUnicodeLength(image: string, i: number, end: number): number {
  let j = i + 2;
  if (image[j] === "{") {
    j++;
    while (j < end && isHex(image.charCodeAt(j))) j++;
    if (j < end && image[j] === "}") j++;
    return j - i;
  }
  while (j < end && j < i + 6 && isHex(image.charCodeAt(j))) j++;
  return j - i;
}
