/**
 * Generators of hostile compiler input, shared by the bounded fuzz tests in
 * the suite and the long `npm run fuzz` run: random token soup drawn from the
 * language's own vocabulary (so the parser gets deep before it fails),
 * mutations of real example flows (lines and characters deleted, duplicated,
 * swapped) and random Unicode.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
export const exampleFlows: readonly string[] = [
  "examples/lead-capture/lead.flow",
  "examples/company-policy/support.flow",
  "examples/company-policy/onboarding.flow",
  "examples/company-policy/policy.flow",
]
  .map((p) => {
    try {
      return readFileSync(new URL(p, root), "utf8");
    } catch {
      return undefined;
    }
  })
  .filter((t): t is string => t !== undefined);

const vocabulary = [
  "flow", "version", "controller", "contact", "dpo", "security", "use", "purpose", "basis", "needs",
  "retain", "session", "until", "withdrawn", "or", "and", "not", "consent", "valid", "shared", "with",
  "transfer", "to", "under", "withdraw", "on", "condition", "category", "subjects", "automated",
  "field", "text", "email", "phone", "integer", "number", "yesno", "date", "choice", "special",
  "say", "ask", "for", "optional", "when", "retry", "then", "given", "refused", "if", "goto", "end",
  "as", "known", "days", "months", "years", "contract", "legitimate_interests", "quote", "plan",
  "{", "}", "(", ")", ",", ":", "->", "..", "==", "!=", "<", "<=", ">", ">=", "\n", "\n\n", " ",
  '"text"', '"{plan}"', '"{', '"unterminated', '"\\q"', "/*", "*/", "//", "0", "42", "-1", "1.5",
  "1900..2026", "@", "#", "\u2028", "\u0000",
];

/** Random sequences of the language's own tokens. */
export const tokenSoup = fc
  .array(fc.constantFrom(...vocabulary), { maxLength: 120 })
  .map((tokens) => tokens.join(" "));

type Mutation = { kind: "delete-line" | "duplicate-line" | "swap-lines" | "delete-char" | "duplicate-char" | "swap-chars" | "insert-char"; at: number; other: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("delete-line", "duplicate-line", "swap-lines", "delete-char", "duplicate-char", "swap-chars", "insert-char"),
  at: fc.nat(),
  other: fc.nat(),
  char: fc.constantFrom('"', "{", "}", "(", ")", ":", ",", "-", ">", "\\", "/", "*", "\n", "x", "1", "é", "\u{1F600}"),
});

function applyMutation(text: string, m: Mutation): string {
  if (m.kind.endsWith("line") || m.kind === "swap-lines") {
    const lines = text.split("\n");
    const i = m.at % lines.length;
    const j = m.other % lines.length;
    if (m.kind === "delete-line") lines.splice(i, 1);
    else if (m.kind === "duplicate-line") lines.splice(i, 0, lines[i]!);
    else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join("\n");
  }
  if (text.length === 0) return m.char;
  const i = m.at % text.length;
  const j = m.other % text.length;
  switch (m.kind) {
    case "delete-char":
      return text.slice(0, i) + text.slice(i + 1);
    case "duplicate-char":
      return text.slice(0, i) + text[i] + text.slice(i);
    case "insert-char":
      return text.slice(0, i) + m.char + text.slice(i);
    default: {
      const chars = [...text];
      const a = m.at % chars.length;
      const b = m.other % chars.length;
      [chars[a], chars[b]] = [chars[b]!, chars[a]!];
      return chars.join("");
    }
  }
}

/** An example flow with one to eight mutations applied. */
export const mutatedExample = fc
  .tuple(fc.nat({ max: Math.max(0, exampleFlows.length - 1) }), fc.array(mutation, { minLength: 1, maxLength: 8 }))
  .map(([k, ms]) => ms.reduce(applyMutation, exampleFlows[k] ?? ""));

/** Arbitrary Unicode, including lone surrogates and control characters. */
export const randomUnicode = fc.string({ unit: "binary", maxLength: 300 });
