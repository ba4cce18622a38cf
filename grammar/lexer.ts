/**
 * The lexer: text to tokens, plus the lexical diagnostics LF101 (unexpected
 * character) and LF105 (unterminated block comment). Strings are only
 * delimited here; their escapes and interpolations are decoded (and LF103,
 * LF104, LF106 reported) by `decodeString`, when the parse tree becomes the AST.
 */
import { Lexer, type IToken } from "chevrotain";
import { Identifier, MisquotedString, StringLit, keywordByWord, lexerTokens } from "./tokens.ts";
import { validateGrammar } from "./env.ts";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.ts";
import { span, type SourceFile } from "../compiler/source.ts";

const lexer = new Lexer(lexerTokens, {
  positionTracking: "onlyOffset",
  ensureOptimizations: validateGrammar,
  skipValidations: !validateGrammar,
});

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

function shown(text: string): string {
  const cut = text.length > 20 ? text.slice(0, 20) + "…" : text;
  return JSON.stringify(cut).slice(1, -1).replace(/`/g, "\\`");
}

export function lex(file: SourceFile): LexResult {
  const result = lexer.tokenize(file.text);
  const diagnostics: Diagnostic[] = [];
  for (const e of result.errors) {
    const bad = file.text.slice(e.offset, e.offset + e.length);
    diagnostics.push(
      diagnostic("LF101", `unexpected character${[...bad].length > 1 ? "s" : ""} \`${shown(bad)}\``, {
        span: span(file, e.offset, e.offset + e.length),
        hint: /^['\u201c\u201d]/.test(bad) ? 'strings are written in straight double quotes: "…"' : undefined,
      }),
    );
  }
  for (const t of result.groups["unterminated"] ?? []) {
    diagnostics.push(
      diagnostic("LF105", "this block comment is never closed", {
        span: span(file, t.startOffset, t.startOffset + 2),
        hint: "close it with `*/`",
      }),
    );
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
      const kw = keywordByWord.get(t.image);
      if (kw !== undefined) {
        t.tokenType = kw;
        t.tokenTypeIdx = kw.tokenTypeIdx!;
      }
    } else if (t.tokenTypeIdx === misquotedIdx) {
      diagnostics.push(
        diagnostic("LF101", `unexpected character \`${t.image[0]}\`: strings are written in straight double quotes`, {
          span: span(file, t.startOffset, t.startOffset + 1),
          hint: `write "${t.image.slice(1, -1).replace(/"/g, '\\"')}"`,
        }),
      );
      t.tokenType = StringLit;
      t.tokenTypeIdx = StringLit.tokenTypeIdx!;
    }
  }
  return { tokens, diagnostics };
}
