/**
 * The tokens of the Lawflow language.
 *
 * Every keyword is soft: it belongs to the `Identifier` category, so wherever
 * the grammar expects a name (`field email: email`, `ask end: …`, a purpose
 * called `consent`) any keyword is accepted. The lexer itself only knows one
 * word token, `Identifier`; `lex()` retypes words that spell a keyword after
 * lexing (a map look-up is cheaper than one regular expression per keyword).
 */
import { Lexer, createToken, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+/, group: Lexer.SKIPPED, line_breaks: true });
/** Comments are trivia: kept apart from the tokens the parser reads, with their places, for the formatter and the editor. */
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
/** A `/*` that is never closed: kept in its own group so the lexer can report LF105. */
export const UnterminatedComment = createToken({ name: "UnterminatedComment", pattern: /\/\*[\s\S]*/, group: "unterminated", line_breaks: true });

/**
 * A string on one line. The pattern also accepts a string that reaches the end
 * of its line without a closing quote; `decodeString` reports it (LF103), so
 * the parser still sees a string and does not cascade.
 */
export const StringLit = createToken({ name: "StringLit", pattern: /"(?:[^"\\\r\n]|\\[^\r\n]?)*"?/, label: "a string" });
/**
 * A string in single or typographic quotes ('…', “…”), a common slip when text
 * is pasted from elsewhere. The lexer reports it once (LF101) and hands the
 * parser an ordinary string, so the mistake does not cascade.
 */
export const MisquotedString = createToken({ name: "MisquotedString", pattern: /'[^'\r\n]*'|[\u201c\u201d][^\u201c\u201d\r\n]*[\u201c\u201d]/ });
/** `-?[0-9]+(\.[0-9]+)?` — the fraction needs a digit after the dot, so `1900..2026` is three tokens. */
export const NumberLit = createToken({ name: "NumberLit", pattern: /-?[0-9]+(?:\.[0-9]+)?/, label: "a number" });

export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "`->`" });
export const DotDot = createToken({ name: "DotDot", pattern: /\.\./, label: "`..`" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "`.`" });
/** The six comparison operators share a category so the parser consumes any of them in one step. */
export const CompareOp = createToken({ name: "CompareOp", pattern: Lexer.NA, label: "a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)" });
export const EqEq = createToken({ name: "EqEq", pattern: /==/, label: "`==`", categories: [CompareOp] });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, label: "`!=`", categories: [CompareOp] });
export const LtEq = createToken({ name: "LtEq", pattern: /<=/, label: "`<=`", categories: [CompareOp] });
export const GtEq = createToken({ name: "GtEq", pattern: />=/, label: "`>=`", categories: [CompareOp] });
export const Lt = createToken({ name: "Lt", pattern: /</, label: "`<`", categories: [CompareOp] });
export const Gt = createToken({ name: "Gt", pattern: />/, label: "`>`", categories: [CompareOp] });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "`:`" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "`,`" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "`)`" });
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "`}`" });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

/** Keywords: never produced by the lexer's patterns, only by retyping an Identifier. */
function keyword(word: string): TokenType {
  const name = "Kw_" + word;
  return createToken({ name, pattern: Lexer.NA, categories: [Identifier], label: "`" + word + "`" });
}

export const KEYWORD_WORDS = [
  // top level
  "flow", "version", "controller", "contact", "dpo", "security", "use", "purpose", "field",
  // purpose items
  "basis", "needs", "retain", "session", "until", "withdrawn", "or", "valid", "shared", "with",
  "transfer", "to", "under", "withdraw", "on", "object", "direct_marketing", "condition", "category", "subjects", "automated",
  "day", "days", "week", "weeks", "month", "months", "year", "years",
  // fields
  "special", "text", "email", "phone", "integer", "number", "yesno", "date", "choice",
  // steps
  "say", "ask", "consent", "if", "goto", "end", "for", "optional", "when", "retry", "then",
  "given", "refused", "keeps", "as",
  // conditions
  "and", "not", "known",
] as const;
export type KeywordWord = (typeof KEYWORD_WORDS)[number];

/**
 * Words with a meaning in one place only, which the lexer leaves as names:
 * `automated decision "…" effects "…"` and `automated profiling "…"`. The
 * parser reads any name there and the automated-decisions check says what
 * it should be (LF322, with a suggestion for a misspelling); editors paint
 * them as keywords.
 */
export const AUTOMATED_MODES = ["decision", "profiling"] as const;
export const AUTOMATED_EFFECTS = "effects";
export const CONTEXTUAL_WORDS: readonly string[] = [...AUTOMATED_MODES, AUTOMATED_EFFECTS];

export const Kw = Object.fromEntries(KEYWORD_WORDS.map((w) => [w, keyword(w)])) as Record<KeywordWord, TokenType>;
export const keywordByWord: ReadonlyMap<string, TokenType> = new Map(KEYWORD_WORDS.map((w) => [w, Kw[w]]));

/** Tokens the lexer tries, in order (first match wins; longer operators first). */
export const lexerTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  StringLit, MisquotedString, NumberLit,
  Arrow, DotDot, Dot, EqEq, NotEq, LtEq, GtEq, Lt, Gt, Colon, Comma, LParen, RParen, LBrace, RBrace,
  Identifier,
];

/** Every token type the parser knows. */
export const allTokens: TokenType[] = [...lexerTokens, CompareOp, ...Object.values(Kw)];

/** Keywords that begin a top-level declaration or a step. */
export const DECLARATION_KEYWORDS: readonly TokenType[] = [Kw.flow, Kw.controller, Kw.security, Kw.use, Kw.purpose, Kw.field];
export const STEP_KEYWORDS: readonly TokenType[] = [Kw.say, Kw.ask, Kw.consent, Kw.if, Kw.goto, Kw.end];
