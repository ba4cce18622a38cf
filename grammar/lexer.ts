/**
 * The lexer: text to tokens, plus the lexical diagnostics LF101 (unexpected
 * character) and LF105 (unterminated block comment). Strings are only
 * delimited here; their escapes and interpolations are decoded (and LF103,
 * LF104, LF106 reported) by `decodeString`, when the parse tree becomes the AST.
 *
 * The scanner is written by hand rather than built by chevrotain's `Lexer`
 * from the patterns in tokens.ts: building that lexer (analysing every
 * pattern) was a tenth of a cold `lawflow compile`, and scanning by the
 * first character is several times faster. It gives exactly the tokens and
 * errors chevrotain's lexer gives for those patterns — the first pattern in
 * `lexerTokens` that matches wins, and after an unexpected character the
 * error runs to the next offset where some pattern matches; a test compares
 * the two on many inputs.
 */
import type { IToken, TokenType } from "chevrotain";
import {
  Arrow, Colon, Comma, Dot, DotDot, EqEq, Gt, GtEq, Identifier, LBrace, LParen, Lt, LtEq, MisquotedString, NotEq, NumberLit, RBrace, RParen,
  StringLit, keywordByWord,
} from "./tokens.ts";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.ts";
import { span, type SourceFile } from "../compiler/source.ts";

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

function shown(text: string): string {
  const cut = text.length > 20 ? text.slice(0, 20) + "…" : text;
  return JSON.stringify(cut).slice(1, -1).replace(/`/g, "\\`");
}

export function lex(file: SourceFile): LexResult {
  const { tokens, errors, unterminated } = scan(file.text);
  const diagnostics: Diagnostic[] = [];
  for (const e of errors) {
    const bad = file.text.slice(e.offset, e.offset + e.length);
    diagnostics.push(
      diagnostic("LF101", `unexpected character${[...bad].length > 1 ? "s" : ""} \`${shown(bad)}\``, {
        span: span(file, e.offset, e.offset + e.length),
        hint: /^['\u201c\u201d]/.test(bad) ? 'strings are written in straight double quotes: "…"' : undefined,
      }),
    );
  }
  for (const offset of unterminated) {
    diagnostics.push(
      diagnostic("LF105", "this block comment is never closed", {
        span: span(file, offset, offset + 2),
        hint: "close it with `*/`",
      }),
    );
  }
  for (const t of tokens) {
    if (t.tokenType !== MisquotedString) continue;
    diagnostics.push(
      diagnostic("LF101", `unexpected character \`${t.image[0]}\`: strings are written in straight double quotes`, {
        span: span(file, t.startOffset, t.startOffset + 1),
        hint: `write "${t.image.slice(1, -1).replace(/"/g, '\\"')}"`,
      }),
    );
    t.tokenType = StringLit;
    t.tokenTypeIdx = StringLit.tokenTypeIdx!;
  }
  return { tokens, diagnostics };
}

export interface ScanResult {
  /** Words that spell a keyword have the keyword's type (in the Identifier category); misquoted strings are still MisquotedString. */
  readonly tokens: IToken[];
  /** Runs of characters no token starts with. */
  readonly errors: { readonly offset: number; readonly length: number }[];
  /** Offsets of block comments that are never closed (they run to the end of the text). */
  readonly unterminated: number[];
}

const enum C {
  Tab = 0x09, Lf = 0x0a, Vt = 0x0b, Ff = 0x0c, Cr = 0x0d, Space = 0x20, Bang = 0x21, Quote = 0x22, Apos = 0x27, LParen = 0x28, RParen = 0x29,
  Star = 0x2a, Comma = 0x2c, Minus = 0x2d, Dot = 0x2e, Slash = 0x2f, D0 = 0x30, D9 = 0x39, Colon = 0x3a, Lt = 0x3c, Eq = 0x3d, Gt = 0x3e,
  A = 0x41, Z = 0x5a, Backslash = 0x5c, Underscore = 0x5f, a = 0x61, z = 0x7a, LBrace = 0x7b, RBrace = 0x7d,
  Nbsp = 0xa0, LDquo = 0x201c, RDquo = 0x201d, Ls = 0x2028, Ps = 0x2029, Bom = 0xfeff,
}

const isSpace = (c: number) =>
  c === C.Space || (c >= C.Tab && c <= C.Cr) || c === C.Nbsp || c === C.Bom || c === C.Ls || c === C.Ps;
const isDigit = (c: number) => c >= C.D0 && c <= C.D9;
const isWordStart = (c: number) => (c >= C.a && c <= C.z) || (c >= C.A && c <= C.Z) || c === C.Underscore;
const isWord = (c: number) => isWordStart(c) || isDigit(c);

/** Single-character tokens by character code. */
const SINGLE = new Map<number, TokenType>([
  [C.Colon, Colon], [C.Comma, Comma], [C.LParen, LParen], [C.RParen, RParen], [C.LBrace, LBrace], [C.RBrace, RBrace],
]);

/** The end of the misquoted string that starts at `i` (`'…'` or `“…”` on one line), or -1. */
function misquotedEnd(text: string, i: number): number {
  const open = text.charCodeAt(i);
  const curly = open !== C.Apos;
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === C.Lf || c === C.Cr) return -1;
    if (curly ? c === C.LDquo || c === C.RDquo : c === C.Apos) return j + 1;
  }
  return -1;
}

/** Whether some token (skipped ones included) starts at `i`: where an error run ends. */
function tokenStarts(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (isSpace(c) || isWordStart(c) || isDigit(c) || SINGLE.has(c) || c === C.Quote || c === C.Dot || c === C.Lt || c === C.Gt) return true;
  switch (c) {
    case C.Slash:
      return next === C.Slash || next === C.Star;
    case C.Minus:
      return isDigit(next) || next === C.Gt;
    case C.Eq:
    case C.Bang:
      return next === C.Eq;
    case C.Apos:
    case C.LDquo:
    case C.RDquo:
      return misquotedEnd(text, i) >= 0;
  }
  return false;
}

/** The tokens of `text`, as chevrotain's lexer over `lexerTokens` (offsets only) finds them. */
export function scan(text: string): ScanResult {
  const tokens: IToken[] = [];
  const errors: { offset: number; length: number }[] = [];
  const unterminated: number[] = [];
  const n = text.length;
  const push = (type: TokenType, start: number, end: number) => {
    tokens.push({ image: text.slice(start, end), startOffset: start, endOffset: end - 1, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type });
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (isSpace(c)) {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWord(text.charCodeAt(j))) j++;
      const image = text.slice(i, j);
      const type = keywordByWord.get(image) ?? Identifier;
      tokens.push({ image, startOffset: i, endOffset: j - 1, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type });
      i = j;
      continue;
    }
    if (c === C.Quote) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === C.Quote) {
          j++;
          break;
        }
        if (d === C.Lf || d === C.Cr) break;
        if (d === C.Backslash) {
          const e = j + 1 < n ? text.charCodeAt(j + 1) : C.Lf;
          j += e === C.Lf || e === C.Cr ? 1 : 2;
          continue;
        }
        j++;
      }
      push(StringLit, i, j);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === C.Minus && isDigit(next))) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === C.Dot && isDigit(text.charCodeAt(j + 1))) {
        j += 2;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      push(NumberLit, i, j);
      i = j;
      continue;
    }
    const single = SINGLE.get(c);
    if (single !== undefined) {
      push(single, i, i + 1);
      i++;
      continue;
    }
    let end = -1;
    let type: TokenType | undefined;
    switch (c) {
      case C.Slash:
        if (next === C.Slash) {
          let j = i + 2;
          while (j < n && text.charCodeAt(j) !== C.Lf && text.charCodeAt(j) !== C.Cr) j++;
          i = j;
          continue;
        }
        if (next === C.Star) {
          const close = text.indexOf("*/", i + 2);
          if (close >= 0) i = close + 2;
          else {
            unterminated.push(i);
            i = n;
          }
          continue;
        }
        break;
      case C.Minus:
        if (next === C.Gt) [type, end] = [Arrow, i + 2];
        break;
      case C.Dot:
        [type, end] = next === C.Dot ? [DotDot, i + 2] : [Dot, i + 1];
        break;
      case C.Eq:
        if (next === C.Eq) [type, end] = [EqEq, i + 2];
        break;
      case C.Bang:
        if (next === C.Eq) [type, end] = [NotEq, i + 2];
        break;
      case C.Lt:
        [type, end] = next === C.Eq ? [LtEq, i + 2] : [Lt, i + 1];
        break;
      case C.Gt:
        [type, end] = next === C.Eq ? [GtEq, i + 2] : [Gt, i + 1];
        break;
      case C.Apos:
      case C.LDquo:
      case C.RDquo:
        end = misquotedEnd(text, i);
        if (end >= 0) type = MisquotedString;
        break;
    }
    if (type !== undefined) {
      push(type, i, end);
      i = end;
      continue;
    }
    // No token starts here: the error runs to the next place one does.
    const start = i;
    i++;
    while (i < n && !tokenStarts(text, i)) i++;
    errors.push({ offset: start, length: i - start });
  }
  return { tokens, errors, unterminated };
}
