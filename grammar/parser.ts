/**
 * The Lawflow parser: tokens to a concrete syntax tree, no semantics.
 *
 * The parser is driven one top-level item at a time (`statement`): the caller
 * (compiler/parse.ts) invokes `statement` repeatedly over the same token
 * vector, and after a syntax error skips to the next declaration or step
 * keyword at the start of a line. That gives one diagnostic per broken item and
 * keeps every well-formed item around it. Chevrotain's own recovery is off.
 *
 * One instance is built once per process (grammar recording is the expensive
 * part); see `flowParser`.
 */
import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import {
  allTokens, Arrow, Colon, Comma, CompareOp, Dot, DotDot, Identifier, Kw, LBrace, LParen, NumberLit, RParen, StringLit,
} from "./tokens.ts";
import { validateGrammar } from "./env.ts";

/** Deeper parenthesised (or `not`-prefixed) conditions are refused with a diagnostic rather than risking the stack. */
export const MAX_CONDITION_DEPTH = 100;

/** Thrown from inside a rule when a condition nests deeper than MAX_CONDITION_DEPTH. */
export class NestingTooDeep extends Error {
  constructor(readonly token: IToken) {
    super("nesting too deep");
  }
}

/** Separates a message from its hint inside chevrotain's single message string. */
export const HINT_SEPARATOR = "\u0000";

function describeExpected(t: TokenType): string {
  return t.LABEL ?? t.name;
}

export function describeFound(t: IToken): string {
  if (t.tokenType === EOF) return "the end of the file";
  if (t.tokenType === StringLit) return "a string";
  if (t.tokenType === NumberLit) return `the number \`${t.image}\``;
  const image = t.image.length > 30 ? t.image.slice(0, 30) + "…" : t.image;
  return `\`${image}\``;
}

const RULE_DESCRIPTIONS: Record<string, string> = {
  statement: "a declaration or a step (`flow`, `controller`, `purpose`, `field`, `use`, `security`, `say`, `ask`, `consent`, `if`, `goto`, `end`)",
  step: "a step (`say`, `ask`, `consent`, `if`, `goto`, `end`)",
  purposeItem: "a purpose item (`basis`, `needs`, `retain`, `consent valid`, `shared with`, `transfer to`, `withdraw on`, `condition`, `category`, `subjects`, `automated`)",
  fieldType: "a field type (`text(MAX)`, `email`, `phone`, `integer(MIN..MAX)`, `number(MIN..MAX)`, `yesno`, `date`, `choice(…)`)",
  retainItem: "`session`, `until withdrawn`, or a period such as `90 days`",
  unit: "a unit of time (`days`, `weeks`, `months`, `years`)",
  atom: "a condition (`field == value`, `known(field)`, `given(purpose)` or `( … )`)",
  value: "a value (a name, a number or a string)",
  askOption: "an option of the question (`optional`, `when VALUE -> STEP`, `-> STEP`, `retry N then -> STEP`)",
  rangeType: "`integer` or `number`",
};

/** Hints for a missing token, by the rule it was missing from. */
function hintFor(ruleName: string, expected: TokenType | undefined): string | undefined {
  if (ruleName === "ask" && expected === Kw.for)
    return "every question needs a purpose and a lawful basis: `for quote under contract`";
  if (ruleName === "purposeUse" && expected === Kw.under)
    return "name the lawful basis the purpose rests on: `for quote under contract`";
  if (ruleName === "ask" && expected === StringLit)
    return 'an ask names the field, then the question: `ask email "What is your email?" for quote under contract`';
  if (ruleName === "fieldDecl" && expected === Colon) return "a field is declared as `field NAME: TYPE`, e.g. `field email: email`";
  if (ruleName === "if" && expected === Arrow) return "a branch is written `if CONDITION -> STEP`";
  if (ruleName === "flowDecl") return 'the flow is declared as `flow Name version "1.0.0"`';
  if (ruleName === "controllerDecl") return 'the controller is declared as `controller "Name" contact "privacy@example.com"`';
  if (ruleName === "atom" && (expected === undefined || expected === CompareOp)) return "a condition compares (`plan == pro`, `age >= 18`) or tests `known(field)` / `given(purpose)`";
  if (ruleName === "purposeHead" && expected === LBrace) return 'a purpose is declared as `purpose ID "WHY" { … }`';
  if (ruleName === "end" && expected === StringLit) return 'an end says goodbye: `end thanks "Thank you!"`';
  if (ruleName === "consent" && expected === StringLit) return 'a consent step asks for one purpose: `consent newsletter "May we email you?"`';
  return undefined;
}

function withHint(message: string, hint: string | undefined): string {
  return hint ? message + HINT_SEPARATOR + hint : message;
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    const what = describeExpected(expected);
    return withHint(`expected ${what}, found ${describeFound(actual)}`, hintFor(ruleName, expected));
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0] ? describeFound(actual[0]) : "the end of the file";
    let what = RULE_DESCRIPTIONS[ruleName];
    if (!what) {
      const firsts = new Set<string>();
      for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(describeExpected(path[0]));
      what = [...firsts].join(", ");
      if (firsts.size > 1) what = "one of " + what;
    }
    return withHint(`expected ${what}, found ${found}`, hintFor(ruleName, undefined));
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = actual[0] ? describeFound(actual[0]) : "the end of the file";
    const first = expectedIterationPaths[0]?.[0];
    return withHint(`expected ${first ? describeExpected(first) : "more"}, found ${found}`, hintFor(ruleName, first));
  },
};

/** Chevrotain's position API (public at runtime, absent from its typings). */
interface LexerState {
  exportLexerState(): number;
  importLexerState(state: number): void;
}

export class FlowParser extends CstParser {
  /** Current nesting of parentheses and `not`s in a condition (reset per statement). */
  depth = 0;

  constructor() {
    super(allTokens, {
      maxLookahead: 3,
      recoveryEnabled: false,
      nodeLocationTracking: "onlyOffset",
      skipValidations: !validateGrammar,
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  /** Index of the next token to be consumed. */
  get position(): number {
    return (this as unknown as LexerState).exportLexerState() + 1;
  }
  /** Continue parsing at token `index` (after a syntax error). */
  seek(index: number): void {
    (this as unknown as LexerState).importLexerState(index - 1);
  }
  /**
   * Chevrotain's hook after a root rule. Its default reports any input left
   * over; items are parsed one root call at a time, so input after an item is
   * expected (and building that exception for every item was most of the
   * parse time). Only undo the end-of-file padding added before the call.
   */
  onAfterParse(): void {
    const v = this.input;
    while (v.length > 0 && v[v.length - 1]!.tokenType === EOF) v.pop();
  }

  /** The token `k` ahead of the parser's position (1: the next one). */
  peek(k: number): IToken {
    return this.LA(k);
  }

  /** A following `NAME :` is the label of the next step, not an option of this one. */
  private notLabel = (): boolean => this.LA(2).tokenType !== Colon;
  /** `known(` / `given(`: the word is the test, not a field named `known`. */
  private callFollows = (): boolean => this.LA(2).tokenType === LParen;

  // ── Top level ─────────────────────────────────────────────────────────────

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.flowDecl) },
      { ALT: () => this.SUBRULE(this.controllerDecl) },
      { ALT: () => this.SUBRULE(this.securityDecl) },
      { ALT: () => this.SUBRULE(this.useDecl) },
      { ALT: () => this.SUBRULE(this.purposeHead) },
      { ALT: () => this.SUBRULE(this.fieldDecl) },
      { ALT: () => this.SUBRULE(this.step) },
    ]);
  });

  flowDecl = this.RULE("flowDecl", () => {
    this.CONSUME(Kw.flow);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Kw.version);
    this.CONSUME(StringLit, { LABEL: "version" });
  });

  controllerDecl = this.RULE("controllerDecl", () => {
    this.CONSUME(Kw.controller);
    this.CONSUME1(StringLit, { LABEL: "name" });
    this.CONSUME(Kw.contact);
    this.CONSUME2(StringLit, { LABEL: "contact" });
    this.OPTION(() => {
      this.CONSUME(Kw.dpo);
      this.CONSUME3(StringLit, { LABEL: "dpo" });
    });
  });

  securityDecl = this.RULE("securityDecl", () => {
    this.CONSUME(Kw.security);
    this.CONSUME(StringLit, { LABEL: "text" });
  });

  useDecl = this.RULE("useDecl", () => {
    this.CONSUME(Kw.use);
    this.CONSUME(StringLit, { LABEL: "path" });
  });

  // ── Purposes ──────────────────────────────────────────────────────────────

  /**
   * `purpose ID "WHY" {` — the head only. The driver parses the items one at a
   * time (`purposeItem`) up to the closing `}`, so one broken item does not lose
   * the whole purpose (every ask naming it would then fail to resolve).
   */
  purposeHead = this.RULE("purposeHead", () => {
    this.CONSUME(Kw.purpose);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(StringLit, { LABEL: "why" });
    this.CONSUME(LBrace);
  });

  purposeItem = this.RULE("purposeItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.basis);
          this.CONSUME(Identifier, { LABEL: "basis" });
          this.OPTION(() => this.CONSUME(StringLit, { LABEL: "evidence" }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.needs);
          this.CONSUME1(Identifier, { LABEL: "field" });
          this.MANY(() => {
            this.CONSUME(Comma);
            this.CONSUME2(Identifier, { LABEL: "field" });
          });
        },
      },
      { ALT: () => this.SUBRULE(this.retainItem) },
      {
        ALT: () => {
          this.CONSUME(Kw.consent);
          this.CONSUME(Kw.valid);
          this.SUBRULE(this.duration);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.shared);
          this.CONSUME(Kw.with);
          this.SUBRULE1(this.stringList, { LABEL: "recipients" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.transfer);
          this.CONSUME(Kw.to);
          this.CONSUME1(StringLit, { LABEL: "country" });
          this.CONSUME(Kw.under);
          this.CONSUME2(StringLit, { LABEL: "safeguard" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.withdraw);
          this.CONSUME(Kw.on);
          this.SUBRULE2(this.stringList, { LABEL: "phrases" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.condition);
          this.CONSUME3(Identifier, { LABEL: "condition" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.category);
          this.SUBRULE(this.dottedName, { LABEL: "category" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.subjects);
          this.SUBRULE3(this.stringList, { LABEL: "subjects" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.automated);
          this.CONSUME3(StringLit, { LABEL: "description" });
        },
      },
    ]);
  });

  retainItem = this.RULE("retainItem", () => {
    this.CONSUME(Kw.retain);
    this.OR([
      { ALT: () => this.CONSUME(Kw.session) },
      {
        ALT: () => {
          this.CONSUME1(Kw.until);
          this.CONSUME1(Kw.withdrawn);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.duration);
          this.OPTION(() => {
            this.CONSUME(Kw.or);
            this.CONSUME2(Kw.until);
            this.CONSUME2(Kw.withdrawn);
          });
        },
      },
    ]);
  });

  duration = this.RULE("duration", () => {
    this.CONSUME(NumberLit, { LABEL: "amount" });
    this.SUBRULE(this.unit);
  });

  unit = this.RULE("unit", () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.day, { LABEL: "unit" }) },
      { ALT: () => this.CONSUME(Kw.days, { LABEL: "unit" }) },
      { ALT: () => this.CONSUME(Kw.week, { LABEL: "unit" }) },
      { ALT: () => this.CONSUME(Kw.weeks, { LABEL: "unit" }) },
      { ALT: () => this.CONSUME(Kw.month, { LABEL: "unit" }) },
      { ALT: () => this.CONSUME(Kw.months, { LABEL: "unit" }) },
      { ALT: () => this.CONSUME(Kw.year, { LABEL: "unit" }) },
      { ALT: () => this.CONSUME(Kw.years, { LABEL: "unit" }) },
    ]);
  });

  stringList = this.RULE("stringList", () => {
    this.CONSUME1(StringLit, { LABEL: "item" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME2(StringLit, { LABEL: "item" });
    });
  });

  /** `marketing.communications.email` */
  dottedName = this.RULE("dottedName", () => {
    this.CONSUME1(Identifier, { LABEL: "part" });
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME2(Identifier, { LABEL: "part" });
    });
  });

  // ── Fields ────────────────────────────────────────────────────────────────

  fieldDecl = this.RULE("fieldDecl", () => {
    this.CONSUME(Kw.field);
    this.CONSUME1(Identifier, { LABEL: "name" });
    this.CONSUME(Colon);
    this.SUBRULE(this.fieldType);
    this.OPTION1(() => this.CONSUME(StringLit, { LABEL: "label" }));
    this.OPTION2({
      GATE: this.notLabel,
      DEF: () => {
        this.CONSUME(Kw.special);
        this.CONSUME2(Identifier, { LABEL: "special" });
      },
    });
    this.OPTION3({
      GATE: this.notLabel,
      DEF: () => {
        this.CONSUME(Kw.category);
        this.SUBRULE(this.dottedName, { LABEL: "category" });
      },
    });
  });

  fieldType = this.RULE("fieldType", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.textType) },
      { ALT: () => this.SUBRULE(this.rangeType) },
      { ALT: () => this.SUBRULE(this.choiceType) },
      { ALT: () => this.CONSUME(Kw.email, { LABEL: "simple" }) },
      { ALT: () => this.CONSUME(Kw.phone, { LABEL: "simple" }) },
      { ALT: () => this.CONSUME(Kw.yesno, { LABEL: "simple" }) },
      { ALT: () => this.CONSUME(Kw.date, { LABEL: "simple" }) },
    ]);
  });

  textType = this.RULE("textType", () => {
    this.CONSUME(Kw.text);
    this.CONSUME(LParen);
    this.CONSUME(NumberLit, { LABEL: "max" });
    this.CONSUME(RParen);
  });

  rangeType = this.RULE("rangeType", () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.integer, { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(Kw.number, { LABEL: "kind" }) },
    ]);
    this.CONSUME(LParen);
    this.CONSUME1(NumberLit, { LABEL: "min" });
    this.CONSUME(DotDot);
    this.CONSUME2(NumberLit, { LABEL: "max" });
    this.CONSUME(RParen);
  });

  choiceType = this.RULE("choiceType", () => {
    this.CONSUME(Kw.choice);
    this.CONSUME(LParen);
    this.SUBRULE1(this.choiceOption, { LABEL: "option" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.choiceOption, { LABEL: "option" });
    });
    this.CONSUME(RParen);
  });

  choiceOption = this.RULE("choiceOption", () => {
    this.CONSUME(Identifier, { LABEL: "value" });
    this.CONSUME(StringLit, { LABEL: "label" });
  });

  // ── Steps ─────────────────────────────────────────────────────────────────

  /** `[ID:] say|ask|consent|if|goto|end …` — any step may carry a leading `ID:` label. */
  step = this.RULE("step", () => {
    this.OPTION(() => {
      this.CONSUME(Identifier, { LABEL: "label" });
      this.CONSUME(Colon);
    });
    this.OR([
      { ALT: () => this.SUBRULE(this.say) },
      { ALT: () => this.SUBRULE(this.ask) },
      { ALT: () => this.SUBRULE(this.consent) },
      { ALT: () => this.SUBRULE(this.if) },
      { ALT: () => this.SUBRULE(this.goto) },
      { ALT: () => this.SUBRULE(this.end) },
    ]);
  });

  say = this.RULE("say", () => {
    this.CONSUME(Kw.say);
    this.OPTION(() => {
      this.CONSUME(Identifier, { LABEL: "id" });
      this.CONSUME(Colon);
    });
    this.CONSUME(StringLit, { LABEL: "text" });
  });

  ask = this.RULE("ask", () => {
    this.CONSUME(Kw.ask);
    this.OPTION(() => {
      this.CONSUME1(Identifier, { LABEL: "id" });
      this.CONSUME(Colon);
    });
    this.CONSUME2(Identifier, { LABEL: "field" });
    this.CONSUME(StringLit, { LABEL: "question" });
    this.CONSUME(Kw.for);
    this.SUBRULE1(this.purposeUse, { LABEL: "purpose" });
    this.MANY1(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.purposeUse, { LABEL: "purpose" });
    });
    this.MANY2({ GATE: this.notLabel, DEF: () => this.SUBRULE(this.askOption, { LABEL: "option" }) });
  });

  purposeUse = this.RULE("purposeUse", () => {
    this.CONSUME1(Identifier, { LABEL: "purpose" });
    this.CONSUME(Kw.under);
    this.CONSUME2(Identifier, { LABEL: "basis" });
  });

  askOption = this.RULE("askOption", () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.optional) },
      {
        ALT: () => {
          this.CONSUME(Kw.when);
          this.SUBRULE(this.value);
          this.CONSUME1(Arrow);
          this.CONSUME1(Identifier, { LABEL: "whenTarget" });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(Arrow);
          this.CONSUME2(Identifier, { LABEL: "next" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.retry);
          this.CONSUME(NumberLit, { LABEL: "limit" });
          this.CONSUME(Kw.then);
          this.CONSUME3(Arrow);
          this.CONSUME3(Identifier, { LABEL: "retryTarget" });
        },
      },
    ]);
  });

  consent = this.RULE("consent", () => {
    this.CONSUME(Kw.consent);
    this.OPTION(() => {
      this.CONSUME1(Identifier, { LABEL: "id" });
      this.CONSUME(Colon);
    });
    this.CONSUME2(Identifier, { LABEL: "purpose" });
    this.CONSUME(StringLit, { LABEL: "request" });
    this.MANY({
      GATE: this.notLabel,
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(Kw.given);
              this.CONSUME1(Arrow);
              this.CONSUME3(Identifier, { LABEL: "given" });
            },
          },
          {
            ALT: () => {
              this.CONSUME(Kw.refused);
              this.CONSUME2(Arrow);
              this.CONSUME4(Identifier, { LABEL: "refused" });
            },
          },
        ]);
      },
    });
  });

  if = this.RULE("if", () => {
    this.CONSUME(Kw.if);
    this.SUBRULE(this.orExpr, { LABEL: "condition" });
    this.CONSUME(Arrow);
    this.CONSUME(Identifier, { LABEL: "target" });
  });

  goto = this.RULE("goto", () => {
    this.CONSUME(Kw.goto);
    this.CONSUME(Identifier, { LABEL: "target" });
  });

  end = this.RULE("end", () => {
    this.CONSUME(Kw.end);
    this.OPTION1(() => {
      this.CONSUME1(Identifier, { LABEL: "id" });
      this.OPTION2(() => this.CONSUME(Colon));
    });
    this.CONSUME(StringLit, { LABEL: "text" });
    this.OPTION3({
      GATE: this.notLabel,
      DEF: () => {
        this.CONSUME(Kw.as);
        this.CONSUME2(Identifier, { LABEL: "outcome" });
      },
    });
  });

  // ── Conditions: or < and < not < comparison ───────────────────────────────

  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE1(this.andExpr, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(Kw.or);
      this.SUBRULE2(this.andExpr, { LABEL: "operand" });
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE1(this.notExpr, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(Kw.and);
      this.SUBRULE2(this.notExpr, { LABEL: "operand" });
    });
  });

  notExpr = this.RULE("notExpr", () => {
    let nots = 0;
    this.MANY(() => {
      const t = this.CONSUME(Kw.not);
      this.ACTION(() => {
        nots++;
        if (++this.depth > MAX_CONDITION_DEPTH) throw new NestingTooDeep(t);
      });
    });
    this.SUBRULE(this.atom);
    this.ACTION(() => {
      this.depth -= nots;
    });
  });

  /**
   * One lookahead token decides, in order: `(`, `known(`, `given(`, else a
   * comparison. So `if subscribed -> x` is reported at `->` ("expected a
   * comparison"), where the mistake is, not at `subscribed`.
   */
  atom = this.RULE("atom", () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const open = this.CONSUME(LParen);
            this.ACTION(() => {
              if (++this.depth > MAX_CONDITION_DEPTH) throw new NestingTooDeep(open);
            });
            this.SUBRULE(this.orExpr, { LABEL: "inner" });
            this.CONSUME(RParen);
            this.ACTION(() => {
              this.depth--;
            });
          },
        },
        {
          GATE: this.callFollows,
          ALT: () => {
            this.CONSUME(Kw.known);
            this.CONSUME1(LParen);
            this.CONSUME1(Identifier, { LABEL: "field" });
            this.CONSUME1(RParen);
          },
        },
        {
          GATE: this.callFollows,
          ALT: () => {
            this.CONSUME(Kw.given);
            this.CONSUME2(LParen);
            this.CONSUME2(Identifier, { LABEL: "purpose" });
            this.CONSUME2(RParen);
          },
        },
        {
          ALT: () => {
            this.SUBRULE1(this.value, { LABEL: "left" });
            this.CONSUME(CompareOp);
            this.SUBRULE2(this.value, { LABEL: "right" });
          },
        },
      ],
    });
  });

  /** A bare word, a number or a string. */
  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier, { LABEL: "word" }) },
      { ALT: () => this.CONSUME(NumberLit, { LABEL: "number" }) },
      { ALT: () => this.CONSUME(StringLit, { LABEL: "string" }) },
    ]);
  });
}

let instance: FlowParser | undefined;

/** The one parser of the process, built on first use. */
export function flowParser(): FlowParser {
  return (instance ??= new FlowParser());
}
