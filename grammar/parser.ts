/**
 * The Lawflow grammar, and the parser that runs it: tokens to a concrete
 * syntax tree, no semantics.
 *
 * The grammar is written once (`defineGrammar`) against the DSL of
 * chevrotain's parsers (CONSUME, SUBRULE, OPTION, MANY, OR). The compiler
 * runs it on `FlowParser`, a small engine with chevrotain's semantics for
 * the parts this grammar uses: LL(k) decisions taken from the lookahead
 * table in lookahead.ts, the same concrete syntax tree, the same errors and
 * messages. Building chevrotain's parser (recording the grammar, computing
 * its lookahead) and loading chevrotain were a third of a cold `lawflow
 * compile`; the tests build chevrotain's own parser from the same grammar
 * (chevrotain-parser.ts, with grammar validation on), check the table is
 * the one chevrotain computes, and compare the two parsers on many inputs.
 *
 * The parser is driven one top-level item at a time (`statement`): the caller
 * (compiler/parse.ts) invokes `statement` repeatedly over the same token
 * vector, and after a syntax error skips to the next declaration or step
 * keyword at the start of a line. That gives one diagnostic per broken item and
 * keeps every well-formed item around it. Chevrotain's own recovery is off.
 */
import type { CstNode, IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from "chevrotain";
import {
  allTokens, Arrow, Colon, Comma, CompareOp, Dot, DotDot, EOF, Identifier, Kw, LBrace, LParen, NumberLit, RParen, StringLit,
} from "./tokens.ts";
import { LOOKAHEAD } from "./lookahead.ts";

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

/** Token types are compared by name here: the tests' chevrotain parser runs on its own copies of them. */
const isType = (t: TokenType | undefined, type: TokenType) => t?.name === type.name;

export function describeFound(t: IToken): string {
  if (isType(t.tokenType, EOF)) return "the end of the file";
  if (isType(t.tokenType, StringLit)) return "a string";
  if (isType(t.tokenType, NumberLit)) return `the number \`${t.image}\``;
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
  if (ruleName === "ask" && isType(expected, Kw.for))
    return "every question needs a purpose and a lawful basis: `for quote under contract`";
  if (ruleName === "purposeUse" && isType(expected, Kw.under))
    return "name the lawful basis the purpose rests on: `for quote under contract`";
  if (ruleName === "ask" && isType(expected, StringLit))
    return 'an ask names the field, then the question: `ask email "What is your email?" for quote under contract`';
  if (ruleName === "fieldDecl" && isType(expected, Colon)) return "a field is declared as `field NAME: TYPE`, e.g. `field email: email`";
  if (ruleName === "if" && isType(expected, Arrow)) return "a branch is written `if CONDITION -> STEP`";
  if (ruleName === "flowDecl") return 'the flow is declared as `flow Name version "1.0.0"`';
  if (ruleName === "controllerDecl") return 'the controller is declared as `controller "Name" contact "privacy@example.com"`';
  if (ruleName === "atom" && (expected === undefined || isType(expected, CompareOp))) return "a condition compares (`plan == pro`, `age >= 18`) or tests `known(field)` / `given(purpose)`";
  if (ruleName === "purposeHead" && isType(expected, LBrace)) return 'a purpose is declared as `purpose ID "WHY" { … }`';
  if (ruleName === "end" && isType(expected, StringLit)) return 'an end says goodbye: `end thanks "Thank you!"`';
  if (ruleName === "consent" && isType(expected, StringLit)) return 'a consent step asks for one purpose: `consent newsletter "May we email you?"`';
  return undefined;
}

function withHint(message: string, hint: string | undefined): string {
  return hint ? message + HINT_SEPARATOR + hint : message;
}

export const errorMessages: IParserErrorMessageProvider = {
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

/** The options of a CONSUME or SUBRULE. */
interface Labelled {
  readonly LABEL?: string;
}
type Def = (() => unknown) | { readonly GATE?: () => boolean; readonly DEF: () => unknown };
interface Alt {
  readonly ALT: () => unknown;
  readonly GATE?: () => boolean;
}
type Alts = readonly Alt[] | { readonly DEF: readonly Alt[]; readonly MAX_LOOKAHEAD?: number; readonly IGNORE_AMBIGUITIES?: boolean };

/** A grammar rule as the DSL returns it. */
export type Rule = ((...args: never[]) => CstNode | undefined) & { readonly ruleName: string };

/** The part of chevrotain's parser DSL the grammar uses. */
export interface GrammarDsl {
  depth: number;
  RULE(name: string, impl: () => void): Rule;
  CONSUME(type: TokenType, options?: Labelled): IToken;
  CONSUME1(type: TokenType, options?: Labelled): IToken;
  CONSUME2(type: TokenType, options?: Labelled): IToken;
  CONSUME3(type: TokenType, options?: Labelled): IToken;
  CONSUME4(type: TokenType, options?: Labelled): IToken;
  SUBRULE(rule: Rule, options?: Labelled): unknown;
  SUBRULE1(rule: Rule, options?: Labelled): unknown;
  SUBRULE2(rule: Rule, options?: Labelled): unknown;
  SUBRULE3(rule: Rule, options?: Labelled): unknown;
  OPTION(def: Def): unknown;
  OPTION1(def: Def): unknown;
  OPTION2(def: Def): unknown;
  OPTION3(def: Def): unknown;
  MANY(def: Def): void;
  MANY1(def: Def): void;
  MANY2(def: Def): void;
  OR(alts: Alts): unknown;
  ACTION(action: () => void): void;
  LA(k: number): IToken;
}

/** The rules, by name. `statement` and `purposeItem` are the roots compiler/parse.ts invokes. */
export interface FlowRules {
  statement: Rule; flowDecl: Rule; controllerDecl: Rule; securityDecl: Rule; useDecl: Rule; purposeHead: Rule; purposeItem: Rule;
  retainItem: Rule; duration: Rule; unit: Rule; stringList: Rule; dottedName: Rule; fieldDecl: Rule; fieldType: Rule; textType: Rule;
  rangeType: Rule; choiceType: Rule; choiceOption: Rule; step: Rule; say: Rule; ask: Rule; purposeUse: Rule; askOption: Rule;
  consent: Rule; if: Rule; goto: Rule; end: Rule; orExpr: Rule; andExpr: Rule; notExpr: Rule; atom: Rule; value: Rule;
}

/** The token types the grammar names. */
export const GRAMMAR_TOKENS = { Arrow, Colon, Comma, CompareOp, Dot, DotDot, Identifier, Kw, LBrace, LParen, NumberLit, RParen, StringLit };

/** Defines the rules on `$` (a parser offering the DSL), over the given token types (chevrotain's parser in the tests has its own copies). */
export function defineGrammar($: GrammarDsl & Partial<FlowRules>, tokens: typeof GRAMMAR_TOKENS = GRAMMAR_TOKENS): void {
  const { Arrow, Colon, Comma, CompareOp, Dot, DotDot, Identifier, Kw, LBrace, LParen, NumberLit, RParen, StringLit } = tokens;
  /** A following `NAME :` is the label of the next step, not an option of this one. */
  const notLabel = (): boolean => !isType($.LA(2).tokenType, Colon);
  /** `known(` / `given(`: the word is the test, not a field named `known`. */
  const callFollows = (): boolean => isType($.LA(2).tokenType, LParen);
  const r = $ as GrammarDsl & FlowRules;

  // Alternatives and gated options are built once, beside their rule, not on every call of the rule.

  // ── Top level ─────────────────────────────────────────────────────────────

  const statementAlts = [
    { ALT: () => $.SUBRULE(r.flowDecl) },
    { ALT: () => $.SUBRULE(r.controllerDecl) },
    { ALT: () => $.SUBRULE(r.securityDecl) },
    { ALT: () => $.SUBRULE(r.useDecl) },
    { ALT: () => $.SUBRULE(r.purposeHead) },
    { ALT: () => $.SUBRULE(r.fieldDecl) },
    { ALT: () => $.SUBRULE(r.step) },
  ];
  $.statement = $.RULE("statement", () => {
    $.OR(statementAlts);
  });

  $.flowDecl = $.RULE("flowDecl", () => {
    $.CONSUME(Kw.flow);
    $.CONSUME(Identifier, { LABEL: "name" });
    $.CONSUME(Kw.version);
    $.CONSUME(StringLit, { LABEL: "version" });
  });

  $.controllerDecl = $.RULE("controllerDecl", () => {
    $.CONSUME(Kw.controller);
    $.CONSUME1(StringLit, { LABEL: "name" });
    $.CONSUME(Kw.contact);
    $.CONSUME2(StringLit, { LABEL: "contact" });
    $.OPTION(() => {
      $.CONSUME(Kw.dpo);
      $.CONSUME3(StringLit, { LABEL: "dpo" });
    });
  });

  $.securityDecl = $.RULE("securityDecl", () => {
    $.CONSUME(Kw.security);
    $.CONSUME(StringLit, { LABEL: "text" });
  });

  $.useDecl = $.RULE("useDecl", () => {
    $.CONSUME(Kw.use);
    $.CONSUME(StringLit, { LABEL: "path" });
  });

  // ── Purposes ──────────────────────────────────────────────────────────────

  /**
   * `purpose ID "WHY" {` — the head only. The driver parses the items one at a
   * time (`purposeItem`) up to the closing `}`, so one broken item does not lose
   * the whole purpose (every ask naming it would then fail to resolve).
   */
  $.purposeHead = $.RULE("purposeHead", () => {
    $.CONSUME(Kw.purpose);
    $.CONSUME(Identifier, { LABEL: "name" });
    $.CONSUME(StringLit, { LABEL: "why" });
    $.CONSUME(LBrace);
  });

  const purposeItemAlts = [
    {
      ALT: () => {
        $.CONSUME(Kw.basis);
        $.CONSUME(Identifier, { LABEL: "basis" });
        $.OPTION(() => $.CONSUME(StringLit, { LABEL: "evidence" }));
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.needs);
        $.CONSUME1(Identifier, { LABEL: "field" });
        $.MANY(() => {
          $.CONSUME(Comma);
          $.CONSUME2(Identifier, { LABEL: "field" });
        });
      },
    },
    { ALT: () => $.SUBRULE(r.retainItem) },
    {
      ALT: () => {
        $.CONSUME(Kw.consent);
        $.CONSUME(Kw.valid);
        $.SUBRULE(r.duration);
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.shared);
        $.CONSUME(Kw.with);
        $.SUBRULE1(r.stringList, { LABEL: "recipients" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.transfer);
        $.CONSUME(Kw.to);
        $.CONSUME1(StringLit, { LABEL: "country" });
        $.CONSUME(Kw.under);
        $.CONSUME2(StringLit, { LABEL: "safeguard" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.withdraw);
        $.CONSUME(Kw.on);
        $.SUBRULE2(r.stringList, { LABEL: "phrases" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.condition);
        $.CONSUME3(Identifier, { LABEL: "condition" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.category);
        $.SUBRULE(r.dottedName, { LABEL: "category" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.subjects);
        $.SUBRULE3(r.stringList, { LABEL: "subjects" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.automated);
        $.CONSUME3(StringLit, { LABEL: "description" });
      },
    },
  ];
  $.purposeItem = $.RULE("purposeItem", () => {
    $.OR(purposeItemAlts);
  });

  const retainItemAlts = [
    { ALT: () => $.CONSUME(Kw.session) },
    {
      ALT: () => {
        $.CONSUME1(Kw.until);
        $.CONSUME1(Kw.withdrawn);
      },
    },
    {
      ALT: () => {
        $.SUBRULE(r.duration);
        $.OPTION(() => {
          $.CONSUME(Kw.or);
          $.CONSUME2(Kw.until);
          $.CONSUME2(Kw.withdrawn);
        });
      },
    },
  ];
  $.retainItem = $.RULE("retainItem", () => {
    $.CONSUME(Kw.retain);
    $.OR(retainItemAlts);
  });

  $.duration = $.RULE("duration", () => {
    $.CONSUME(NumberLit, { LABEL: "amount" });
    $.SUBRULE(r.unit);
  });

  const unitAlts = [
    { ALT: () => $.CONSUME(Kw.day, { LABEL: "unit" }) },
    { ALT: () => $.CONSUME(Kw.days, { LABEL: "unit" }) },
    { ALT: () => $.CONSUME(Kw.week, { LABEL: "unit" }) },
    { ALT: () => $.CONSUME(Kw.weeks, { LABEL: "unit" }) },
    { ALT: () => $.CONSUME(Kw.month, { LABEL: "unit" }) },
    { ALT: () => $.CONSUME(Kw.months, { LABEL: "unit" }) },
    { ALT: () => $.CONSUME(Kw.year, { LABEL: "unit" }) },
    { ALT: () => $.CONSUME(Kw.years, { LABEL: "unit" }) },
  ];
  $.unit = $.RULE("unit", () => {
    $.OR(unitAlts);
  });

  $.stringList = $.RULE("stringList", () => {
    $.CONSUME1(StringLit, { LABEL: "item" });
    $.MANY(() => {
      $.CONSUME(Comma);
      $.CONSUME2(StringLit, { LABEL: "item" });
    });
  });

  /** `marketing.communications.email` */
  $.dottedName = $.RULE("dottedName", () => {
    $.CONSUME1(Identifier, { LABEL: "part" });
    $.MANY(() => {
      $.CONSUME(Dot);
      $.CONSUME2(Identifier, { LABEL: "part" });
    });
  });

  // ── Fields ────────────────────────────────────────────────────────────────

  const fieldDeclOption2 = {
    GATE: notLabel,
    DEF: () => {
      $.CONSUME(Kw.special);
      $.CONSUME2(Identifier, { LABEL: "special" });
    },
  };
  const fieldDeclOption3 = {
    GATE: notLabel,
    DEF: () => {
      $.CONSUME(Kw.category);
      $.SUBRULE(r.dottedName, { LABEL: "category" });
    },
  };
  $.fieldDecl = $.RULE("fieldDecl", () => {
    $.CONSUME(Kw.field);
    $.CONSUME1(Identifier, { LABEL: "name" });
    $.CONSUME(Colon);
    $.SUBRULE(r.fieldType);
    $.OPTION1(() => $.CONSUME(StringLit, { LABEL: "label" }));
    $.OPTION2(fieldDeclOption2);
    $.OPTION3(fieldDeclOption3);
  });

  const fieldTypeAlts = [
    { ALT: () => $.SUBRULE(r.textType) },
    { ALT: () => $.SUBRULE(r.rangeType) },
    { ALT: () => $.SUBRULE(r.choiceType) },
    { ALT: () => $.CONSUME(Kw.email, { LABEL: "simple" }) },
    { ALT: () => $.CONSUME(Kw.phone, { LABEL: "simple" }) },
    { ALT: () => $.CONSUME(Kw.yesno, { LABEL: "simple" }) },
    { ALT: () => $.CONSUME(Kw.date, { LABEL: "simple" }) },
  ];
  $.fieldType = $.RULE("fieldType", () => {
    $.OR(fieldTypeAlts);
  });

  $.textType = $.RULE("textType", () => {
    $.CONSUME(Kw.text);
    $.CONSUME(LParen);
    $.CONSUME(NumberLit, { LABEL: "max" });
    $.CONSUME(RParen);
  });

  const rangeTypeAlts = [
    { ALT: () => $.CONSUME(Kw.integer, { LABEL: "kind" }) },
    { ALT: () => $.CONSUME(Kw.number, { LABEL: "kind" }) },
  ];
  $.rangeType = $.RULE("rangeType", () => {
    $.OR(rangeTypeAlts);
    $.CONSUME(LParen);
    $.CONSUME1(NumberLit, { LABEL: "min" });
    $.CONSUME(DotDot);
    $.CONSUME2(NumberLit, { LABEL: "max" });
    $.CONSUME(RParen);
  });

  $.choiceType = $.RULE("choiceType", () => {
    $.CONSUME(Kw.choice);
    $.CONSUME(LParen);
    $.SUBRULE1(r.choiceOption, { LABEL: "option" });
    $.MANY(() => {
      $.CONSUME(Comma);
      $.SUBRULE2(r.choiceOption, { LABEL: "option" });
    });
    $.CONSUME(RParen);
  });

  $.choiceOption = $.RULE("choiceOption", () => {
    $.CONSUME(Identifier, { LABEL: "value" });
    $.CONSUME(StringLit, { LABEL: "label" });
  });

  // ── Steps ─────────────────────────────────────────────────────────────────

  /** `[ID:] say|ask|consent|if|goto|end …` — any step may carry a leading `ID:` label. */
  const stepAlts = [
    { ALT: () => $.SUBRULE(r.say) },
    { ALT: () => $.SUBRULE(r.ask) },
    { ALT: () => $.SUBRULE(r.consent) },
    { ALT: () => $.SUBRULE(r.if) },
    { ALT: () => $.SUBRULE(r.goto) },
    { ALT: () => $.SUBRULE(r.end) },
  ];
  $.step = $.RULE("step", () => {
    $.OPTION(() => {
      $.CONSUME(Identifier, { LABEL: "label" });
      $.CONSUME(Colon);
    });
    $.OR(stepAlts);
  });

  $.say = $.RULE("say", () => {
    $.CONSUME(Kw.say);
    $.OPTION(() => {
      $.CONSUME(Identifier, { LABEL: "id" });
      $.CONSUME(Colon);
    });
    $.CONSUME(StringLit, { LABEL: "text" });
  });

  const askMany2 = { GATE: notLabel, DEF: () => $.SUBRULE(r.askOption, { LABEL: "option" }) };
  $.ask = $.RULE("ask", () => {
    $.CONSUME(Kw.ask);
    $.OPTION(() => {
      $.CONSUME1(Identifier, { LABEL: "id" });
      $.CONSUME(Colon);
    });
    $.CONSUME2(Identifier, { LABEL: "field" });
    $.CONSUME(StringLit, { LABEL: "question" });
    $.CONSUME(Kw.for);
    $.SUBRULE1(r.purposeUse, { LABEL: "purpose" });
    $.MANY1(() => {
      $.CONSUME(Comma);
      $.SUBRULE2(r.purposeUse, { LABEL: "purpose" });
    });
    $.MANY2(askMany2);
  });

  $.purposeUse = $.RULE("purposeUse", () => {
    $.CONSUME1(Identifier, { LABEL: "purpose" });
    $.CONSUME(Kw.under);
    $.CONSUME2(Identifier, { LABEL: "basis" });
  });

  const askOptionAlts = [
    { ALT: () => $.CONSUME(Kw.optional) },
    {
      ALT: () => {
        $.CONSUME(Kw.when);
        $.SUBRULE(r.value);
        $.CONSUME1(Arrow);
        $.CONSUME1(Identifier, { LABEL: "whenTarget" });
      },
    },
    {
      ALT: () => {
        $.CONSUME2(Arrow);
        $.CONSUME2(Identifier, { LABEL: "next" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.retry);
        $.CONSUME(NumberLit, { LABEL: "limit" });
        $.CONSUME(Kw.then);
        $.CONSUME3(Arrow);
        $.CONSUME3(Identifier, { LABEL: "retryTarget" });
      },
    },
  ];
  $.askOption = $.RULE("askOption", () => {
    $.OR(askOptionAlts);
  });

  const consentAlts = [
    {
      ALT: () => {
        $.CONSUME(Kw.given);
        $.CONSUME1(Arrow);
        $.CONSUME3(Identifier, { LABEL: "given" });
      },
    },
    {
      ALT: () => {
        $.CONSUME(Kw.refused);
        $.CONSUME2(Arrow);
        $.CONSUME4(Identifier, { LABEL: "refused" });
      },
    },
  ];
  const consentMany = {
    GATE: notLabel,
    DEF: () => {
      $.OR(consentAlts);
    },
  };
  $.consent = $.RULE("consent", () => {
    $.CONSUME(Kw.consent);
    $.OPTION(() => {
      $.CONSUME1(Identifier, { LABEL: "id" });
      $.CONSUME(Colon);
    });
    $.CONSUME2(Identifier, { LABEL: "purpose" });
    $.CONSUME(StringLit, { LABEL: "request" });
    $.MANY(consentMany);
  });

  $.if = $.RULE("if", () => {
    $.CONSUME(Kw.if);
    $.SUBRULE(r.orExpr, { LABEL: "condition" });
    $.CONSUME(Arrow);
    $.CONSUME(Identifier, { LABEL: "target" });
  });

  $.goto = $.RULE("goto", () => {
    $.CONSUME(Kw.goto);
    $.CONSUME(Identifier, { LABEL: "target" });
  });

  const endOption3 = {
    GATE: notLabel,
    DEF: () => {
      $.CONSUME(Kw.as);
      $.CONSUME2(Identifier, { LABEL: "outcome" });
    },
  };
  $.end = $.RULE("end", () => {
    $.CONSUME(Kw.end);
    $.OPTION1(() => {
      $.CONSUME1(Identifier, { LABEL: "id" });
      $.OPTION2(() => $.CONSUME(Colon));
    });
    $.CONSUME(StringLit, { LABEL: "text" });
    $.OPTION3(endOption3);
  });

  // ── Conditions: or < and < not < comparison ───────────────────────────────

  $.orExpr = $.RULE("orExpr", () => {
    $.SUBRULE1(r.andExpr, { LABEL: "operand" });
    $.MANY(() => {
      $.CONSUME(Kw.or);
      $.SUBRULE2(r.andExpr, { LABEL: "operand" });
    });
  });

  $.andExpr = $.RULE("andExpr", () => {
    $.SUBRULE1(r.notExpr, { LABEL: "operand" });
    $.MANY(() => {
      $.CONSUME(Kw.and);
      $.SUBRULE2(r.notExpr, { LABEL: "operand" });
    });
  });

  $.notExpr = $.RULE("notExpr", () => {
    let nots = 0;
    $.MANY(() => {
      const t = $.CONSUME(Kw.not);
      $.ACTION(() => {
        nots++;
        if (++$.depth > MAX_CONDITION_DEPTH) throw new NestingTooDeep(t);
      });
    });
    $.SUBRULE(r.atom);
    $.ACTION(() => {
      $.depth -= nots;
    });
  });

  /**
   * One lookahead token decides, in order: `(`, `known(`, `given(`, else a
   * comparison. So `if subscribed -> x` is reported at `->` ("expected a
   * comparison"), where the mistake is, not at `subscribed`.
   */
  const atomAlts = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          const open = $.CONSUME(LParen);
          $.ACTION(() => {
            if (++$.depth > MAX_CONDITION_DEPTH) throw new NestingTooDeep(open);
          });
          $.SUBRULE(r.orExpr, { LABEL: "inner" });
          $.CONSUME(RParen);
          $.ACTION(() => {
            $.depth--;
          });
        },
      },
      {
        GATE: callFollows,
        ALT: () => {
          $.CONSUME(Kw.known);
          $.CONSUME1(LParen);
          $.CONSUME1(Identifier, { LABEL: "field" });
          $.CONSUME1(RParen);
        },
      },
      {
        GATE: callFollows,
        ALT: () => {
          $.CONSUME(Kw.given);
          $.CONSUME2(LParen);
          $.CONSUME2(Identifier, { LABEL: "purpose" });
          $.CONSUME2(RParen);
        },
      },
      {
        ALT: () => {
          $.SUBRULE1(r.value, { LABEL: "left" });
          $.CONSUME(CompareOp);
          $.SUBRULE2(r.value, { LABEL: "right" });
        },
      },
    ],
  };
  $.atom = $.RULE("atom", () => {
    $.OR(atomAlts);
  });

  /** A bare word, a number or a string. */
  const valueAlts = [
    { ALT: () => $.CONSUME(Identifier, { LABEL: "word" }) },
    { ALT: () => $.CONSUME(NumberLit, { LABEL: "number" }) },
    { ALT: () => $.CONSUME(StringLit, { LABEL: "string" }) },
  ];
  $.value = $.RULE("value", () => {
    $.OR(valueAlts);
  });
}

// ── The engine ──────────────────────────────────────────────────────────────

const END_OF_FILE: IToken = Object.freeze({ image: "", startOffset: NaN, endOffset: NaN, tokenTypeIdx: EOF.tokenTypeIdx!, tokenType: EOF });

/** A syntax error, as chevrotain reports it (MismatchedTokenException, NoViableAltException). */
class RecognitionError extends Error implements IRecognitionException {
  readonly context = { ruleStack: [], ruleOccurrenceStack: [] };
  readonly resyncedTokens: IToken[] = [];
  constructor(
    override readonly name: string,
    message: string,
    readonly token: IToken,
    readonly previousToken: IToken,
  ) {
    super(message);
  }
}

/** Whether a token is of a type, or of a type in its category (a keyword is an Identifier). */
function matches(token: IToken, type: TokenType): boolean {
  return token.tokenTypeIdx === type.tokenTypeIdx || (type.isParent === true && type.categoryMatchesMap![token.tokenTypeIdx] === true);
}

const typeByName = new Map(allTokens.map((t) => [t.name, t] as const));

/** One decision of the table: for each alternative, the token paths that choose it. */
type Paths = readonly (readonly TokenType[])[];
/** Whether the next tokens follow one of an alternative's paths. */
type Test = (parser: FlowParser) => boolean;

const MAX_TYPE_IDX = Math.max(...allTokens.map((t) => t.tokenTypeIdx!), EOF.tokenTypeIdx!);

function compileTest(paths: Paths): Test {
  if (paths.every((path) => path.length === 1)) {
    // One token decides (most decisions): a look-up by the token's type.
    const takes = new Uint8Array(MAX_TYPE_IDX + 1);
    for (const [type] of paths) {
      takes[type!.tokenTypeIdx!] = 1;
      for (const member of type!.categoryMatches ?? []) takes[member] = 1;
    }
    return (parser) => takes[parser.LA(1).tokenTypeIdx] === 1;
  }
  return (parser) => {
    next: for (const path of paths) {
      for (let i = 0; i < path.length; i++) if (!matches(parser.LA(i + 1), path[i]!)) continue next;
      return true;
    }
    return false;
  };
}

/** A rule's decisions, by kind and occurrence (OPTION2 is `option[2]`). */
interface RuleTable {
  or?: { readonly alts: readonly Test[]; readonly expected: readonly Paths[] };
  readonly option: Test[];
  readonly many: Test[];
}
const tables = new Map<string, RuleTable>();
for (const [key, entry] of Object.entries(LOOKAHEAD)) {
  const [rule, kind, occurrence] = key.split("/") as [string, "OR" | "OPTION" | "MANY", string];
  const resolve = (alts: readonly (readonly (readonly string[])[])[]): Paths[] =>
    alts.map((paths) => paths.map((path) => path.map((name) => typeByName.get(name) ?? EOF)));
  let table = tables.get(rule);
  if (!table) tables.set(rule, (table = { option: [], many: [] }));
  const alts = resolve(entry.alts);
  if (kind === "OR") table.or = { alts: alts.map(compileTest), expected: entry.expected ? resolve(entry.expected) : alts };
  else if (kind === "OPTION") table.option[Number(occurrence)] = compileTest(alts[0]!);
  else table.many[Number(occurrence)] = compileTest(alts[0]!);
}
const EMPTY_TABLE: RuleTable = { option: [], many: [] };

interface RuleImpl {
  readonly ruleName: string;
  readonly impl: () => void;
  readonly table: RuleTable;
}

/**
 * Runs the grammar on a token vector with chevrotain's semantics (recovery
 * off, offsets-only node locations): a rule returns its CST node; the first
 * syntax error is saved in `errors` and ends the root rule, which returns
 * undefined; any other exception (NestingTooDeep) propagates.
 */
export class FlowParser implements GrammarDsl {
  /** Current nesting of parentheses and `not`s in a condition (reset per statement). */
  depth = 0;
  errors: IRecognitionException[] = [];
  private tokens: IToken[] = [];
  private length = 0;
  private index = -1;
  private readonly nodes: CstNode[] = [];
  private readonly ruleNames: string[] = [];
  private readonly tableStack: RuleTable[] = [];

  constructor() {
    defineGrammar(this);
  }

  set input(tokens: IToken[]) {
    this.tokens = tokens;
    this.length = tokens.length;
    this.index = -1;
    this.errors = [];
    this.nodes.length = 0;
    this.ruleNames.length = 0;
    this.tableStack.length = 0;
  }
  get input(): IToken[] {
    return this.tokens;
  }

  /** Index of the next token to be consumed. */
  get position(): number {
    return this.index + 1;
  }
  /** Continue parsing at token `index` (after a syntax error). */
  seek(index: number): void {
    this.index = index - 1;
  }
  /** The token `k` ahead of the parser's position (1: the next one). */
  peek(k: number): IToken {
    return this.LA(k);
  }

  LA(k: number): IToken {
    const i = this.index + k;
    return i < 0 || i >= this.length ? END_OF_FILE : this.tokens[i]!;
  }

  RULE(name: string, impl: () => void): Rule {
    const parser = this;
    const table = tables.get(name) ?? EMPTY_TABLE;
    const root = function (): CstNode | undefined {
      try {
        return parser.invoke(name, impl, table);
      } catch (e) {
        if (!(e instanceof RecognitionError)) throw e;
        parser.index = parser.length - 1;
        return undefined;
      }
    };
    return Object.assign(root, { ruleName: name, impl, table });
  }

  private invoke(name: string, impl: () => void, table: RuleTable): CstNode {
    const node: CstNode = { name, children: Object.create(null), location: { startOffset: this.LA(1).startOffset, endOffset: NaN } };
    this.nodes.push(node);
    this.ruleNames.push(name);
    this.tableStack.push(table);
    try {
      impl();
      const last = this.LA(0);
      const location = node.location!;
      // A rule that consumed nothing has no location.
      if (location.startOffset <= last.startOffset) location.endOffset = last.endOffset;
      else location.startOffset = NaN;
      return node;
    } finally {
      this.nodes.pop();
      this.ruleNames.pop();
      this.tableStack.pop();
    }
  }

  private add(key: string, child: IToken | CstNode): void {
    const children = this.nodes[this.nodes.length - 1]!.children;
    const list = children[key];
    if (list === undefined) children[key] = [child];
    else list.push(child);
  }

  private ruleName(): string {
    return this.ruleNames[this.ruleNames.length - 1]!;
  }

  private fail(name: string, message: string): never {
    const error = new RecognitionError(name, message, this.LA(1), this.LA(0));
    this.errors.push(error);
    throw error;
  }

  private consume(type: TokenType, options: Labelled | undefined): IToken {
    const token = this.LA(1);
    if (!matches(token, type)) {
      this.fail(
        "MismatchedTokenException",
        errorMessages.buildMismatchTokenMessage({ expected: type, actual: token, previous: this.LA(0), ruleName: this.ruleName() }),
      );
    }
    this.index++;
    this.add(options?.LABEL ?? type.name, token);
    return token;
  }
  CONSUME(type: TokenType, options?: Labelled): IToken {
    return this.consume(type, options);
  }
  CONSUME1(type: TokenType, options?: Labelled): IToken {
    return this.consume(type, options);
  }
  CONSUME2(type: TokenType, options?: Labelled): IToken {
    return this.consume(type, options);
  }
  CONSUME3(type: TokenType, options?: Labelled): IToken {
    return this.consume(type, options);
  }
  CONSUME4(type: TokenType, options?: Labelled): IToken {
    return this.consume(type, options);
  }

  private subrule(rule: Rule, options: Labelled | undefined): CstNode {
    const { ruleName, impl, table } = rule as unknown as RuleImpl;
    const node = this.invoke(ruleName, impl, table);
    this.add(options?.LABEL ?? ruleName, node);
    return node;
  }
  SUBRULE(rule: Rule, options?: Labelled): CstNode {
    return this.subrule(rule, options);
  }
  SUBRULE1(rule: Rule, options?: Labelled): CstNode {
    return this.subrule(rule, options);
  }
  SUBRULE2(rule: Rule, options?: Labelled): CstNode {
    return this.subrule(rule, options);
  }
  SUBRULE3(rule: Rule, options?: Labelled): CstNode {
    return this.subrule(rule, options);
  }

  private table(): RuleTable {
    return this.tableStack[this.tableStack.length - 1]!;
  }

  private lookahead(tests: readonly Test[], kind: string, occurrence: number): Test {
    const test = tests[occurrence];
    if (!test) throw new Error(`Lawflow internal error: no lookahead for ${this.ruleName()}/${kind}/${occurrence}`);
    return test;
  }

  private enters(def: Def, test: Test): boolean {
    if (typeof def !== "function" && def.GATE !== undefined && !def.GATE()) return false;
    return test(this);
  }

  private option(def: Def, occurrence: number): unknown {
    if (!this.enters(def, this.lookahead(this.table().option, "OPTION", occurrence))) return undefined;
    return typeof def === "function" ? def() : def.DEF();
  }
  OPTION(def: Def): unknown {
    return this.option(def, 0);
  }
  OPTION1(def: Def): unknown {
    return this.option(def, 1);
  }
  OPTION2(def: Def): unknown {
    return this.option(def, 2);
  }
  OPTION3(def: Def): unknown {
    return this.option(def, 3);
  }

  private many(def: Def, occurrence: number): void {
    const test = this.lookahead(this.table().many, "MANY", occurrence);
    const action = typeof def === "function" ? def : def.DEF;
    while (this.enters(def, test)) {
      const before = this.index;
      action();
      // An iteration that consumed nothing would repeat for ever.
      if (this.index <= before) break;
    }
  }
  MANY(def: Def): void {
    this.many(def, 0);
  }
  MANY1(def: Def): void {
    this.many(def, 1);
  }
  MANY2(def: Def): void {
    this.many(def, 2);
  }

  OR(alts: Alts): unknown {
    const list = "DEF" in alts ? alts.DEF : alts;
    const decision = this.table().or;
    if (!decision) throw new Error(`Lawflow internal error: no lookahead for ${this.ruleName()}/OR/0`);
    for (let i = 0; i < list.length; i++) {
      const alt = list[i]!;
      if (alt.GATE !== undefined && !alt.GATE()) continue;
      if (decision.alts[i]!(this)) return alt.ALT();
    }
    return this.fail(
      "NoViableAltException",
      errorMessages.buildNoViableAltMessage({
        expectedPathsPerAlt: decision.expected as TokenType[][][],
        actual: [this.LA(1), this.LA(2), this.LA(3)],
        previous: this.LA(0),
        customUserDescription: undefined as unknown as string,
        ruleName: this.ruleName(),
      }),
    );
  }

  ACTION(action: () => void): void {
    action();
  }
}

let instance: (FlowParser & FlowRules) | undefined;

/** The one parser of the process, built on first use. */
export function flowParser(): FlowParser & FlowRules {
  return (instance ??= new FlowParser() as FlowParser & FlowRules);
}
