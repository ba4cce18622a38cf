/**
 * The lexer: text to tokens, comments kept apart as trivia, plus the lexical
 * diagnostics LF101 (unexpected character, or a file or a word past Lawflow's
 * limits) and LF105 (unterminated block comment). Strings are only delimited
 * here; their escapes and interpolations are decoded (and LF103, LF104, LF106
 * reported) by `decodeString`, when the parser builds the AST.
 */
import { Lexer, type IToken } from "chevrotain";
import { Identifier, MisquotedString, StringLit, keywordByWord, lexerTokens } from "./tokens.ts";
import { validateGrammar } from "./validate.ts";
import { limits, sizeText } from "./limits.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { report } from "../diagnostics/messages.ts";
import { span, type SourceFile, type Span } from "../source.ts";

const lexer = new Lexer(lexerTokens, {
  positionTracking: "onlyOffset",
  ensureOptimizations: validateGrammar,
  skipValidations: !validateGrammar,
});

/** A comment, kept with its place so that formatting and editors can keep it. */
export interface Comment {
  readonly kind: "line" | "block";
  /** The comment as written, `//` or `/* … *\/` included. */
  readonly text: string;
  readonly span: Span;
}

export interface LexResult {
  readonly tokens: IToken[];
  /** Where every unexpected character (LF101) starts, ascending, reported or not. */
  readonly errorOffsets: number[];
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
}

/** A short, printable excerpt of unexpected text for a message. */
function shown(text: string): string {
  const cut = text.length > 20 ? text.slice(0, 20) + "…" : text;
  return JSON.stringify(cut).slice(1, -1).replace(/`/g, "\\`");
}

/** Operators of other languages, and how a condition says them. */
const OPERATORS: Readonly<Record<string, string>> = {
  "=": "compare with `==` (`plan == pro`)",
  "===": "compare with `==` (`plan == pro`)",
  "!==": "write `!=`",
  "&&": "write `and`",
  "&": "write `and`",
  "||": "write `or`",
  "|": "write `or`",
  "!": "write `not` (`not known(email)`), or `!=` to compare",
  "=>": "a jump is written `->`",
};

/**
 * A letter outside ASCII (`naïve`, `größe`, `名前`) where a name is written:
 * names are ASCII, since they become identifiers of the generated code; what
 * a person reads — labels, questions — is in strings, in any language.
 */
function letterInName(text: string, offset: number, length: number, bad: string, at: { span: Span }): Diagnostic {
  let from = offset;
  let to = offset + length;
  const wordy = (c: string | undefined) => c !== undefined && /[\p{L}\p{M}\p{N}_]/u.test(c);
  while (from > 0 && wordy(text[from - 1])) from--;
  while (to < text.length && wordy(text[to])) to++;
  const word = text.slice(from, to);
  const ascii = word.normalize("NFKD").replace(/\p{M}/gu, "").replace(/ß/g, "ss").replace(/[Ææ]/g, "ae").replace(/[Øø]/g, "o").replace(/[Œœ]/g, "oe");
  const args = { shown: shown(bad), word: shown(word) };
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(ascii) && word.length <= 60
    ? report("lex.letterInName", { ...args, ascii }, at)
    : report("lex.letterInNameNoSpelling", args, at);
}

export function lex(file: SourceFile): LexResult {
  if (file.text.length > limits.sourceLength) {
    // Refused before any work: the cost of everything after grows with the file.
    const d = report("lex.tooLong", { size: sizeText(file.text.length), limit: sizeText(limits.sourceLength) }, { span: span(file, 0, 0) });
    return { tokens: [], errorOffsets: [0], comments: [], diagnostics: [d] };
  }
  const result = lexer.tokenize(file.text);
  const diagnostics: Diagnostic[] = [];
  let lexicalErrors = 0;
  const add = (d: Diagnostic) => {
    // Past a few dozen, more reports of stray characters help nobody and cost memory.
    if (++lexicalErrors <= limits.lexicalErrors) diagnostics.push(d);
  };
  const unexpected = (offset: number, length: number) => {
    errorOffsets.push(offset);
    if (lexicalErrors >= limits.lexicalErrors) {
      lexicalErrors++;
      return;
    }
    const bad = file.text.slice(offset, offset + length);
    const at = { span: span(file, offset, offset + length) };
    if (/^['\u201c\u201d]/.test(bad)) add(report("lex.curlyQuote", { shown: shown(bad) }, at));
    else if (/^[\p{L}\p{M}\p{N}]+$/u.test(bad)) add(letterInName(file.text, offset, length, bad, at));
    else if (OPERATORS[bad] !== undefined) {
      // `=>` lexes as `=` and `>`: the arrow is the mistake.
      const op = bad === "=" && file.text[offset + 1] === ">" ? "=>" : bad;
      add(report("lex.otherOperator", { shown: shown(op), meant: OPERATORS[op]! }, op === bad ? at : { span: span(file, offset, offset + 2) }));
    }
    else add(report([...bad].length > 1 ? "lex.unexpectedCharacters" : "lex.unexpectedCharacter", { shown: shown(bad) }, at));
  };
  const errorOffsets: number[] = [];
  for (const e of result.errors) unexpected(e.offset, e.length);
  for (const t of result.groups["unterminated"] ?? []) {
    diagnostics.push(report("lex.unterminatedComment", {}, { span: span(file, t.startOffset, t.startOffset + 2) }));
  }
  const comments: Comment[] = [];
  for (const t of result.groups["comments"] ?? []) {
    comments.push({ kind: t.image.startsWith("//") ? "line" : "block", text: t.image, span: span(file, t.startOffset, t.startOffset + t.image.length) });
  }
  // Retype words that spell a keyword; they stay in the Identifier category.
  // Offset-only tracking leaves endOffset unset; the parser's node locations need it.
  const tokens = result.tokens;
  const identIdx = Identifier.tokenTypeIdx;
  const misquotedIdx = MisquotedString.tokenTypeIdx;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    t.endOffset = t.startOffset + t.image.length - 1;
    if (t.tokenTypeIdx === identIdx) {
      if (t.image.length > limits.nameLength) {
        errorOffsets.push(t.startOffset);
        add(report("lex.tooLongToken", { what: "name", length: t.image.length, limit: limits.nameLength }, { span: span(file, t.startOffset, t.startOffset + t.image.length) }));
        continue;
      }
      const kw = keywordByWord.get(t.image);
      if (kw !== undefined) {
        t.tokenType = kw;
        t.tokenTypeIdx = kw.tokenTypeIdx!;
      }
    } else if (t.tokenTypeIdx === misquotedIdx) {
      errorOffsets.push(t.startOffset);
      add(
        report("lex.misquotedString", { quote: t.image[0]!, fixed: `"${t.image.slice(1, -1).replace(/"/g, '\\"')}"` }, { span: span(file, t.startOffset, t.startOffset + 1) }),
      );
      t.tokenType = StringLit;
      t.tokenTypeIdx = StringLit.tokenTypeIdx!;
    }
  }
  errorOffsets.sort((a, b) => a - b);
  return { tokens, errorOffsets, comments, diagnostics };
}
