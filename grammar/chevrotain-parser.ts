/**
 * Chevrotain's own parser, built from the same grammar (parser.ts
 * `defineGrammar`), for the tests only: it validates the grammar (left
 * recursion, ambiguities) when it is built, it computes the lookahead table
 * the compiler's engine reads (lookahead.ts, checked to be current by
 * parser.test.ts), and the tests compare the two parsers on many inputs.
 *
 *   npx tsx grammar/chevrotain-parser.ts    rewrites lookahead.ts after a grammar change
 */
import { writeFileSync } from "node:fs";
import {
  Alternation,
  CstParser,
  EOF as CHEVROTAIN_EOF,
  Lexer,
  NonTerminal,
  Option,
  Repetition,
  createToken,
  getLookaheadPaths,
  type CstNode,
  type IProduction,
  type IToken,
  type TokenType,
} from "chevrotain";
import { defineGrammar, errorMessages, GRAMMAR_TOKENS, type FlowRules } from "./parser.ts";
import { allTokens, EOF, NOT_APPLICABLE, SKIPPED } from "./tokens.ts";

/** Chevrotain's copies of the token types (it keeps its own registry of them), by name. */
export const chevrotainTypes = new Map<string, TokenType>([[EOF.name, CHEVROTAIN_EOF]]);
// Categories (Identifier, CompareOp) first: their members name them.
for (const t of [...allTokens].sort((a, b) => (a.CATEGORIES?.length ?? 0) - (b.CATEGORIES?.length ?? 0))) {
  chevrotainTypes.set(
    t.name,
    createToken({
      name: t.name,
      pattern: t.PATTERN === NOT_APPLICABLE ? Lexer.NA : (t.PATTERN as RegExp),
      ...(t.LABEL !== undefined ? { label: t.LABEL } : {}),
      ...(t.GROUP !== undefined ? { group: t.GROUP === SKIPPED ? Lexer.SKIPPED : t.GROUP } : {}),
      ...(t.LINE_BREAKS !== undefined ? { line_breaks: t.LINE_BREAKS } : {}),
      ...(t.CATEGORIES && t.CATEGORIES.length > 0 ? { categories: t.CATEGORIES.map((c) => chevrotainTypes.get(c.name)!) } : {}),
    }),
  );
}

/** The same tokens, typed with chevrotain's copies. */
export function toChevrotain(tokens: readonly IToken[]): IToken[] {
  return tokens.map((t) => ({ ...t, tokenType: chevrotainTypes.get(t.tokenType.name)!, tokenTypeIdx: chevrotainTypes.get(t.tokenType.name)!.tokenTypeIdx! }));
}

export class ChevrotainFlowParser extends CstParser {
  depth = 0;

  constructor() {
    super(
      allTokens.map((t) => chevrotainTypes.get(t.name)!),
      { maxLookahead: 3, recoveryEnabled: false, nodeLocationTracking: "onlyOffset", skipValidations: false, errorMessageProvider: errorMessages },
    );
    const copy = (t: TokenType) => chevrotainTypes.get(t.name)!;
    const Kw = Object.fromEntries(Object.entries(GRAMMAR_TOKENS.Kw).map(([word, t]) => [word, copy(t)])) as typeof GRAMMAR_TOKENS.Kw;
    const tokens = Object.fromEntries(Object.entries(GRAMMAR_TOKENS).map(([name, t]) => [name, name === "Kw" ? Kw : copy(t as TokenType)]));
    defineGrammar(this as unknown as Parameters<typeof defineGrammar>[0], tokens as typeof GRAMMAR_TOKENS);
    this.performSelfAnalysis();
  }

  get position(): number {
    return (this as unknown as { exportLexerState(): number }).exportLexerState() + 1;
  }
  seek(index: number): void {
    (this as unknown as { importLexerState(i: number): void }).importLexerState(index - 1);
  }
  peek(k: number): IToken {
    return this.LA(k);
  }
  /** As parser.ts's engine: input left after a root rule is expected (items are parsed one root call at a time). */
  onAfterParse(): void {
    const v = this.input;
    while (v.length > 0 && v[v.length - 1]!.tokenType === CHEVROTAIN_EOF) v.pop();
  }
}

export function chevrotainFlowParser(): ChevrotainFlowParser & FlowRules {
  return new ChevrotainFlowParser() as ChevrotainFlowParser & FlowRules;
}

// ── The lookahead table ─────────────────────────────────────────────────────

type Table = Record<string, { alts: string[][][]; expected?: string[][][] }>;

/** Every OR, OPTION and MANY of the grammar with the token paths chevrotain decides it by. */
export function lookaheadTable(parser: ChevrotainFlowParser): Table {
  const table: Table = {};
  const names = (alts: TokenType[][][]) => alts.map((paths) => paths.map((path) => path.map((t) => t.name)));
  for (const rule of Object.values(parser.getGAstProductions())) {
    const visit = (prods: readonly IProduction[]) => {
      for (const prod of prods) {
        if (prod instanceof Alternation) {
          const k = (prod as { maxLookahead?: number }).maxLookahead ?? 3;
          const alts = names(getLookaheadPaths({ occurrence: prod.idx, rule, prodType: "Alternation", maxLookahead: k }));
          const expected = names(getLookaheadPaths({ occurrence: prod.idx, rule, prodType: "Alternation", maxLookahead: 3 }));
          table[`${rule.name}/OR/${prod.idx}`] = JSON.stringify(expected) === JSON.stringify(alts) ? { alts } : { alts, expected };
        } else if (prod instanceof Option || prod instanceof Repetition) {
          const kind = prod instanceof Option ? "OPTION" : "MANY";
          const paths = getLookaheadPaths({ occurrence: prod.idx, rule, prodType: kind === "OPTION" ? "Option" : "Repetition", maxLookahead: (prod as { maxLookahead?: number }).maxLookahead ?? 3 });
          table[`${rule.name}/${kind}/${prod.idx}`] = { alts: [names(paths)[0]!] };
        }
        // A rule's own productions only: a NonTerminal's definition is the rule it names.
        if (!(prod instanceof NonTerminal)) {
          const inner = (prod as { definition?: IProduction[] }).definition;
          if (inner) visit(inner);
        }
      }
    };
    visit(rule.definition);
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function lookaheadSource(table: Table): string {
  const lines = Object.entries(table).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  return `/**
 * The lookahead of every decision of the grammar (parser.ts): for each OR
 * alternative, or the inside of an OPTION or MANY, the token paths that
 * choose it, as chevrotain computes them at maxLookahead 3. Generated by
 * \`npx tsx grammar/chevrotain-parser.ts\`; parser.test.ts checks it is current.
 */
export const LOOKAHEAD: Readonly<Record<string, { readonly alts: readonly (readonly (readonly string[])[])[]; readonly expected?: readonly (readonly (readonly string[])[])[] }>> = {
${lines.join("\n")}
};
`;
}

export type { CstNode };

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL("./lookahead.ts", import.meta.url), lookaheadSource(lookaheadTable(new ChevrotainFlowParser())));
}
