/**
 * Names in generated code. Author names (flows, fields, purposes, steps,
 * outcomes) never become bare identifiers: they appear as string values,
 * string literal types and property keys of type literals. The flow's name
 * is the one exception, and only as the PascalCase prefix of identifiers the
 * compiler makes up (`LeadCaptureMachine`, `startLeadCapture`), after
 * `flowPrefix` has reduced it to ASCII letters and digits.
 */
import { stringLiteral } from "./literals.ts";

/**
 * The prefix of a flow's generated identifiers. The mapping:
 *
 * - the name is cut into words at every character that is not an ASCII
 *   letter or digit (`lead_capture`, `lead-capture`, `lead capture` → lead,
 *   capture; non-ASCII letters also separate words);
 * - each word's first letter is upper-cased, the rest kept
 *   (`LeadCapture` stays `LeadCapture`, `lead_capture` → `LeadCapture`);
 * - a result that is empty or starts with a digit gets `Flow` in front
 *   (`2fa` → `Flow2fa`, `__` → `Flow`).
 *
 * The prefix always starts with an upper-case ASCII letter and holds only
 * ASCII letters and digits, so every generated name (`<Prefix>Machine`,
 * `start<Prefix>`, …) is a valid identifier and none is a reserved word.
 */
export function flowPrefix(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return joined.length === 0 || /^[0-9]/.test(joined) ? "Flow" + joined : joined;
}

const ASCII_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property key for a type literal: bare when the name is an ASCII
 * identifier name (reserved words included — they are valid property names,
 * and Prettier would unquote them), else a quoted string from the escaping
 * door with every non-ASCII character escaped (Prettier keeps a key quoted
 * when it holds an escape, so the output stays Prettier's).
 */
export function propertyKey(name: string): string {
  return ASCII_IDENTIFIER.test(name) ? name : stringLiteral(name, { ascii: true });
}
