/**
 * The TextMate grammar run by the engine VS Code runs it with: vscode-textmate
 * over the Oniguruma regular expressions of vscode-oniguruma (JavaScript's
 * RegExp accepts patterns Oniguruma reads differently, so only the real
 * engine shows what an editor paints). A flow is tokenised line by line,
 * carrying the rule stack across lines as the editor does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";
import { CONTEXTUAL_WORDS, KEYWORD_WORDS } from "../../compiler/syntax/tokens.ts";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const require = createRequire(import.meta.url);

let grammar: textmate.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.lawflow" ? textmate.parseRawGrammar(readFileSync(here("syntaxes/lawflow.tmLanguage.json"), "utf8"), "lawflow.tmLanguage.json") : null,
  });
  grammar = (await registry.loadGrammar("source.lawflow"))!;
  expect(grammar).toBeTruthy();
});

/** Each token of `text` as `[text, innermost scope]`, line by line with the rule stack carried over. */
function tokens(text: string): [string, string][] {
  const out: [string, string][] = [];
  let stack = textmate.INITIAL;
  for (const line of text.split("\n")) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const word = line.slice(t.startIndex, t.endIndex);
      if (word.trim() !== "") out.push([word, t.scopes[t.scopes.length - 1]!]);
    }
    stack = r.ruleStack;
  }
  return out;
}

const scopeOf = (list: [string, string][], word: string) => list.find(([w]) => w.trim() === word)?.[1];

describe("the TextMate grammar in vscode-textmate with Oniguruma", () => {
  it("paints declarations, steps, bases, strings, interpolations and comments", () => {
    const t = tokens(
      [
        'flow Lead version "1.0.0" // the flow',
        'purpose quote "Prepare your quote" {',
        "  basis contract",
        "  needs email",
        "}",
        'field email: email "your email address"',
        'ask email "Your email, {name}?" for quote under contract',
        "  -> thanks",
        "/* a block",
        "   comment */",
        'thanks: end "Thanks!"',
      ].join("\n"),
    );
    expect(scopeOf(t, "flow")).toBe("keyword.declaration.flow.lawflow");
    expect(scopeOf(t, "Lead")).toBe("entity.name.type.flow.lawflow");
    expect(scopeOf(t, "// the flow")).toBe("comment.line.double-slash.lawflow");
    expect(scopeOf(t, "purpose")).toBe("keyword.declaration.purpose.lawflow");
    expect(scopeOf(t, "contract")).toBe("support.constant.basis.lawflow");
    expect(scopeOf(t, "field")).toBe("keyword.declaration.field.lawflow");
    expect(scopeOf(t, "ask")).toBe("keyword.control.step.lawflow");
    expect(scopeOf(t, "name")).toBe("variable.other.field.lawflow");
    expect(scopeOf(t, "->")).toBe("keyword.operator.arrow.lawflow");
    // The block comment spans two lines: the second is still a comment.
    expect(scopeOf(t, "comment")).toBe("comment.block.lawflow");
    expect(t.filter(([w]) => w.trim() === "thanks").map(([, s]) => s)).toEqual(["entity.name.label.reference.lawflow", "entity.name.label.lawflow"]);
    expect(scopeOf(t, "end")).toBe("keyword.control.step.lawflow");
  });

  it("keeps a `//` and keywords inside a string part of the string, and an escaped brace no interpolation", () => {
    const t = tokens('say "see http://example.com, ask for \\{this\\} under contract"');
    const inString = t.filter(([, s]) => s.startsWith("string.") || s.startsWith("constant.character.escape"));
    expect(inString.map(([w]) => w).join("")).toBe('"see http://example.com, ask for \\{this\\} under contract"');
    expect(t.some(([, s]) => s.startsWith("comment."))).toBe(false);
    expect(t.some(([, s]) => s === "variable.other.field.lawflow")).toBe(false);
  });

  it("has as keywords exactly the lexer's keywords and the words of `automated`, so neither can drift from the other", () => {
    const raw = JSON.parse(readFileSync(here("syntaxes/lawflow.tmLanguage.json"), "utf8")) as { repository: { keywords: { patterns: { match: string }[] } } };
    const painted = new Set<string>();
    for (const { match } of raw.repository.keywords.patterns) {
      const words = /^\\b\(([A-Za-z_?|]+)\)/.exec(match);
      expect(words, match).not.toBeNull();
      // `days?` is `day` and `days`.
      for (const w of words![1]!.split("|")) for (const word of w.endsWith("?") ? [w.slice(0, -2), w.slice(0, -1)] : [w]) painted.add(word);
    }
    expect([...painted].sort()).toEqual([...new Set([...KEYWORD_WORDS, ...CONTEXTUAL_WORDS])].sort());
  });

  it("paints `automated decision … effects …` and `automated profiling …`", () => {
    const t = tokens(
      [
        'purpose screening "Screen applications" {',
        '  automated decision "A score from your answers" effects "A low score ends the application"',
        "}",
        'purpose fraud "Keep fake sign-ups out" {',
        '  automated profiling "A score from your email domain"',
        "}",
      ].join("\n"),
    );
    for (const word of ["automated", "decision", "effects", "profiling"]) expect(scopeOf(t, word), word).toBe("keyword.other.purpose-item.lawflow");
  });

  it("paints every keyword of every example flow as a keyword, and leaves only names and punctuation unpainted", () => {
    const flows = readdirSync(here("../../examples"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".flow"));
    expect(flows.length).toBeGreaterThan(2);
    for (const file of flows) {
      const t = tokens(readFileSync(here(`../../examples/${file}`), "utf8"));
      const plain = t.filter(([, s]) => s === "source.lawflow").map(([w]) => w.trim());
      // Unpainted: names (purposes, fields and steps are painted only where declared or jumped to) and punctuation, never a keyword or a string.
      expect(plain.filter((w) => (KEYWORD_WORDS as readonly string[]).includes(w) || CONTEXTUAL_WORDS.includes(w) || w.includes('"')), file).toEqual([]);
    }
  });
});
