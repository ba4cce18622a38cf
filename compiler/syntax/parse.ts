/**
 * Parsing: source text to the typed AST (compiler/ast.ts), with every syntax
 * diagnostic (LF1xx) and the comments kept as trivia. This is the driver: it
 * cuts the token vector into stretches, hands each to the parser, and
 * recovers from syntax errors.
 *
 * Stretches: a statement begins at a declaration or step keyword (or an `ID:`
 * label) at the start of a line, unless the line before ends mid-phrase (a
 * comma, an arrow, `and`…). A purpose block is cut into its head and then one
 * stretch per line of items. So an error is reported inside the statement that
 * has it — `ask company "…"` without `for` is reported at the end of its own
 * line, not at the next step — and one mistake gives one error: the rest of
 * its stretch is skipped, and every well-formed statement around it is kept.
 * Cutting costs one pass over the tokens, whatever the errors.
 */
import { EOF, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import type { Declaration, FlowFile, PurposeDecl, PurposeItem, Step } from "../ast.ts";
import { BASIS_NAMES } from "../ast.ts";
import { didYouMean } from "../analyses/suggest.ts";
import { sortDiagnostics, type Diagnostic, type RelatedPlace } from "../diagnostics/diagnostic.ts";
import { hintText, note, report, type Hint, type MessageArgs, type MessageKey } from "../diagnostics/messages.ts";
import { positionAt, span, type SourceFile, type Span } from "../source.ts";
import { lex, type Comment } from "./lexer.ts";
import { limits } from "./limits.ts";
import { flowParser, NestingTooDeep, type Expectation, type FlowParser } from "./parser.ts";
import { decodeString } from "./strings.ts";
import {
  Arrow, Colon, Comma, CompareOp, DECLARATION_KEYWORDS, Dot, DotDot, Identifier, Kw, LBrace, LParen, NumberLit, RBrace, STEP_KEYWORDS, StringLit,
} from "./tokens.ts";

export interface ParseResult {
  readonly ast: FlowFile;
  /** Every comment of the file, in order, with its place. */
  readonly comments: readonly Comment[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses one `.flow` file. Never throws: a user's mistake is a diagnostic, and
 * an unexpected failure inside Lawflow becomes LF900. With syntax errors the
 * AST holds every statement that could be recovered.
 */
export function parseFlow(file: SourceFile): ParseResult {
  const driver = new Driver(file);
  try {
    driver.run();
  } catch (e) {
    driver.diagnostics.push(
      report("internal.parse", { reason: e instanceof Error ? e.message : String(e) }, { path: file.path }),
    );
  } finally {
    flowParser().input = [];
  }
  return { ast: driver.result(), comments: driver.comments, diagnostics: uniqueSorted(driver.diagnostics) };
}

/** A string decoded twice (in a statement that failed after it) reports once. */
function uniqueSorted(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of sortDiagnostics(list)) {
    const key = `${d.code}:${d.span?.start}:${d.span?.end}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

const STATEMENT_WORDS = ["flow", "controller", "security", "use", "purpose", "field", "say", "ask", "consent", "if", "goto", "end"];
const PURPOSE_ITEM_WORDS = ["basis", "needs", "retain", "consent", "shared", "transfer", "withdraw", "object", "direct_marketing", "condition", "category", "subjects", "automated"];
/** Each field type as it is written in full. */
const TYPE_EXAMPLES: Readonly<Record<string, string>> = {
  text: "text(200)", email: "email", phone: "phone", integer: "integer(1..100)", number: "number(0..100)", yesno: "yesno", date: "date",
  choice: 'choice(a "A", b "B")',
};
/** Type names of other languages, and what Lawflow calls them. */
const TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  string: "text", str: "text", textarea: "text", int: "integer", bool: "yesno", boolean: "yesno", checkbox: "yesno", tel: "phone",
  telephone: "phone", float: "number", decimal: "number", double: "number", enum: "choice", select: "choice", datetime: "date",
};
const UNIT_ABBREVIATIONS: Readonly<Record<string, string>> = {
  d: "days", dys: "days", y: "years", yr: "years", yrs: "years", w: "weeks", wk: "weeks", wks: "weeks", m: "months", mo: "months",
  mos: "months", mon: "months", mth: "months", mths: "months",
};
const SHORTER_UNITS: ReadonlySet<string> = new Set(["h", "hr", "hrs", "hour", "hours", "min", "mins", "minute", "minutes", "s", "sec", "secs", "second", "seconds"]);

/** The word of a keyword token type (`Kw_for` → `for`), or undefined for other tokens. */
function keywordWord(t: TokenType): string | undefined {
  return t.name.startsWith("Kw_") ? t.name.slice(3) : undefined;
}

/** Keywords a comma-separated list follows: `needs`, `keeps`, `shared with`, `withdraw on`, `object on`, `subjects`. */
const LIST_HEADS: ReadonlySet<TokenType> = new Set([Kw.needs, Kw.keeps, Kw.with, Kw.on, Kw.subjects]);
const PURPOSE_ITEM_KEYWORDS: ReadonlySet<TokenType> = new Set(PURPOSE_ITEM_WORDS.map((w) => Kw[w as keyof typeof Kw]));
const DECLARATION_SET: ReadonlySet<TokenType> = new Set(DECLARATION_KEYWORDS);
const STEP_SET: ReadonlySet<TokenType> = new Set(STEP_KEYWORDS);
/** A line that ends with one of these goes on: the next line cannot start a statement. */
const CONTINUES: ReadonlySet<TokenType> = new Set([Comma, Arrow, Colon, Dot, DotDot, LParen, Kw.and, Kw.or, Kw.not]);

const RULE_DESCRIPTIONS: Record<string, string> = {
  statements: "a declaration or a step (`flow`, `controller`, `purpose`, `field`, `use`, `security`, `say`, `ask`, `consent`, `if`, `goto`, `end`)",
  statement: "a declaration or a step (`flow`, `controller`, `purpose`, `field`, `use`, `security`, `say`, `ask`, `consent`, `if`, `goto`, `end`)",
  step: "a step (`say`, `ask`, `consent`, `if`, `goto`, `end`)",
  purposeItems: "a purpose item (`basis`, `needs`, `retain`, `consent valid`, `shared with`, `transfer to`, `withdraw on`, `object on`, `direct_marketing`, `condition`, `category`, `subjects`, `automated`)",
  purposeItem: "a purpose item (`basis`, `needs`, `retain`, `consent valid`, `shared with`, `transfer to`, `withdraw on`, `object on`, `direct_marketing`, `condition`, `category`, `subjects`, `automated`)",
  fieldType: "a field type (`text(MAX)`, `email`, `phone`, `integer(MIN..MAX)`, `number(MIN..MAX)`, `yesno`, `date`, `choice(…)`)",
  retainItem: "`session`, `until withdrawn`, or a period such as `90 days`",
  unit: "a unit of time (`days`, `weeks`, `months`, `years`)",
  atom: "a condition (`field == value`, `known(field)`, `given(purpose)` or `( … )`)",
  literal: "a value (a name, a number or a string)",
  operand: "a value (a name, a number or a string)",
  askOption: "an option of the question (`optional`, `when VALUE -> STEP`, `-> STEP`, `retry N then -> STEP`)",
  rangeType: "`integer` or `number`",
};

function describeExpected(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function describeFound(t: IToken): string {
  if (t.tokenType === StringLit) return "a string";
  if (t.tokenType === NumberLit) return `the number \`${t.image}\``;
  const image = t.image.length > 30 ? t.image.slice(0, 30) + "…" : t.image;
  return `\`${image}\``;
}

/** A syntax error waiting for its hint, which may name purposes declared further down the file. */
interface PendingError {
  readonly key: "syntax.expected" | "syntax.unexpected";
  readonly expected: string;
  readonly found: string;
  readonly span: Span;
  readonly related: RelatedPlace[];
  readonly hint: () => Hint | undefined;
}

class Driver {
  readonly diagnostics: Diagnostic[] = [];
  comments: Comment[] = [];
  private readonly declarations: Declaration[] = [];
  private readonly steps: Step[] = [];
  private readonly pending: PendingError[] = [];
  private tokens: IToken[] = [];
  /** Start offsets of lexical errors (LF101), ascending: a parse error they caused is not reported again. */
  private lexErrorOffsets: number[] = [];
  private readonly parser: FlowParser = flowParser();

  constructor(readonly file: SourceFile) {}

  result(): FlowFile {
    return { path: this.file.path, declarations: this.declarations, steps: this.steps, span: span(this.file, 0, this.file.text.length) };
  }

  run(): void {
    const lexed = lex(this.file);
    for (const d of lexed.diagnostics) this.diagnostics.push(d);
    this.comments = lexed.comments;
    this.lexErrorOffsets = lexed.errorOffsets;
    this.tokens = lexed.tokens;
    const n = this.tokens.length;
    let i = 0;
    while (i < n) {
      if (this.tokens[i]!.tokenType === Kw.purpose) {
        i = this.purposeBlock(i);
        continue;
      }
      const to = this.nextStatement(i + 1);
      this.stretch(i, to, "statements");
      i = to;
    }
    for (const p of this.pending) {
      const args: MessageArgs<"syntax.expected"> = { expected: p.expected, found: p.found };
      this.diagnostics.push(report(p.key, args, { span: p.span, related: p.related, hint: p.hint() }));
    }
  }

  // ── Cutting the tokens into stretches ───────────────────────────────────────

  private atLineStart(j: number): boolean {
    if (j === 0) return true;
    const prev = this.tokens[j - 1]!;
    const text = this.file.text;
    for (let o = prev.startOffset + prev.image.length; o < this.tokens[j]!.startOffset; o++) {
      const c = text.charCodeAt(o);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  private isWord(t: TokenType): boolean {
    return t === Identifier || t.CATEGORIES?.includes(Identifier) === true;
  }

  /** Does token j start a declaration or a step (including a `label:` step)? */
  private startsStatement(j: number): boolean {
    const t = this.tokens[j]!.tokenType;
    if (DECLARATION_SET.has(t) || STEP_SET.has(t)) return true;
    const next = this.tokens[j + 1];
    const after = this.tokens[j + 2];
    return this.isWord(t) && next?.tokenType === Colon && !!after && STEP_SET.has(after.tokenType);
  }

  private startsPurposeItem(j: number): boolean {
    const t = this.tokens[j]!.tokenType;
    if (!PURPOSE_ITEM_KEYWORDS.has(t)) return false;
    return t !== Kw.consent || this.tokens[j + 1]?.tokenType === Kw.valid;
  }

  private boundary(j: number): boolean {
    return this.atLineStart(j) && this.startsStatement(j) && !CONTINUES.has(this.tokens[j - 1]?.tokenType as TokenType);
  }

  /** The first statement start at or after `from`. */
  private nextStatement(from: number): number {
    for (let j = from; j < this.tokens.length; j++) if (this.boundary(j)) return j;
    return this.tokens.length;
  }

  /** Inside a purpose block: the next item, `}`, or statement after `from`. */
  private nextItem(from: number): number {
    for (let j = from; j < this.tokens.length; j++) {
      if (this.tokens[j]!.tokenType === RBrace) return j;
      if (this.atLineStart(j) && (this.startsPurposeItem(j) || this.startsStatement(j))) return j;
    }
    return this.tokens.length;
  }

  /** `purpose ID "WHY" { items }`, starting at token `start`; returns where to go on. */
  private purposeBlock(start: number): number {
    const n = this.tokens.length;
    const headBoundary = this.nextStatement(start + 1);
    let open = -1;
    for (let j = start; j < headBoundary; j++) {
      if (this.tokens[j]!.tokenType === LBrace) {
        open = j;
        break;
      }
    }
    if (open < 0) {
      // No `{` before the next statement: one error for the head, its lines skipped with it.
      this.stretch(start, headBoundary, "purposeHead");
      return headBoundary;
    }
    const head = this.stretch(start, open + 1, "purposeHead");
    const items: PurposeItem[] = [];
    let end = this.tokens[open]!.startOffset + 1;
    let j = open + 1;
    for (;;) {
      if (j >= n || (this.atLineStart(j) && this.startsStatement(j) && !this.startsPurposeItem(j))) {
        if (head) this.unclosedPurpose(start, j, head.name.text);
        break;
      }
      const t = this.tokens[j]!;
      if (t.tokenType === RBrace) {
        end = t.startOffset + 1;
        j++;
        break;
      }
      const to = this.nextItem(j + 1);
      // With a broken head the purpose is lost already; its items are skipped without more errors.
      if (head) {
        const before = items.length;
        this.stretch(j, to, "purposeItems", items);
        if (items.length > before) end = items[items.length - 1]!.span.end;
      }
      j = to;
    }
    if (head) {
      const decl: PurposeDecl = { kind: "purpose", name: head.name, why: head.why, items, span: span(this.file, head.start, end) };
      this.declarations.push(decl);
    }
    return j;
  }

  private unclosedPurpose(start: number, at: number, name: string): void {
    const found = at >= this.tokens.length ? "the end of the file" : describeFound(this.tokens[at]!);
    this.diagnostics.push(
      report("syntax.unclosedPurpose", { found, purpose: name }, {
        span: this.placeOf(at),
        related: [note("syntax.purposeStartsHere", {}, this.tokenSpan(start))],
      }),
    );
  }

  // ── Parsing one stretch ─────────────────────────────────────────────────────

  /**
   * Parses tokens [from, to) with one root rule. On a syntax error reports it
   * (unless a lexical or string error explains it) and returns undefined; what
   * was whole before the error is kept.
   */
  private stretch(from: number, to: number, rule: "statements"): undefined;
  private stretch(from: number, to: number, rule: "purposeHead"): ReturnType<FlowParser["purposeHead"]> | undefined;
  private stretch(from: number, to: number, rule: "purposeItems", items: PurposeItem[]): undefined;
  private stretch(from: number, to: number, rule: "statements" | "purposeHead" | "purposeItems", items?: PurposeItem[]) {
    const parser = this.parser;
    const tokens = this.tokens.slice(from, to);
    parser.begin(this.file, tokens, this.diagnostics);
    let done = from;
    let value: ReturnType<FlowParser["purposeHead"]> | undefined;
    let failure: { index: number; expectation?: Expectation; key?: MessageKey; limit?: boolean } | undefined;
    try {
      if (rule === "statements") {
        parser.statements((node) => {
          if (node.kind === "say" || node.kind === "ask" || node.kind === "consent" || node.kind === "if" || node.kind === "goto" || node.kind === "end") this.steps.push(node);
          else this.declarations.push(node);
          done = this.consumed(from, to);
        });
      } else if (rule === "purposeItems") {
        parser.purposeItems((item) => {
          items!.push(item);
          done = this.consumed(from, to);
        });
      } else {
        value = parser.purposeHead();
      }
      const error: IRecognitionException | undefined = parser.errors[0];
      if (error) failure = { index: this.indexIn(error.token, from, to), expectation: parser.expectation };
    } catch (e) {
      if (e instanceof NestingTooDeep) failure = { index: this.indexIn(e.token, from, to), key: "syntax.nestingTooDeep", limit: true };
      else if (e instanceof RangeError) failure = { index: from, key: "syntax.nestingTooDeep", limit: true };
      else throw e;
    }
    parser.errors = [];
    if (!failure) return value;
    // The strings of the broken statement are never made into AST, but their own
    // mistakes (LF103, LF104, LF106) are still reported; an unterminated one
    // before the error explains it (it swallowed the rest of its line).
    let explained = false;
    for (let j = done; j < to; j++) {
      const t = this.tokens[j]!;
      if (t.tokenType !== StringLit) continue;
      const found: Diagnostic[] = [];
      decodeString(this.file, t.image, t.startOffset, found);
      for (const d of found) this.diagnostics.push(d);
      if (j < failure.index && found.some((d) => d.code === "LF103")) explained = true;
    }
    if (explained || this.lexicalErrorWithin(from, failure.index)) return undefined;
    if (failure.key === "syntax.nestingTooDeep") {
      this.diagnostics.push(report("syntax.nestingTooDeep", { limit: limits.conditionDepth }, { span: this.placeOf(failure.index) }));
      return undefined;
    }
    this.syntaxError(from, to, failure.index, failure.expectation);
    return undefined;
  }

  /** Reports the syntax error at token `at` of the stretch [from, to). */
  private syntaxError(from: number, to: number, at: number, expectation: Expectation | undefined): void {
    const token = at < to ? this.tokens[at]! : undefined;
    if (token?.tokenType === Kw.purpose) {
      this.diagnostics.push(report("syntax.purposeNotOnItsOwnLine", {}, { span: this.tokenSpan(at) }));
      return;
    }
    // Past the stretch: the statement ended (with its line) before it was whole.
    const found = token ? describeFound(token) : to >= this.tokens.length ? "the end of the file" : "the end of the line";
    const place = token ? this.tokenSpan(at) : this.afterToken(to - 1);
    const related: RelatedPlace[] = !token && to < this.tokens.length ? [note("syntax.nextStatementHere", {}, this.tokenSpan(to))] : [];
    const quote = this.strayQuote(at, to) ?? this.trailingComma(from, at);
    if (!expectation || expectation.rule === "") {
      const head = this.tokens[from]!.tokenType;
      const whole =
        head === Kw.retain ? hintText("hint.retainWhole", {}) : this.startsPurposeItem(from) ? hintText("hint.itemComplete", {}) : hintText("hint.statementComplete", {});
      // A word starting a line is most likely a misspelt keyword (`retian 30 days`, `neds email`), not a list's next item.
      const lineStart = at < to && this.atLineStart(at);
      const misspelt = lineStart ? this.spelling(this.tokens[at], [...PURPOSE_ITEM_WORDS, ...STATEMENT_WORDS]) : undefined;
      const hint = quote ?? misspelt ?? (lineStart ? undefined : this.missingComma(from, at)) ?? whole;
      this.pending.push({ key: "syntax.unexpected", expected: "", found, span: place, related, hint: () => hint });
      return;
    }
    // Inside a purpose block any item may come, not only the grammar's first (`basis`).
    const what = expectation.token && expectation.rule !== "purposeItem" && expectation.rule !== "purposeItems"
      ? describeExpected(expectation.token)
      : (RULE_DESCRIPTIONS[expectation.rule] ?? oneOf(expectation.alternatives.map(describeExpected)));
    this.pending.push({
      key: "syntax.expected",
      expected: what,
      found,
      span: place,
      related,
      hint: () => quote ?? this.keywordMeant(expectation, token) ?? this.hintFor(expectation, from, at, token),
    });
  }

  /**
   * `"What is your "name"?"`: a string ends at a quote meant to be inside
   * it, and token `at` starts exactly where that string ends (or a string
   * starts exactly where it ends). The error is the quote, not what follows.
   */
  private strayQuote(at: number, to: number): Hint | undefined {
    const token = at < to ? this.tokens[at] : undefined;
    const before = at > 0 ? this.tokens[at - 1] : undefined;
    if (!token || !before) return undefined;
    const touches = (a: IToken, b: IToken) => a.startOffset + a.image.length === b.startOffset;
    const after = this.tokens[at + 1];
    if ((before.tokenType === StringLit && touches(before, token)) || (token.tokenType !== StringLit && after?.tokenType === StringLit && touches(token, after) && before.tokenType === StringLit))
      return hintText("hint.quoteInString", {});
    return undefined;
  }

  /**
   * `for order under contract,` at the end of a line: the comma carries the
   * statement on into the next line, whose first word is then read as the
   * list's next item.
   */
  private trailingComma(from: number, at: number): Hint | undefined {
    for (let c = at - 1; c >= from; c--) {
      if (this.tokens[c]!.tokenType !== Comma || c + 1 > at) continue;
      const next = this.tokens[c + 1];
      if (!next || !this.atLineStart(c + 1)) continue;
      if (!this.startsStatement(c + 1) && !this.startsPurposeItem(c + 1) && next.tokenType !== RBrace) continue;
      const { line } = positionAt(this.file, this.tokens[c]!.startOffset);
      return hintText("hint.trailingComma", { line });
    }
    return undefined;
  }

  /** `fro` where `for` was expected, `contcat` for `contact`: the keyword meant. */
  private keywordMeant(e: Expectation, token: IToken | undefined): Hint | undefined {
    const expected = e.token;
    if (!expected || !token || !this.isWord(token.tokenType) || token.image.length > 20) return undefined;
    const word = keywordWord(expected);
    if (word === undefined || word === token.image) return undefined;
    return didYouMean(token.image.toLowerCase(), [word]) ? hintText("hint.didYouMean", { word }) : undefined;
  }

  /** `needs name, email phone`: a list whose next item lacks its comma. */
  private missingComma(from: number, at: number): Hint | undefined {
    const token = this.tokens[at];
    const last = this.tokens[at - 1];
    if (!token || !last || at - 1 < from) return undefined;
    const kind = (t: IToken) => (t.tokenType === StringLit ? "string" : this.isWord(t.tokenType) ? "name" : undefined);
    if (kind(token) === undefined || kind(token) !== kind(last)) return undefined;
    for (let j = at - 2; j >= from; j--) {
      const t = this.tokens[j]!;
      if (LIST_HEADS.has(t.tokenType)) return hintText("hint.listComma", { item: token.image.length > 30 ? token.image.slice(0, 30) + "…" : token.image });
      if (t.tokenType !== Comma || j - 1 < from || kind(this.tokens[j - 1]!) !== kind(token)) return undefined;
      j--;
    }
    return undefined;
  }

  // ── Hints that speak of the user's own flow ─────────────────────────────────

  private hintFor(e: Expectation, from: number, at: number, token: IToken | undefined): Hint | undefined {
    const expected = e.token;
    const head = this.tokens[from]!;
    const use = (purpose?: string) => this.purposeExample(purpose);
    switch (e.rule) {
      case "ask": {
        const field = this.askField(from);
        if (expected === Kw.for) return hintText("hint.askFor", use(this.purposeNeeding(field)));
        if (expected === StringLit) return hintText("hint.askQuestion", { field: field ?? "FIELD", ...use(this.purposeNeeding(field)) });
        break;
      }
      case "purposeUse":
        if (expected === Kw.under) return hintText("hint.purposeUnder", use(at > 0 ? this.tokens[at - 1]!.image : undefined));
        break;
      case "fieldDecl":
        if (expected === Colon) return hintText("hint.fieldColon", { field: this.tokens[from + 1]?.image ?? "email" });
        break;
      case "textType":
        return hintText("hint.textLength", {});
      case "fieldType":
        return this.typeHint(token);
      case "unit":
        return this.unitHint(token);
      case "rangeType":
        return hintText("hint.rangeBounds", { kind: this.tokens[at - 1]?.image === "number" || head.image === "number" ? "number" : "integer" });
      case "choiceType":
      case "choiceOption":
        return hintText("hint.choiceOptions", {});
      case "if":
        if (expected === Arrow) return hintText("hint.ifArrow", {});
        break;
      case "flowDecl":
        return hintText("hint.flowDecl", {});
      case "controllerDecl":
        return hintText("hint.controllerDecl", {});
      case "atom":
        if (expected === undefined || expected === CompareOp) return hintText("hint.condition", {});
        break;
      case "purposeHead":
        if (expected === LBrace) return hintText("hint.purposeBrace", { purpose: this.tokens[from + 1]?.image ?? "ID" });
        break;
      case "end":
        if (expected === StringLit) return hintText("hint.endText", {});
        break;
      case "consent":
        if (expected === StringLit) return hintText("hint.consentText", { purpose: this.consentPurpose() ?? "PURPOSE" });
        break;
    }
    if (e.rule === "statements" || e.rule === "statement" || e.rule === "step") return this.spelling(token, STATEMENT_WORDS);
    if (e.rule === "purposeItems" || e.rule === "purposeItem") return this.spelling(token, PURPOSE_ITEM_WORDS);
    return undefined;
  }

  /** `emial`, `string`, `boolean`: the field type meant. */
  private typeHint(token: IToken | undefined): Hint | undefined {
    if (!token || !this.isWord(token.tokenType)) return undefined;
    const word = token.image.toLowerCase();
    const meant = TYPE_SYNONYMS[word] ?? didYouMean(word, Object.keys(TYPE_EXAMPLES));
    return meant ? hintText("hint.didYouMean", { word: TYPE_EXAMPLES[meant] ?? meant }) : undefined;
  }

  /** `yrs`, `dys`, `hours`: the unit meant, or that a day is the shortest. */
  private unitHint(token: IToken | undefined): Hint | undefined {
    if (!token || !this.isWord(token.tokenType)) return undefined;
    const word = token.image.toLowerCase();
    if (SHORTER_UNITS.has(word)) return hintText("hint.unitTooShort", {});
    const meant = UNIT_ABBREVIATIONS[word] ?? didYouMean(word, ["days", "weeks", "months", "years", "day", "week", "month", "year"]);
    return meant ? hintText("hint.didYouMean", { word: meant }) : undefined;
  }

  /** Did the user misspell a keyword? */
  private spelling(token: IToken | undefined, words: readonly string[]): Hint | undefined {
    if (!token || !/^[A-Za-z_]/.test(token.image) || token.image.length > 20) return undefined;
    const word = didYouMean(token.image.toLowerCase(), words);
    return word ? hintText("hint.didYouMean", { word }) : undefined;
  }

  /** The field an ask starting at token `from` names (after an optional `ID:`). */
  private askField(from: number): string | undefined {
    let j = from;
    if (this.tokens[j + 1]?.tokenType === Colon) j += 2; // `label: ask …`
    j++; // `ask`
    if (this.tokens[j + 1]?.tokenType === Colon) j += 2; // `ask ID: …`
    const t = this.tokens[j];
    return t && this.isWord(t.tokenType) ? t.image : undefined;
  }

  private purposes(): PurposeDecl[] {
    return this.declarations.filter((d): d is PurposeDecl => d.kind === "purpose");
  }

  /** The first purpose of this file that needs `field`, else the first purpose. */
  private purposeNeeding(field: string | undefined): string | undefined {
    const all = this.purposes();
    const needing = all.find((p) => p.items.some((i) => i.kind === "needs" && i.fields.some((f) => f.text === field)));
    return (needing ?? all[0])?.name.text;
  }

  private consentPurpose(): string | undefined {
    return this.purposes().find((p) => p.items.some((i) => i.kind === "basis" && i.basis.text === "consent"))?.name.text;
  }

  /** `{ purpose, basis }` for an example `for PURPOSE under BASIS`, from the purpose's own declaration. */
  private purposeExample(purpose: string | undefined): { purpose: string; basis: string } {
    const decl = this.purposes().find((p) => p.name.text === purpose);
    const basis = decl?.items.find((i) => i.kind === "basis");
    const name = basis?.kind === "basis" ? basis.basis.text : undefined;
    return { purpose: purpose ?? "PURPOSE", basis: name && (BASIS_NAMES as readonly string[]).includes(name) ? name : "BASIS" };
  }

  // ── Places ──────────────────────────────────────────────────────────────────

  /** The index of a token of the stretch [from, to); the end of the stretch for its end-of-input token. */
  private indexIn(token: IToken, from: number, to: number): number {
    if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return to;
    let lo = from;
    let hi = to - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.tokens[mid]!.startOffset;
      if (o === token.startOffset) return mid;
      if (o < token.startOffset) lo = mid + 1;
      else hi = mid - 1;
    }
    return to;
  }

  /** The index just past the last token the parser consumed in the stretch [from, to). */
  private consumed(from: number, to: number): number {
    const last = this.parser.lastConsumed();
    return last.tokenType === EOF ? from : this.indexIn(last, from, to) + 1;
  }

  private lexicalErrorWithin(from: number, at: number): boolean {
    const start = this.tokens[from]?.startOffset ?? 0;
    const end = at < this.tokens.length ? this.tokens[at]!.startOffset + this.tokens[at]!.image.length : this.file.text.length;
    // The first error offset at or after `start` (they are ascending).
    let lo = 0;
    let hi = this.lexErrorOffsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lexErrorOffsets[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.lexErrorOffsets.length && this.lexErrorOffsets[lo]! <= end;
  }

  private tokenSpan(j: number): Span {
    const t = this.tokens[j]!;
    return span(this.file, t.startOffset, t.startOffset + t.image.length);
  }

  /** Just after token j (the end of the file when there is none). */
  private afterToken(j: number): Span {
    const t = this.tokens[j];
    const end = t ? t.startOffset + t.image.length : this.file.text.length;
    return span(this.file, end, end);
  }

  /** Token j, or just after the last token when j is past the end. */
  private placeOf(j: number): Span {
    return j < this.tokens.length ? this.tokenSpan(j) : this.afterToken(this.tokens.length - 1);
  }
}

function oneOf(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length > 1 ? "one of " + unique.join(", ") : (unique[0] ?? "more");
}
