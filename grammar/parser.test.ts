import { readFileSync, readdirSync } from "node:fs";
import type { CstNode, IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { generateFlow } from "../bench/generate-flow.ts";
import { chevrotainFlowParser, lookaheadSource, lookaheadTable, toChevrotain, ChevrotainFlowParser } from "./chevrotain-parser.ts";
import { lex } from "./lexer.ts";
import { flowParser, NestingTooDeep } from "./parser.ts";
import { sourceFile } from "../compiler/source.ts";

const reference = chevrotainFlowParser();
const engine = flowParser();

function show(node: CstNode | IToken | undefined): unknown {
  if (node === undefined) return undefined;
  if ("image" in node) return `${node.tokenType.name}@${node.startOffset}-${node.endOffset}:${node.image}`;
  return {
    name: node.name,
    location: [node.location?.startOffset, node.location?.endOffset],
    children: Object.entries(node.children).map(([key, list]) => [key, list.map(show)]),
  };
}

type Root = "statement" | "purposeItem";

/** One root call at token `start`, as compiler/parse.ts makes it. */
function run(parser: typeof reference | typeof engine, tokens: IToken[], root: Root, start: number) {
  parser.input = tokens;
  parser.seek(start);
  parser.errors = [];
  parser.depth = 0;
  let cst: CstNode | undefined;
  let thrown: string | undefined;
  try {
    cst = parser[root]();
  } catch (e) {
    if (e instanceof NestingTooDeep) thrown = `nesting at ${e.token.startOffset}`;
    else if (e instanceof RangeError) thrown = "stack";
    else throw e;
  }
  return {
    cst: show(cst),
    thrown,
    position: parser.position,
    errors: parser.errors.map((e) => ({ name: e.name, message: e.message, at: e.token.startOffset, image: e.token.image })),
  };
}

/** Every root call from every token of the text gives the same tree, errors and position in both parsers. */
function compareOn(text: string): void {
  const tokens = lex(sourceFile("t.flow", text)).tokens;
  for (let start = 0; start <= tokens.length; start++) {
    for (const root of ["statement", "purposeItem"] as const) {
      const expected = run(reference, toChevrotain(tokens), root, start);
      const actual = run(engine, tokens, root, start);
      if (expected.thrown === "stack" || actual.thrown === "stack") continue;
      expect(actual, `${root} at token ${start} of ${JSON.stringify(text.slice(0, 200))}`).toEqual(expected);
    }
  }
}

describe("the parser", () => {
  it("reads the lookahead table chevrotain computes for the grammar", () => {
    const table = lookaheadSource(lookaheadTable(new ChevrotainFlowParser()));
    // After a grammar change: `npx tsx grammar/chevrotain-parser.ts` writes the table again.
    expect(readFileSync(new URL("./lookahead.ts", import.meta.url), "utf8")).toBe(table);
  });

  it("parses the examples and golden flows as chevrotain's parser does", () => {
    const files: string[] = [];
    for (const dir of ["../examples/", "../test/golden/"]) {
      const base = new URL(dir, import.meta.url);
      for (const f of readdirSync(base, { recursive: true, encoding: "utf8" })) if (f.endsWith(".flow")) files.push(readFileSync(new URL(f, base), "utf8"));
    }
    expect(files.length).toBeGreaterThan(3);
    for (const text of files) compareOn(text);
  });

  it("parses generated flows as chevrotain's parser does", () => {
    for (const seed of [1, 2, 3]) compareOn(generateFlow({ lines: 150, seed }));
  });

  it("parses broken and random token sequences as chevrotain's parser does", () => {
    const words = [
      "flow", "version", "controller", "contact", "dpo", "security", "use", "purpose", "field", "basis", "needs", "retain", "session", "until",
      "withdrawn", "or", "valid", "shared", "with", "transfer", "to", "under", "withdraw", "on", "condition", "category", "subjects", "automated",
      "days", "month", "special", "text", "email", "integer", "number", "yesno", "date", "choice", "say", "ask", "consent", "if", "goto", "end",
      "for", "optional", "when", "retry", "then", "given", "refused", "as", "and", "not", "known", "x", "plan", '"s"', "3", "-1.5", "->", "..",
      ".", "==", "<=", ">", ":", ",", "(", ")", "{", "}", "'q'",
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    for (let n = 0; n < 400; n++) {
      const length = 1 + Math.floor(random() * 14);
      compareOn(Array.from({ length }, () => pick(words)).join(" "));
    }
    // Conditions, where alternatives are gated on the token after the word.
    const condition = ["known", "given", "(", ")", "not", "and", "or", "x", "3", '"s"', "==", ">=", "->"];
    for (let n = 0; n < 400; n++) {
      const length = 1 + Math.floor(random() * 8);
      compareOn(`if ${Array.from({ length }, () => pick(condition)).join(" ")} -> x`);
    }
    // Valid flows with a few tokens changed: errors deep inside real items.
    const lines = generateFlow({ lines: 60, seed: 4 }).split("\n");
    for (let n = 0; n < 120; n++) {
      const start = Math.floor(random() * (lines.length - 6));
      const text = lines.slice(start, start + 6).join("\n");
      const parts = text.split(" ");
      for (let k = 0; k < 2; k++) {
        const i = Math.floor(random() * parts.length);
        const r = random();
        if (r < 0.33) parts.splice(i, 1);
        else if (r < 0.66) parts.splice(i, 0, pick(words));
        else parts[i] = pick(words);
      }
      compareOn(parts.join(" "));
    }
  });

  it("stops deep nesting as chevrotain's parser does", () => {
    compareOn(`if ${"(".repeat(120)}a == b${")".repeat(120)} -> x`);
    compareOn(`if ${"not ".repeat(120)}a == b -> x`);
  });
});
