/**
 * The Lawflow parser: tokens to the typed AST of compiler/ast.ts in one pass
 * (chevrotain's embedded actions: each rule returns its node).
 *
 * The parser only ever sees one stretch of tokens at a time — a few
 * statements, a purpose's head, the items on one line of a purpose — cut out
 * by the driver (parse.ts), which also reports errors and recovers. Chevrotain's
 * own recovery is off.
 *
 * Semantic actions run only while parsing, never while chevrotain records the
 * grammar, so every node is built inside `ACTION`. One instance is built once
 * per process (recording the grammar is the expensive part); see `flowParser`.
 */
import { EmbeddedActionsParser, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import type {
  AskStep, CompareOp as CompareOperator, Condition, Declaration, Duration, DurationUnit, FieldDecl, FieldType, Literal, Name, Operand,
  PurposeItem, PurposeUse, Retention, Step, Text, WhenBranch,
} from "../ast.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { report, type MessageArgs, type MessageKey } from "../diagnostics/messages.ts";
import { span, type SourceFile, type Span } from "../source.ts";
import { limits } from "./limits.ts";
import { decodeString } from "./strings.ts";
import {
  allTokens, Arrow, Colon, Comma, CompareOp, Dot, DotDot, Identifier, Kw, LBrace, LParen, NumberLit, RParen, StringLit,
} from "./tokens.ts";
import { validateGrammar } from "./validate.ts";

/** Thrown from inside a rule when a condition nests deeper than `limits.conditionDepth`. */
export class NestingTooDeep extends Error {
  constructor(readonly token: IToken) {
    super("nesting too deep");
  }
}

/** What the parser expected when it failed, for the driver to turn into a message from the catalogue. */
export interface Expectation {
  /** The rule that failed (`ask`, `purposeUse`, `atom`…). */
  readonly rule: string;
  /** The one token that was missing, when there was exactly one. */
  readonly token?: TokenType;
  /** Every token that could have come next, in grammar order. */
  readonly alternatives: readonly TokenType[];
}

/** The head of a purpose block, `purpose ID "WHY" {`; the items are parsed line by line. */
export interface PurposeHead {
  readonly name: Name;
  readonly why: Text;
  readonly start: number;
}

const DURATION_UNITS: Record<string, DurationUnit> = {
  day: "days", days: "days", week: "weeks", weeks: "weeks", month: "months", months: "months", year: "years", years: "years",
};

export class FlowParser extends EmbeddedActionsParser {
  /** The file being parsed: every node's span points into it. Set by the driver. */
  file!: SourceFile;
  /** Where decoded strings and in-rule checks report (LF103, LF104, LF106, repeated options…). */
  diagnostics: Diagnostic[] = [];
  /** Why the last rule failed; set by the error message provider just before chevrotain throws. */
  expectation: Expectation | undefined;
  /** Current nesting of parentheses and `not`s in a condition. */
  private depth = 0;

  constructor() {
    const expectations: IParserErrorMessageProvider = {
      buildMismatchTokenMessage: ({ expected, ruleName }) => this.expect(ruleName, expected, [expected]),
      buildNotAllInputParsedMessage: () => this.expect("", undefined, []),
      buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
        this.expect(ruleName, undefined, expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => t !== undefined))),
      buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
        this.expect(ruleName, expectedIterationPaths[0]?.[0], expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined)),
    };
    super(allTokens, {
      maxLookahead: 3,
      recoveryEnabled: false,
      skipValidations: !validateGrammar,
      errorMessageProvider: expectations,
    });
    this.performSelfAnalysis();
  }

  private expect(rule: string, token: TokenType | undefined, alternatives: TokenType[]): string {
    this.expectation = { rule, token, alternatives: [...new Set(alternatives)] };
    return rule;
  }

  /** Gets the parser ready for one stretch of tokens of `file`. */
  begin(file: SourceFile, tokens: IToken[], diagnostics: Diagnostic[]): void {
    this.file = file;
    this.diagnostics = diagnostics;
    this.input = tokens;
    this.expectation = undefined;
    this.depth = 0;
  }

  /** The last token consumed (end-of-input before the first). */
  lastConsumed(): IToken {
    return this.LA(0);
  }

  // ── Helpers for the actions ───────────────────────────────────────────────

  private tokSpan(t: IToken): Span {
    return span(this.file, t.startOffset, t.startOffset + t.image.length);
  }
  /** From the start of `first` to the end of the last token consumed. */
  private spanFrom(first: IToken | number): Span {
    const last = this.LA(0);
    const start = typeof first === "number" ? first : first.startOffset;
    return span(this.file, start, last.startOffset + last.image.length);
  }
  private name(t: IToken): Name {
    return { text: t.image, span: this.tokSpan(t) };
  }
  private text(t: IToken): Text {
    return decodeString(this.file, t.image, t.startOffset, this.diagnostics);
  }
  private problem<K extends MessageKey>(key: K, args: MessageArgs<K>, at: Span): void {
    this.diagnostics.push(report(key, args, { span: at }));
  }
  /** A count (days, retries): a non-negative whole number. */
  private count(t: IToken, what: string): number {
    const n = Number(t.image);
    if (!Number.isInteger(n) || n < 0) {
      this.problem("syntax.notACount", { what, found: t.image }, this.tokSpan(t));
      return Math.max(0, Math.trunc(n)) || 0;
    }
    return n;
  }
  /** A following `NAME :` is the label of the next step, not an option of this one. */
  private notLabel = (): boolean => this.LA(2).tokenType !== Colon;
  /** `known(` / `given(`: the word is the test, not a field named `known`. */
  private callFollows = (): boolean => this.LA(2).tokenType === LParen;

  // ── Top level ─────────────────────────────────────────────────────────────

  /** Statements up to the end of the stretch; each is handed to `sink` as soon as it is whole. */
  statements = this.RULE("statements", (sink: (node: Declaration | Step) => void) => {
    this.MANY(() => {
      const node = this.SUBRULE(this.statement);
      this.ACTION(() => sink(node));
    });
  });

  statement = this.RULE("statement", (): Declaration | Step => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.flowDecl) },
      { ALT: () => this.SUBRULE(this.controllerDecl) },
      { ALT: () => this.SUBRULE(this.securityDecl) },
      { ALT: () => this.SUBRULE(this.useDecl) },
      { ALT: () => this.SUBRULE(this.fieldDecl) },
      { ALT: () => this.SUBRULE(this.step) },
    ]);
  });

  flowDecl = this.RULE("flowDecl", (): Declaration => {
    const first = this.CONSUME(Kw.flow);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Kw.version);
    const version = this.CONSUME(StringLit);
    return this.ACTION(() => ({ kind: "flow", name: this.name(name), version: this.text(version), span: this.spanFrom(first) }));
  });

  controllerDecl = this.RULE("controllerDecl", (): Declaration => {
    const first = this.CONSUME(Kw.controller);
    const name = this.CONSUME1(StringLit);
    this.CONSUME(Kw.contact);
    const contact = this.CONSUME2(StringLit);
    const dpo = this.OPTION(() => {
      this.CONSUME(Kw.dpo);
      return this.CONSUME3(StringLit);
    });
    return this.ACTION(() => ({
      kind: "controller",
      name: this.text(name),
      contact: this.text(contact),
      ...(dpo ? { dpo: this.text(dpo) } : {}),
      span: this.spanFrom(first),
    }));
  });

  securityDecl = this.RULE("securityDecl", (): Declaration => {
    const first = this.CONSUME(Kw.security);
    const text = this.CONSUME(StringLit);
    return this.ACTION(() => ({ kind: "security", text: this.text(text), span: this.spanFrom(first) }));
  });

  useDecl = this.RULE("useDecl", (): Declaration => {
    const first = this.CONSUME(Kw.use);
    const path = this.CONSUME(StringLit);
    return this.ACTION(() => ({ kind: "use", path: this.text(path), span: this.spanFrom(first) }));
  });

  // ── Purposes ──────────────────────────────────────────────────────────────

  /** `purpose ID "WHY" {` — the head only; the driver parses the items one line at a time. */
  purposeHead = this.RULE("purposeHead", (): PurposeHead => {
    const first = this.CONSUME(Kw.purpose);
    const name = this.CONSUME(Identifier);
    const why = this.CONSUME(StringLit);
    this.CONSUME(LBrace);
    return this.ACTION(() => ({ name: this.name(name), why: this.text(why), start: first.startOffset }));
  });

  /** The items on one line of a purpose block, each handed to `sink` as soon as it is whole. */
  purposeItems = this.RULE("purposeItems", (sink: (item: PurposeItem) => void) => {
    this.AT_LEAST_ONE(() => {
      const item = this.SUBRULE(this.purposeItem);
      this.ACTION(() => sink(item));
    });
  });

  purposeItem = this.RULE("purposeItem", (): PurposeItem => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.basis);
          const basis = this.CONSUME(Identifier);
          const evidence = this.OPTION(() => this.CONSUME(StringLit));
          return this.ACTION((): PurposeItem => ({
            kind: "basis",
            basis: this.name(basis),
            ...(evidence ? { evidence: this.text(evidence) } : {}),
            span: this.spanFrom(first),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.needs);
          const fields = [this.CONSUME1(Identifier)];
          this.MANY(() => {
            this.CONSUME(Comma);
            fields.push(this.CONSUME2(Identifier));
          });
          return this.ACTION((): PurposeItem => ({ kind: "needs", fields: fields.map((t) => this.name(t)), span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          const retention = this.SUBRULE(this.retainItem);
          return this.ACTION((): PurposeItem => ({ kind: "retain", retention, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.consent);
          this.CONSUME(Kw.valid);
          const duration = this.SUBRULE(this.duration);
          return this.ACTION((): PurposeItem => ({ kind: "consent_valid", duration, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.shared);
          this.CONSUME(Kw.with);
          const recipients = this.SUBRULE1(this.stringList);
          return this.ACTION((): PurposeItem => ({ kind: "shared_with", recipients, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.transfer);
          this.CONSUME(Kw.to);
          const country = this.CONSUME1(StringLit);
          this.CONSUME(Kw.under);
          const safeguard = this.CONSUME2(StringLit);
          return this.ACTION((): PurposeItem => ({ kind: "transfer", country: this.text(country), safeguard: this.text(safeguard), span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.withdraw);
          this.CONSUME(Kw.on);
          const phrases = this.SUBRULE2(this.stringList);
          return this.ACTION((): PurposeItem => ({ kind: "withdraw_on", phrases, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.object);
          this.CONSUME1(Kw.on);
          const phrases = this.SUBRULE4(this.stringList);
          return this.ACTION((): PurposeItem => ({ kind: "object_on", phrases, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.direct_marketing);
          return this.ACTION((): PurposeItem => ({ kind: "direct_marketing", span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.condition);
          const condition = this.CONSUME3(Identifier);
          const fact = this.OPTION1(() => this.CONSUME4(StringLit));
          return this.ACTION((): PurposeItem => ({
            kind: "condition",
            condition: this.name(condition),
            ...(fact ? { fact: this.text(fact) } : {}),
            span: this.spanFrom(first),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.category);
          const category = this.SUBRULE(this.dottedName);
          return this.ACTION((): PurposeItem => ({ kind: "category", category, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.subjects);
          const subjects = this.SUBRULE3(this.stringList);
          return this.ACTION((): PurposeItem => ({ kind: "subjects", subjects, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.automated);
          const mode = this.OPTION2(() => this.CONSUME4(Identifier));
          const description = this.CONSUME3(StringLit);
          const effects = this.OPTION3(() => {
            const word = this.CONSUME5(Identifier);
            const text = this.CONSUME5(StringLit);
            return { word, text };
          });
          return this.ACTION((): PurposeItem => ({
            kind: "automated",
            ...(mode ? { mode: this.name(mode) } : {}),
            description: this.text(description),
            ...(effects ? { effectsWord: this.name(effects.word), effects: this.text(effects.text) } : {}),
            span: this.spanFrom(first),
          }));
        },
      },
    ]);
  });

  /** `retain session | until withdrawn | N unit [or until withdrawn]`; the retention's span starts after `retain`. */
  retainItem = this.RULE("retainItem", (): Retention => {
    this.CONSUME(Kw.retain);
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.session);
          return this.ACTION((): Retention => ({ kind: "session", span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME1(Kw.until);
          this.CONSUME1(Kw.withdrawn);
          return this.ACTION((): Retention => ({ kind: "until_withdrawn", span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          const period = this.SUBRULE(this.duration);
          const orUntil = this.OPTION(() => {
            this.CONSUME(Kw.or);
            this.CONSUME2(Kw.until);
            return this.CONSUME2(Kw.withdrawn);
          });
          return this.ACTION((): Retention => ({ kind: "period", period, orUntilWithdrawn: orUntil !== undefined, span: this.spanFrom(first) }));
        },
      },
    ]);
  });

  duration = this.RULE("duration", (): Duration => {
    const amount = this.CONSUME(NumberLit);
    const unit = this.SUBRULE(this.unit);
    return this.ACTION(() => ({
      amount: this.count(amount, unit.image.replace(/s$/, "") + "s"),
      unit: DURATION_UNITS[unit.image]!,
      span: this.spanFrom(amount),
    }));
  });

  unit = this.RULE("unit", (): IToken => {
    return this.OR([
      { ALT: () => this.CONSUME(Kw.day) },
      { ALT: () => this.CONSUME(Kw.days) },
      { ALT: () => this.CONSUME(Kw.week) },
      { ALT: () => this.CONSUME(Kw.weeks) },
      { ALT: () => this.CONSUME(Kw.month) },
      { ALT: () => this.CONSUME(Kw.months) },
      { ALT: () => this.CONSUME(Kw.year) },
      { ALT: () => this.CONSUME(Kw.years) },
    ]);
  });

  stringList = this.RULE("stringList", (): Text[] => {
    const items = [this.CONSUME1(StringLit)];
    this.MANY(() => {
      this.CONSUME(Comma);
      items.push(this.CONSUME2(StringLit));
    });
    return this.ACTION(() => items.map((t) => this.text(t)));
  });

  /** `marketing.communications.email` */
  dottedName = this.RULE("dottedName", (): Name => {
    const parts = [this.CONSUME1(Identifier)];
    this.MANY(() => {
      this.CONSUME(Dot);
      parts.push(this.CONSUME2(Identifier));
    });
    return this.ACTION(() => {
      const text = parts.map((p) => p.image).join(".");
      const s = this.spanFrom(parts[0]!);
      if (s.end - s.start !== text.length) this.problem("syntax.dottedNameSpaces", { name: text }, s);
      return { text, span: s };
    });
  });

  // ── Fields ────────────────────────────────────────────────────────────────

  fieldDecl = this.RULE("fieldDecl", (): FieldDecl => {
    const first = this.CONSUME(Kw.field);
    const name = this.CONSUME1(Identifier);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.fieldType);
    const label = this.OPTION1(() => this.CONSUME(StringLit));
    const special = this.OPTION2({
      GATE: this.notLabel,
      DEF: () => {
        this.CONSUME(Kw.special);
        return this.CONSUME2(Identifier);
      },
    });
    const category = this.OPTION3({
      GATE: this.notLabel,
      DEF: () => {
        this.CONSUME(Kw.category);
        return this.SUBRULE(this.dottedName);
      },
    });
    return this.ACTION(() => ({
      kind: "field",
      name: this.name(name),
      type,
      ...(label ? { label: this.text(label) } : {}),
      ...(special ? { special: this.name(special) } : {}),
      ...(category ? { category } : {}),
      span: this.spanFrom(first),
    }));
  });

  fieldType = this.RULE("fieldType", (): FieldType => {
    const first = this.LA(1);
    const simple = (t: TokenType, kind: "email" | "phone" | "yesno" | "date") => ({
      ALT: () => {
        this.CONSUME(t);
        return this.ACTION((): FieldType => ({ kind, span: this.spanFrom(first) }));
      },
    });
    return this.OR([
      { ALT: () => this.SUBRULE(this.textType) },
      { ALT: () => this.SUBRULE(this.rangeType) },
      { ALT: () => this.SUBRULE(this.choiceType) },
      simple(Kw.email, "email"),
      simple(Kw.phone, "phone"),
      simple(Kw.yesno, "yesno"),
      simple(Kw.date, "date"),
    ]);
  });

  textType = this.RULE("textType", (): FieldType => {
    const first = this.CONSUME(Kw.text);
    this.CONSUME(LParen);
    const max = this.CONSUME(NumberLit);
    this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: "text", max: Number(max.image), span: this.spanFrom(first) }));
  });

  rangeType = this.RULE("rangeType", (): FieldType => {
    const kind = this.OR([{ ALT: () => this.CONSUME(Kw.integer) }, { ALT: () => this.CONSUME(Kw.number) }]);
    this.CONSUME(LParen);
    const min = this.CONSUME1(NumberLit);
    this.CONSUME(DotDot);
    const max = this.CONSUME2(NumberLit);
    this.CONSUME(RParen);
    return this.ACTION(() => ({
      kind: kind.image === "integer" ? "integer" : "number",
      min: Number(min.image),
      max: Number(max.image),
      span: this.spanFrom(kind),
    }));
  });

  choiceType = this.RULE("choiceType", (): FieldType => {
    const first = this.CONSUME(Kw.choice);
    this.CONSUME(LParen);
    const options = [this.SUBRULE1(this.choiceOption)];
    this.MANY(() => {
      this.CONSUME(Comma);
      options.push(this.SUBRULE2(this.choiceOption));
    });
    this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: "choice", options, span: this.spanFrom(first) }));
  });

  choiceOption = this.RULE("choiceOption", () => {
    const value = this.CONSUME(Identifier);
    const label = this.CONSUME(StringLit);
    return this.ACTION(() => ({ value: this.name(value), label: this.text(label) }));
  });

  // ── Steps ─────────────────────────────────────────────────────────────────

  /** `[ID:] say|ask|consent|if|goto|end …` — any step may carry a leading `ID:` label. */
  step = this.RULE("step", (): Step => {
    const first = this.LA(1);
    const label = this.OPTION(() => {
      const t = this.CONSUME(Identifier);
      this.CONSUME(Colon);
      return t;
    });
    const body = this.OR([
      { ALT: () => this.SUBRULE(this.say) },
      { ALT: () => this.SUBRULE(this.ask) },
      { ALT: () => this.SUBRULE(this.consent) },
      { ALT: () => this.SUBRULE(this.if) },
      { ALT: () => this.SUBRULE(this.goto) },
      { ALT: () => this.SUBRULE(this.end) },
    ]);
    return this.ACTION(() => {
      // A step has one id: a leading `ID:` label or, for ask/consent/end, the id written inside.
      const { innerId, ...rest } = body;
      if (innerId && label) this.problem("syntax.twoIds", { label: label.image, inner: innerId.image }, this.tokSpan(innerId));
      const id = label ?? innerId;
      return { ...rest, ...(id ? { id: this.name(id) } : {}), span: this.spanFrom(first) } as Step;
    });
  });

  say = this.RULE("say", () => {
    this.CONSUME(Kw.say);
    const innerId = this.OPTION(() => {
      const t = this.CONSUME1(Identifier);
      this.CONSUME(Colon);
      return t;
    });
    const text = this.CONSUME(StringLit);
    return this.ACTION(() => ({ kind: "say" as const, innerId, text: this.text(text) }));
  });

  ask = this.RULE("ask", () => {
    this.CONSUME(Kw.ask);
    const innerId = this.OPTION(() => {
      const t = this.CONSUME1(Identifier);
      this.CONSUME(Colon);
      return t;
    });
    const field = this.CONSUME2(Identifier);
    const question = this.CONSUME(StringLit);
    this.CONSUME(Kw.for);
    const purposes = [this.SUBRULE1(this.purposeUse)];
    this.MANY1(() => {
      this.CONSUME(Comma);
      purposes.push(this.SUBRULE2(this.purposeUse));
    });
    const options: AskOption[] = [];
    this.MANY2({ GATE: this.notLabel, DEF: () => options.push(this.SUBRULE(this.askOption)) });
    return this.ACTION(() => ({ kind: "ask" as const, innerId, field: this.name(field), question: this.text(question), purposes, ...this.askOptions(options) }));
  });

  private askOptions(options: readonly AskOption[]): Pick<AskStep, "optional" | "when" | "next" | "retry"> {
    let optional = false;
    const when: WhenBranch[] = [];
    let next: Name | undefined;
    let retry: AskStep["retry"];
    for (const o of options) {
      if (o.kind === "optional") optional = true;
      else if (o.kind === "when") when.push(o.branch);
      else if (o.kind === "next") next = this.once(next, o.target, "`-> STEP`");
      else if (retry) this.problem("syntax.retryTwice", {}, o.retry.span);
      else retry = o.retry;
    }
    return { optional, when, ...(next ? { next } : {}), ...(retry ? { retry } : {}) };
  }

  /** An option that may be given once: the second one is reported and ignored. */
  private once(current: Name | undefined, t: IToken, option: string): Name {
    if (current) {
      this.problem("syntax.optionTwice", { option, first: current.text }, this.tokSpan(t));
      return current;
    }
    return this.name(t);
  }

  purposeUse = this.RULE("purposeUse", (): PurposeUse => {
    const purpose = this.CONSUME1(Identifier);
    this.CONSUME(Kw.under);
    const basis = this.CONSUME2(Identifier);
    return this.ACTION(() => ({ purpose: this.name(purpose), basis: this.name(basis), span: this.spanFrom(purpose) }));
  });

  askOption = this.RULE("askOption", (): AskOption => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.optional);
          return { kind: "optional" as const };
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.when);
          const value = this.SUBRULE(this.literal);
          this.CONSUME1(Arrow);
          const target = this.CONSUME1(Identifier);
          return this.ACTION((): AskOption => ({ kind: "when", branch: { value, target: this.name(target), span: this.spanFrom(first) } }));
        },
      },
      {
        ALT: () => {
          this.CONSUME2(Arrow);
          const target = this.CONSUME2(Identifier);
          return { kind: "next" as const, target };
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.retry);
          const limit = this.CONSUME(NumberLit);
          this.CONSUME(Kw.then);
          this.CONSUME3(Arrow);
          const target = this.CONSUME3(Identifier);
          return this.ACTION((): AskOption => ({
            kind: "retry",
            retry: { limit: this.count(limit, "attempts"), target: this.name(target), span: this.spanFrom(first) },
          }));
        },
      },
    ]);
  });

  consent = this.RULE("consent", () => {
    this.CONSUME(Kw.consent);
    const innerId = this.OPTION(() => {
      const t = this.CONSUME1(Identifier);
      this.CONSUME(Colon);
      return t;
    });
    const purpose = this.CONSUME2(Identifier);
    const request = this.CONSUME(StringLit);
    const outcomes: { given: boolean; target: IToken }[] = [];
    const keeps: IToken[][] = [];
    this.MANY({
      GATE: this.notLabel,
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(Kw.given);
              this.CONSUME1(Arrow);
              outcomes.push({ given: true, target: this.CONSUME3(Identifier) });
            },
          },
          {
            ALT: () => {
              this.CONSUME(Kw.refused);
              this.CONSUME2(Arrow);
              outcomes.push({ given: false, target: this.CONSUME4(Identifier) });
            },
          },
          {
            ALT: () => {
              this.CONSUME(Kw.keeps);
              const fields = [this.CONSUME5(Identifier)];
              this.MANY2(() => {
                this.CONSUME(Comma);
                fields.push(this.CONSUME6(Identifier));
              });
              keeps.push(fields);
            },
          },
        ]);
      },
    });
    return this.ACTION(() => {
      let given: Name | undefined;
      let refused: Name | undefined;
      for (const o of outcomes) {
        if (o.given) given = this.once(given, o.target, "`given ->`");
        else refused = this.once(refused, o.target, "`refused ->`");
      }
      return {
        kind: "consent" as const,
        innerId,
        purpose: this.name(purpose),
        request: this.text(request),
        ...(given ? { given } : {}),
        ...(refused ? { refused } : {}),
        ...(keeps.length > 0 ? { keeps: keeps.flat().map((t) => this.name(t)) } : {}),
      };
    });
  });

  if = this.RULE("if", () => {
    this.CONSUME(Kw.if);
    const condition = this.SUBRULE(this.orExpr);
    this.CONSUME(Arrow);
    const target = this.CONSUME(Identifier);
    return this.ACTION(() => ({ kind: "if" as const, innerId: undefined, condition, target: this.name(target) }));
  });

  goto = this.RULE("goto", () => {
    this.CONSUME(Kw.goto);
    const target = this.CONSUME(Identifier);
    return this.ACTION(() => ({ kind: "goto" as const, innerId: undefined, target: this.name(target) }));
  });

  end = this.RULE("end", () => {
    this.CONSUME(Kw.end);
    const innerId = this.OPTION1(() => {
      const t = this.CONSUME1(Identifier);
      this.OPTION2(() => this.CONSUME(Colon));
      return t;
    });
    const text = this.CONSUME(StringLit);
    const outcome = this.OPTION3({
      GATE: this.notLabel,
      DEF: () => {
        this.CONSUME(Kw.as);
        return this.CONSUME2(Identifier);
      },
    });
    return this.ACTION(() => ({ kind: "end" as const, innerId, text: this.text(text), ...(outcome ? { outcome: this.name(outcome) } : {}) }));
  });

  // ── Conditions: or < and < not < comparison ───────────────────────────────

  orExpr = this.RULE("orExpr", (): Condition => {
    const operands = [this.SUBRULE1(this.andExpr)];
    this.MANY(() => {
      this.CONSUME(Kw.or);
      operands.push(this.SUBRULE2(this.andExpr));
    });
    return this.ACTION(() => this.chain(operands, "or"));
  });

  andExpr = this.RULE("andExpr", (): Condition => {
    const operands = [this.SUBRULE1(this.notExpr)];
    this.MANY(() => {
      this.CONSUME(Kw.and);
      operands.push(this.SUBRULE2(this.notExpr));
    });
    return this.ACTION(() => this.chain(operands, "and"));
  });

  /**
   * `a and b and c …` as a balanced tree. `and` and `or` are associative, so
   * the meaning (and the left-to-right order of operands) is that of the
   * written chain, but a chain of n operands is only log2(n) deep: every
   * later pass may recurse over conditions without running out of stack.
   */
  private chain(operands: readonly Condition[], kind: "and" | "or"): Condition {
    const build = (from: number, to: number): Condition => {
      if (to - from === 1) return operands[from]!;
      const mid = (from + to) >> 1;
      const left = build(from, mid);
      const right = build(mid, to);
      return { kind, left, right, span: span(this.file, left.span.start, right.span.end) };
    };
    return build(0, operands.length);
  }

  notExpr = this.RULE("notExpr", (): Condition => {
    const nots: IToken[] = [];
    this.MANY(() => {
      const t = this.CONSUME(Kw.not);
      this.ACTION(() => {
        nots.push(t);
        if (++this.depth > limits.conditionDepth) throw new NestingTooDeep(t);
      });
    });
    const atom = this.SUBRULE(this.atom);
    return this.ACTION(() => {
      this.depth -= nots.length;
      let acc = atom;
      for (let i = nots.length - 1; i >= 0; i--) acc = { kind: "not", operand: acc, span: span(this.file, nots[i]!.startOffset, acc.span.end) };
      return acc;
    });
  });

  /**
   * One lookahead token decides, in order: `(`, `known(`, `given(`, else a
   * comparison. So `if subscribed -> x` is reported at `->` ("expected a
   * comparison"), where the mistake is, not at `subscribed`.
   */
  atom = this.RULE("atom", (): Condition => {
    const first = this.LA(1);
    return this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const open = this.CONSUME(LParen);
            this.ACTION(() => {
              if (++this.depth > limits.conditionDepth) throw new NestingTooDeep(open);
            });
            const inner = this.SUBRULE(this.orExpr);
            this.CONSUME(RParen);
            // A parenthesised condition: the node's span includes its parentheses.
            return this.ACTION((): Condition => {
              this.depth--;
              return { ...inner, span: this.spanFrom(first) };
            });
          },
        },
        {
          GATE: this.callFollows,
          ALT: () => {
            this.CONSUME(Kw.known);
            this.CONSUME1(LParen);
            const field = this.CONSUME1(Identifier);
            this.CONSUME1(RParen);
            return this.ACTION((): Condition => ({ kind: "known", field: this.name(field), span: this.spanFrom(first) }));
          },
        },
        {
          GATE: this.callFollows,
          ALT: () => {
            this.CONSUME(Kw.given);
            this.CONSUME2(LParen);
            const purpose = this.CONSUME2(Identifier);
            this.CONSUME2(RParen);
            return this.ACTION((): Condition => ({ kind: "given", purpose: this.name(purpose), span: this.spanFrom(first) }));
          },
        },
        {
          ALT: () => {
            const left = this.SUBRULE1(this.operand);
            const op = this.CONSUME(CompareOp);
            const right = this.SUBRULE2(this.operand);
            return this.ACTION((): Condition => ({ kind: "compare", op: op.image as CompareOperator, left, right, span: this.spanFrom(first) }));
          },
        },
      ],
    });
  });

  /** In a comparison, a bare word is a name (a field, or a symbol if no field has it). */
  operand = this.RULE("operand", (): Operand => {
    const value = this.SUBRULE(this.literal);
    return this.ACTION((): Operand => (value.kind === "symbol" ? { kind: "name", name: { text: value.value, span: value.span } } : value));
  });

  /** A bare word, a number or a string. */
  literal = this.RULE("literal", (): Literal => {
    return this.OR([
      {
        ALT: () => {
          const word = this.CONSUME(Identifier);
          return this.ACTION((): Literal => ({ kind: "symbol", value: word.image, span: this.tokSpan(word) }));
        },
      },
      {
        ALT: () => {
          const num = this.CONSUME(NumberLit);
          return this.ACTION((): Literal => ({ kind: "number", value: Number(num.image), span: this.tokSpan(num) }));
        },
      },
      {
        ALT: () => {
          const str = this.CONSUME(StringLit);
          return this.ACTION((): Literal => ({ kind: "string", value: this.text(str).value, span: this.tokSpan(str) }));
        },
      },
    ]);
  });
}

type AskOption =
  | { readonly kind: "optional" }
  | { readonly kind: "when"; readonly branch: WhenBranch }
  | { readonly kind: "next"; readonly target: IToken }
  | { readonly kind: "retry"; readonly retry: NonNullable<AskStep["retry"]> };

let instance: FlowParser | undefined;

/** The one parser of the process, built on first use. */
export function flowParser(): FlowParser {
  return (instance ??= new FlowParser());
}
