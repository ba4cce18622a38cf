/**
 * Parsing: source text to the typed AST (compiler/ast.ts), with every syntax
 * diagnostic (LF1xx). The grammar itself lives in grammar/; this file drives
 * the parser one top-level item at a time, recovers from syntax errors, and
 * turns each concrete syntax tree into AST nodes with spans.
 *
 * Recovery: after a syntax error the rest of the item is skipped up to the next
 * declaration or step keyword that starts a line (inside a purpose block, the
 * next purpose item), so a file with several mistakes reports all of them, one
 * per item, and the well-formed items around them stay in the AST.
 */
import { EOF, type CstElement, type CstNode, type IRecognitionException, type IToken } from "chevrotain";
import type {
  CompareOp, Condition, Declaration, Duration, DurationUnit, FieldDecl, FieldType, FlowFile, Literal, Name, Operand,
  PurposeDecl, PurposeItem, PurposeUse, Retention, Step, Text, WhenBranch,
} from "./ast.ts";
import { diagnostic, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.ts";
import { span, type SourceFile, type Span } from "./source.ts";
import { lex } from "../grammar/lexer.ts";
import { flowParser, HINT_SEPARATOR, MAX_CONDITION_DEPTH, NestingTooDeep, describeFound, type FlowParser } from "../grammar/parser.ts";
import { decodeString } from "../grammar/strings.ts";
import { Colon, DECLARATION_KEYWORDS, Identifier, Kw, RBrace, STEP_KEYWORDS, StringLit } from "../grammar/tokens.ts";

export interface ParseResult {
  readonly ast: FlowFile;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses one `.flow` file. Never throws: a user's mistake is a diagnostic, and
 * an unexpected failure inside Lawflow becomes LF900. With syntax errors the
 * AST holds every item that could be recovered.
 */
export function parseFlow(file: SourceFile): ParseResult {
  const state = new ParseState(file);
  try {
    state.run();
  } catch (e) {
    state.diagnostics.push(
      diagnostic("LF900", `internal error while parsing (a bug in Lawflow; please report it): ${e instanceof Error ? e.message : String(e)}`, {
        path: file.path,
      }),
    );
  }
  return { ast: state.result(), diagnostics: sortDiagnostics(state.diagnostics) };
}

const DURATION_UNITS: Record<string, DurationUnit> = {
  day: "days", days: "days", week: "weeks", weeks: "weeks", month: "months", months: "months", year: "years", years: "years",
};

const STATEMENT_WORDS = ["flow", "controller", "security", "use", "purpose", "field", "say", "ask", "consent", "if", "goto", "end"];
const PURPOSE_ITEM_KEYWORDS = new Set([
  Kw.basis, Kw.needs, Kw.retain, Kw.consent, Kw.shared, Kw.transfer, Kw.withdraw, Kw.condition, Kw.category, Kw.subjects, Kw.automated,
]);
const DECLARATION_SET = new Set(DECLARATION_KEYWORDS);
const STEP_SET = new Set(STEP_KEYWORDS);

type Children = Record<string, CstElement[] | undefined>;

function tok(node: CstNode, key: string): IToken | undefined {
  return (node.children as Children)[key]?.[0] as IToken | undefined;
}
function toks(node: CstNode, key: string): IToken[] {
  return ((node.children as Children)[key] ?? []) as IToken[];
}
function sub(node: CstNode, key: string): CstNode | undefined {
  return (node.children as Children)[key]?.[0] as CstNode | undefined;
}
function subs(node: CstNode, key: string): CstNode[] {
  return ((node.children as Children)[key] ?? []) as CstNode[];
}
/** A CST element that must be there when the rule succeeded. */
function must<T>(x: T | undefined, what: string): T {
  if (x === undefined) throw new Error(`missing ${what} in the parse tree`);
  return x;
}

/** Edit distance counting a swap of neighbours as one edit (`sya` is one edit from `say`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

class ParseState {
  readonly diagnostics: Diagnostic[] = [];
  private readonly declarations: Declaration[] = [];
  private readonly steps: Step[] = [];
  private tokens: IToken[] = [];
  /** Start offsets of lexical errors (LF101), ascending: a parse error they caused is not reported again. */
  private lexErrorOffsets: number[] = [];
  private parser!: FlowParser;

  constructor(readonly file: SourceFile) {}

  result(): FlowFile {
    return { path: this.file.path, declarations: this.declarations, steps: this.steps, span: span(this.file, 0, this.file.text.length) };
  }

  run(): void {
    const lexed = lex(this.file);
    this.diagnostics.push(...lexed.diagnostics);
    this.lexErrorOffsets = lexed.diagnostics.filter((d) => d.code === "LF101").map((d) => d.span!.start);
    this.tokens = lexed.tokens;
    const parser = (this.parser = flowParser());
    parser.input = this.tokens;
    try {
      this.statements();
    } finally {
      // Do not keep the file's tokens alive in the shared parser.
      parser.input = [];
    }
  }

  // ── Driving the parser ──────────────────────────────────────────────────────

  private statements(): void {
    const parser = this.parser;
    while (parser.peek(1).tokenType !== EOF) {
      const start = parser.position;
      const cst = this.invoke(() => parser.statement(), start, "statement");
      if (!cst) continue;
      const head = sub(cst, "purposeHead");
      if (head) {
        this.purpose(head, start);
        continue;
      }
      this.statement(cst);
    }
  }

  /**
   * Runs one root rule at the parser's position. On a syntax error: reports it
   * (unless a lexical error explains it), moves the parser to the next place
   * to resume, and returns undefined.
   */
  private invoke(rule: () => CstNode, start: number, context: "statement" | "purposeItem"): CstNode | undefined {
    const parser = this.parser;
    parser.errors = [];
    parser.depth = 0;
    let cst: CstNode | undefined;
    let error: { token: IToken; message: string; hint?: string } | undefined;
    try {
      cst = rule();
      const errs = parser.errors.filter((e: IRecognitionException) => e.name !== "NotAllInputParsedException");
      if (errs.length > 0) {
        const e = errs[0]!;
        const [message, hint] = e.message.split(HINT_SEPARATOR);
        error = { token: e.token, message: message!, hint: hint ?? this.spellingHint(e.token, context) };
      }
    } catch (e) {
      if (e instanceof NestingTooDeep) {
        error = {
          token: e.token,
          message: `condition nesting too deep (more than ${MAX_CONDITION_DEPTH} levels of parentheses or \`not\`)`,
          hint: "split the condition into several `if` steps",
        };
      } else if (e instanceof RangeError) {
        error = { token: this.tokens[start] ?? parser.peek(1), message: "nesting too deep for the parser", hint: "split the condition into several `if` steps" };
      } else {
        throw e;
      }
    }
    parser.errors = [];
    if (!error) return cst;
    const errorIndex = this.indexOf(error.token);
    const resume = context === "statement" ? this.resyncStatement(start, errorIndex) : this.resyncPurposeItem(start, errorIndex);
    // The skipped strings are never turned into AST, but their own mistakes
    // (LF103, LF104, LF106) are still reported; an unterminated one before the
    // error explains it (it swallowed the rest of its line).
    let explained = false;
    for (let j = start; j < resume; j++) {
      const t = this.tokens[j]!;
      if (t.tokenType !== StringLit) continue;
      const before = this.diagnostics.length;
      decodeString(this.file, t.image, t.startOffset, this.diagnostics);
      if (j < errorIndex && this.diagnostics.slice(before).some((d) => d.code === "LF103")) explained = true;
    }
    if (!explained) this.reportSyntaxError(error, start, errorIndex);
    parser.seek(resume);
    return undefined;
  }

  private reportSyntaxError(error: { token: IToken; message: string; hint?: string }, start: number, errorIndex: number): void {
    const at = this.tokenSpan(error.token, errorIndex);
    // A lexical error inside this item already explains it (e.g. `'…'` quotes).
    const from = this.tokens[start]?.startOffset ?? 0;
    if (this.lexErrorOffsets.some((o) => o >= from && o <= at.end)) return;
    this.diagnostics.push(diagnostic("LF102", error.message, { span: at, hint: error.hint }));
  }

  /** Did the user misspell a statement keyword? */
  private spellingHint(token: IToken, context: "statement" | "purposeItem"): string | undefined {
    if (token.tokenType === EOF || !/^[A-Za-z_]/.test(token.image)) return undefined;
    const words = context === "statement" ? STATEMENT_WORDS : ["basis", "needs", "retain", "consent", "shared", "transfer", "withdraw", "condition", "category", "subjects", "automated"];
    const word = token.image.toLowerCase();
    let best: string | undefined;
    let bestDistance = 3;
    for (const w of words) {
      const d = editDistance(word, w);
      if (d < bestDistance && d <= Math.max(1, Math.floor(w.length / 3))) {
        best = w;
        bestDistance = d;
      }
    }
    return best ? `did you mean \`${best}\`?` : undefined;
  }

  /** The index of a token in the vector (EOF: the vector's length). */
  private indexOf(token: IToken): number {
    if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return this.tokens.length;
    // Binary search by offset: tokens are in source order.
    let lo = 0;
    let hi = this.tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.tokens[mid]!.startOffset;
      if (o === token.startOffset) return mid;
      if (o < token.startOffset) lo = mid + 1;
      else hi = mid - 1;
    }
    return this.tokens.length;
  }

  private tokenSpan(token: IToken, index: number): Span {
    if (index < this.tokens.length) return span(this.file, token.startOffset, token.startOffset + token.image.length);
    // The end of the file: point just after the last token.
    const last = this.tokens[this.tokens.length - 1];
    const end = last ? last.startOffset + last.image.length : this.file.text.length;
    return span(this.file, end, end);
  }

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

  /** Does token j start a declaration or a step (including a `label:` step)? */
  private startsStatement(j: number): boolean {
    const t = this.tokens[j]!.tokenType;
    if (DECLARATION_SET.has(t) || STEP_SET.has(t)) return true;
    const next = this.tokens[j + 1];
    const after = this.tokens[j + 2];
    return (t === Identifier || t.CATEGORIES?.includes(Identifier) === true) && next?.tokenType === Colon && !!after && STEP_SET.has(after.tokenType);
  }

  private startsPurposeItem(j: number): boolean {
    const t = this.tokens[j]!.tokenType;
    if (!PURPOSE_ITEM_KEYWORDS.has(t)) return false;
    return t !== Kw.consent || this.tokens[j + 1]?.tokenType === Kw.valid;
  }

  /** Where to resume after an error in the item that began at token `start`. */
  private resyncStatement(start: number, errorIndex: number): number {
    for (let j = Math.max(errorIndex, start + 1); j < this.tokens.length; j++) {
      if (this.startsStatement(j) && this.atLineStart(j)) return j;
    }
    return this.tokens.length;
  }

  private resyncPurposeItem(start: number, errorIndex: number): number {
    for (let j = Math.max(errorIndex, start + 1); j < this.tokens.length; j++) {
      if (this.tokens[j]!.tokenType === RBrace) return j;
      if (this.atLineStart(j) && (this.startsPurposeItem(j) || this.startsStatement(j))) return j;
    }
    return this.tokens.length;
  }

  /** Items of a purpose block, one root invocation each, up to the closing `}`. */
  private purpose(head: CstNode, start: number): void {
    const parser = this.parser;
    const items: PurposeItem[] = [];
    let endOffset = head.location!.endOffset! + 1;
    for (;;) {
      const la = parser.peek(1);
      if (la.tokenType === RBrace) {
        endOffset = la.startOffset + 1;
        parser.seek(parser.position + 1);
        break;
      }
      const index = parser.position;
      if (la.tokenType === EOF || (!this.startsPurposeItem(index) && this.startsStatement(index) && this.atLineStart(index))) {
        const at = this.tokenSpan(la, index);
        this.diagnostics.push(
          diagnostic("LF102", `expected a purpose item or \`}\`, found ${describeFound(la)}`, {
            span: at,
            hint: `close the purpose \`${tok(head, "name")?.image ?? ""}\` with \`}\``,
            related: [{ span: this.tokenSpan(this.tokens[start]!, start), message: "the purpose starts here" }],
          }),
        );
        break;
      }
      const cst = this.invoke(() => parser.purposeItem(), index, "purposeItem");
      if (!cst) continue;
      const item = this.purposeItem(cst);
      if (item) items.push(item);
      endOffset = cst.location!.endOffset! + 1;
    }
    const decl: PurposeDecl = {
      kind: "purpose",
      name: this.name(must(tok(head, "name"), "purpose name")),
      why: this.text(must(tok(head, "why"), "purpose text")),
      items,
      span: span(this.file, head.location!.startOffset, endOffset),
    };
    this.declarations.push(decl);
  }

  // ── CST to AST ──────────────────────────────────────────────────────────────

  private statement(cst: CstNode): void {
    let node: CstNode | undefined;
    if ((node = sub(cst, "step"))) {
      const step = this.step(node);
      if (step) this.steps.push(step);
      return;
    }
    if ((node = sub(cst, "flowDecl"))) {
      this.declarations.push({
        kind: "flow",
        name: this.name(must(tok(node, "name"), "flow name")),
        version: this.text(must(tok(node, "version"), "version")),
        span: this.nodeSpan(node),
      });
    } else if ((node = sub(cst, "controllerDecl"))) {
      const dpo = tok(node, "dpo");
      this.declarations.push({
        kind: "controller",
        name: this.text(must(tok(node, "name"), "controller name")),
        contact: this.text(must(tok(node, "contact"), "contact")),
        ...(dpo ? { dpo: this.text(dpo) } : {}),
        span: this.nodeSpan(node),
      });
    } else if ((node = sub(cst, "securityDecl"))) {
      this.declarations.push({ kind: "security", text: this.text(must(tok(node, "text"), "text")), span: this.nodeSpan(node) });
    } else if ((node = sub(cst, "useDecl"))) {
      this.declarations.push({ kind: "use", path: this.text(must(tok(node, "path"), "path")), span: this.nodeSpan(node) });
    } else if ((node = sub(cst, "fieldDecl"))) {
      this.declarations.push(this.field(node));
    } else {
      throw new Error(`unknown statement ${Object.keys(cst.children).join(",")}`);
    }
  }

  private nodeSpan(node: CstNode): Span {
    return span(this.file, node.location!.startOffset, node.location!.endOffset! + 1);
  }
  private tokSpan(t: IToken): Span {
    return span(this.file, t.startOffset, t.startOffset + t.image.length);
  }
  private name(t: IToken): Name {
    return { text: t.image, span: this.tokSpan(t) };
  }
  private text(t: IToken): Text {
    return decodeString(this.file, t.image, t.startOffset, this.diagnostics);
  }
  private error(message: string, at: Span, hint?: string): void {
    this.diagnostics.push(diagnostic("LF102", message, { span: at, hint }));
  }

  /** A count (days, retries): a non-negative whole number. */
  private count(t: IToken, what: string): number {
    const n = Number(t.image);
    if (!Number.isInteger(n) || n < 0) {
      this.error(`expected a whole number of ${what}, found \`${t.image}\``, this.tokSpan(t));
      return Math.max(0, Math.trunc(n)) || 0;
    }
    return n;
  }

  private dottedName(node: CstNode): Name {
    const parts = toks(node, "part");
    const text = parts.map((p) => p.image).join(".");
    const s = this.nodeSpan(node);
    if (s.end - s.start !== text.length) this.error("a dotted name is written without spaces", s, `write \`${text}\``);
    return { text, span: s };
  }

  private duration(node: CstNode): Duration {
    const amount = must(tok(node, "amount"), "amount");
    const unit = must(tok(must(sub(node, "unit"), "unit"), "unit"), "unit");
    return { amount: this.count(amount, unit.image.replace(/s$/, "") + "s"), unit: DURATION_UNITS[unit.image]!, span: this.nodeSpan(node) };
  }

  private purposeItem(node: CstNode): PurposeItem | undefined {
    const s = this.nodeSpan(node);
    const first = tok(node, "Kw_basis") ?? tok(node, "Kw_needs") ?? tok(node, "Kw_consent") ?? tok(node, "Kw_shared") ??
      tok(node, "Kw_transfer") ?? tok(node, "Kw_withdraw") ?? tok(node, "Kw_condition") ?? tok(node, "Kw_category") ??
      tok(node, "Kw_subjects") ?? tok(node, "Kw_automated");
    const retain = sub(node, "retainItem");
    if (retain) return { kind: "retain", retention: this.retention(retain), span: s };
    switch (first?.image) {
      case "basis": {
        const evidence = tok(node, "evidence");
        return { kind: "basis", basis: this.name(must(tok(node, "basis"), "basis")), ...(evidence ? { evidence: this.text(evidence) } : {}), span: s };
      }
      case "needs":
        return { kind: "needs", fields: toks(node, "field").map((t) => this.name(t)), span: s };
      case "consent":
        return { kind: "consent_valid", duration: this.duration(must(sub(node, "duration"), "duration")), span: s };
      case "shared":
        return { kind: "shared_with", recipients: this.strings(node, "recipients"), span: s };
      case "transfer":
        return {
          kind: "transfer",
          country: this.text(must(tok(node, "country"), "country")),
          safeguard: this.text(must(tok(node, "safeguard"), "safeguard")),
          span: s,
        };
      case "withdraw":
        return { kind: "withdraw_on", phrases: this.strings(node, "phrases"), span: s };
      case "condition":
        return { kind: "condition", condition: this.name(must(tok(node, "condition"), "condition")), span: s };
      case "category":
        return { kind: "category", category: this.dottedName(must(sub(node, "category"), "category")), span: s };
      case "subjects":
        return { kind: "subjects", subjects: this.strings(node, "subjects"), span: s };
      case "automated":
        return { kind: "automated", description: this.text(must(tok(node, "description"), "description")), span: s };
    }
    throw new Error("unknown purpose item");
  }

  private strings(node: CstNode, key: string): Text[] {
    return toks(must(sub(node, key), key), "item").map((t) => this.text(t));
  }

  private retention(node: CstNode): Retention {
    // The retention's own span starts after the `retain` keyword, at its first word.
    const rest = this.tokens[this.indexOf(must(tok(node, "Kw_retain"), "retain")) + 1]!;
    const own = span(this.file, rest.startOffset, node.location!.endOffset! + 1);
    if (tok(node, "Kw_session")) return { kind: "session", span: own };
    const duration = sub(node, "duration");
    if (!duration) return { kind: "until_withdrawn", span: own };
    return { kind: "period", period: this.duration(duration), orUntilWithdrawn: tok(node, "Kw_or") !== undefined, span: own };
  }

  private field(node: CstNode): FieldDecl {
    const label = tok(node, "label");
    const special = tok(node, "special");
    const category = sub(node, "category");
    return {
      kind: "field",
      name: this.name(must(tok(node, "name"), "field name")),
      type: this.fieldType(must(sub(node, "fieldType"), "field type")),
      ...(label ? { label: this.text(label) } : {}),
      ...(special ? { special: this.name(special) } : {}),
      ...(category ? { category: this.dottedName(category) } : {}),
      span: this.nodeSpan(node),
    };
  }

  private fieldType(node: CstNode): FieldType {
    const s = this.nodeSpan(node);
    let n: CstNode | undefined;
    if ((n = sub(node, "textType"))) return { kind: "text", max: Number(must(tok(n, "max"), "max").image), span: s };
    if ((n = sub(node, "rangeType"))) {
      const kind = must(tok(n, "kind"), "kind").image === "integer" ? "integer" : "number";
      return { kind, min: Number(must(tok(n, "min"), "min").image), max: Number(must(tok(n, "max"), "max").image), span: s };
    }
    if ((n = sub(node, "choiceType"))) {
      return {
        kind: "choice",
        options: subs(n, "option").map((o) => ({ value: this.name(must(tok(o, "value"), "value")), label: this.text(must(tok(o, "label"), "label")) })),
        span: s,
      };
    }
    const simple = must(tok(node, "simple"), "type").image as "email" | "phone" | "yesno" | "date";
    return { kind: simple, span: s };
  }

  // ── Steps ───────────────────────────────────────────────────────────────────

  private step(node: CstNode): Step | undefined {
    const s = this.nodeSpan(node);
    const labelTok = tok(node, "label");
    const label = labelTok ? this.name(labelTok) : undefined;
    /** A step has one id: a leading `ID:` label or, for ask/consent/end, the id written inside. */
    const id = (inner: IToken | undefined): { id?: Name } => {
      if (inner && label) {
        this.error(`this step already has the id \`${label.text}\``, this.tokSpan(inner), `remove \`${label.text}:\` or \`${inner.image}\``);
      }
      const chosen = label ?? (inner ? this.name(inner) : undefined);
      return chosen ? { id: chosen } : {};
    };
    let n: CstNode | undefined;
    if ((n = sub(node, "say"))) return { kind: "say", ...id(tok(n, "id")), text: this.text(must(tok(n, "text"), "text")), span: s };
    if ((n = sub(node, "ask"))) return this.ask(n, s, id(tok(n, "id")));
    if ((n = sub(node, "consent"))) {
      let given: Name | undefined;
      let refused: Name | undefined;
      for (const t of toks(n, "given")) given = this.once(given, t, "`given ->`");
      for (const t of toks(n, "refused")) refused = this.once(refused, t, "`refused ->`");
      return {
        kind: "consent",
        ...id(tok(n, "id")),
        purpose: this.name(must(tok(n, "purpose"), "purpose")),
        request: this.text(must(tok(n, "request"), "request")),
        ...(given ? { given } : {}),
        ...(refused ? { refused } : {}),
        span: s,
      };
    }
    if ((n = sub(node, "if"))) {
      return {
        kind: "if",
        ...id(undefined),
        condition: this.or(must(sub(n, "condition"), "condition")),
        target: this.name(must(tok(n, "target"), "target")),
        span: s,
      };
    }
    if ((n = sub(node, "goto"))) return { kind: "goto", ...id(undefined), target: this.name(must(tok(n, "target"), "target")), span: s };
    if ((n = sub(node, "end"))) {
      const outcome = tok(n, "outcome");
      return { kind: "end", ...id(tok(n, "id")), text: this.text(must(tok(n, "text"), "text")), ...(outcome ? { outcome: this.name(outcome) } : {}), span: s };
    }
    throw new Error("unknown step");
  }

  /** An option that may be given once: the second one is reported and ignored. */
  private once(current: Name | undefined, t: IToken, what: string): Name {
    if (current) {
      this.error(`${what} is given twice in this step (first \`${current.text}\`)`, this.tokSpan(t));
      return current;
    }
    return this.name(t);
  }

  private ask(node: CstNode, s: Span, id: { id?: Name }): Step {
    const purposes: PurposeUse[] = subs(node, "purpose").map((p) => ({
      purpose: this.name(must(tok(p, "purpose"), "purpose")),
      basis: this.name(must(tok(p, "basis"), "basis")),
      span: this.nodeSpan(p),
    }));
    let optional = false;
    const when: WhenBranch[] = [];
    let next: Name | undefined;
    let retry: { limit: number; target: Name; span: Span } | undefined;
    for (const o of subs(node, "option")) {
      if (tok(o, "Kw_optional")) optional = true;
      else if (tok(o, "Kw_when")) {
        when.push({ value: this.literal(must(sub(o, "value"), "value")), target: this.name(must(tok(o, "whenTarget"), "target")), span: this.nodeSpan(o) });
      } else if (tok(o, "next")) next = this.once(next, tok(o, "next")!, "`-> STEP`");
      else if (tok(o, "Kw_retry")) {
        if (retry) this.error("`retry` is given twice in this step", this.nodeSpan(o));
        else {
          retry = {
            limit: this.count(must(tok(o, "limit"), "limit"), "attempts"),
            target: this.name(must(tok(o, "retryTarget"), "target")),
            span: this.nodeSpan(o),
          };
        }
      }
    }
    return {
      kind: "ask",
      ...id,
      field: this.name(must(tok(node, "field"), "field")),
      question: this.text(must(tok(node, "question"), "question")),
      purposes,
      optional,
      when,
      ...(next ? { next } : {}),
      ...(retry ? { retry } : {}),
      span: s,
    };
  }

  // ── Conditions ──────────────────────────────────────────────────────────────

  private or(node: CstNode): Condition {
    return this.chain(subs(node, "operand").map((n) => this.and(n)), "or");
  }
  private and(node: CstNode): Condition {
    return this.chain(subs(node, "operand").map((n) => this.not(n)), "and");
  }
  /**
   * `a and b and c …` as a balanced tree. `and` and `or` are associative, so
   * the meaning (and the left-to-right order of operands) is that of the
   * written chain, but a chain of n operands is only log2(n) deep: every
   * later pass may recurse over conditions without running out of stack.
   */
  private chain(operands: Condition[], kind: "and" | "or"): Condition {
    const build = (from: number, to: number): Condition => {
      if (to - from === 1) return must(operands[from], "operand");
      const mid = (from + to) >> 1;
      const left = build(from, mid);
      const right = build(mid, to);
      return { kind, left, right, span: span(this.file, left.span.start, right.span.end) };
    };
    return build(0, Math.max(1, operands.length));
  }
  private not(node: CstNode): Condition {
    let acc = this.atom(must(sub(node, "atom"), "atom"));
    const nots = toks(node, "Kw_not");
    for (let i = nots.length - 1; i >= 0; i--) acc = { kind: "not", operand: acc, span: span(this.file, nots[i]!.startOffset, acc.span.end) };
    return acc;
  }
  private atom(node: CstNode): Condition {
    const s = this.nodeSpan(node);
    const inner = sub(node, "inner");
    // A parenthesised condition: the node's span includes its parentheses.
    if (inner) return { ...this.or(inner), span: s };
    const field = tok(node, "field");
    if (field) return { kind: "known", field: this.name(field), span: s };
    const purpose = tok(node, "purpose");
    if (purpose) return { kind: "given", purpose: this.name(purpose), span: s };
    return {
      kind: "compare",
      op: must(tok(node, "CompareOp"), "operator").image as CompareOp,
      left: this.operand(must(sub(node, "left"), "left")),
      right: this.operand(must(sub(node, "right"), "right")),
      span: s,
    };
  }
  private operand(node: CstNode): Operand {
    const word = tok(node, "word");
    if (word) return { kind: "name", name: this.name(word) };
    return this.literal(node);
  }
  private literal(node: CstNode): Literal {
    const word = tok(node, "word");
    if (word) return { kind: "symbol", value: word.image, span: this.tokSpan(word) };
    const num = tok(node, "number");
    if (num) return { kind: "number", value: Number(num.image), span: this.tokSpan(num) };
    const str = must(tok(node, "string"), "value");
    return { kind: "string", value: this.text(str).value, span: this.tokSpan(str) };
  }
}
