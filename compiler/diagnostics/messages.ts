/**
 * The texts of diagnostics, in one place: each message has a key, the code it
 * is reported under, a message and (most) a hint, with `{{name}}` placeholders
 * filled in where it is reported. Keeping them here lets them be reviewed
 * together and translated, and keeps call sites to what is specific: the
 * place and the names involved.
 *
 * Placeholders are typed: `report("syntax.expected", { expected, found })`
 * does not compile without both values.
 */
import type { DiagnosticCode } from "./catalogue.ts";
import { diagnostic, type Diagnostic, type DiagnosticInit } from "./diagnostic.ts";

export interface MessageText {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
}

export const messages = {
  // ── LF101 unexpected characters (lexer) ───────────────────────────────────
  "lex.unexpectedCharacter": { code: "LF101", message: "unexpected character `{{shown}}`" },
  "lex.unexpectedCharacters": { code: "LF101", message: "unexpected characters `{{shown}}`" },
  "lex.curlyQuote": {
    code: "LF101",
    message: "unexpected character `{{shown}}`",
    hint: 'strings are written in straight double quotes: "…"',
  },
  "lex.misquotedString": {
    code: "LF101",
    message: "unexpected character `{{quote}}`: strings are written in straight double quotes",
    hint: "write {{fixed}}",
  },
  "lex.unterminatedComment": { code: "LF105", message: "this block comment is never closed", hint: "close it with `*/`" },
  "lex.tooLong": {
    code: "LF101",
    message: "this file is {{size}} long; Lawflow reads flow files of at most {{limit}}",
    hint: "split the flow, or move shared purposes and fields into a policy file with `use`",
  },
  "lex.tooLongToken": {
    code: "LF101",
    message: "this {{what}} is {{length}} characters long; the most Lawflow accepts is {{limit}}",
    hint: "shorten it",
  },

  // ── LF103, LF104, LF106 strings ───────────────────────────────────────────
  "string.unterminated": {
    code: "LF103",
    message: "this string is never closed",
    hint: 'close it with `"` on the same line; write `\\n` for a line break inside a string',
  },
  "string.badUnicodeEscape": {
    code: "LF104",
    message: "invalid unicode escape `{{escape}}`",
    hint: "write `\\u{1F600}` (1 to 6 hex digits, at most 10FFFF) or `\\u00e9` (exactly 4 hex digits)",
  },
  "string.badEscape": {
    code: "LF104",
    message: "invalid escape `\\{{escape}}`",
    hint: 'the escapes are \\" \\\\ \\n \\t \\r \\{ \\} \\u{HEX}; write `\\\\` for a backslash',
  },
  "string.badInterpolation": {
    code: "LF106",
    message: "`{` starts an interpolation, which must be a field name followed by `}`",
    hint: "write `{field_name}` to insert a value, or `\\{` for a literal brace",
  },
  "string.strayClosingBrace": { code: "LF106", message: "`}` without a matching `{`", hint: "write `\\}` for a literal brace" },
  "string.unpairedSurrogate": {
    code: "LF104",
    message: "this string holds half of a UTF-16 surrogate pair (`{{escape}}`), which is not a character",
    hint: "write the whole character, e.g. `\\u{1F600}`",
  },

  // ── LF102 syntax ──────────────────────────────────────────────────────────
  "syntax.expected": { code: "LF102", message: "expected {{expected}}, found {{found}}" },
  "syntax.expectedBeforeEnd": { code: "LF102", message: "expected {{expected}} before the end of this {{what}}" },
  "syntax.unexpected": { code: "LF102", message: "unexpected {{found}}" },
  "syntax.purposeNotOnItsOwnLine": {
    code: "LF102",
    message: "a purpose starts a line of its own",
    hint: "put `purpose …` at the start of a line",
  },
  "syntax.unclosedPurpose": { code: "LF102", message: "expected a purpose item or `}`, found {{found}}", hint: "close the purpose `{{purpose}}` with `}`" },
  "syntax.twoIds": { code: "LF102", message: "this step already has the id `{{label}}`", hint: "remove `{{label}}:` or `{{inner}}`" },
  "syntax.optionTwice": { code: "LF102", message: "{{option}} is given twice in this step (first `{{first}}`)" },
  "syntax.retryTwice": { code: "LF102", message: "`retry` is given twice in this step" },
  "syntax.notACount": { code: "LF102", message: "expected a whole number of {{what}}, found `{{found}}`" },
  "syntax.dottedNameSpaces": { code: "LF102", message: "a dotted name is written without spaces", hint: "write `{{name}}`" },
  "syntax.nestingTooDeep": {
    code: "LF102",
    message: "condition nesting too deep (more than {{limit}} levels of parentheses or `not`)",
    hint: "split the condition into several `if` steps",
  },
  "syntax.tooMany": {
    code: "LF102",
    message: "this {{what}} has more than {{limit}} {{items}}; Lawflow refuses it rather than slow every tool down",
    hint: "{{advice}}",
  },

  "internal.parse": { code: "LF900", message: "internal error while parsing (a bug in Lawflow; please report it): {{reason}}" },

  // Hints for a syntax error, chosen by what was being parsed and what was missing.
  "hint.askFor": { code: "LF102", message: "", hint: "every question needs a purpose and a lawful basis: `for {{purpose}} under {{basis}}`" },
  "hint.purposeUnder": { code: "LF102", message: "", hint: "name the lawful basis the purpose rests on: `for {{purpose}} under {{basis}}`" },
  "hint.askQuestion": { code: "LF102", message: "", hint: 'an ask names the field, then the question: `ask {{field}} "…?" for {{purpose}} under {{basis}}`' },
  "hint.fieldColon": { code: "LF102", message: "", hint: "a field is declared as `field NAME: TYPE`, e.g. `field {{field}}: email`" },
  "hint.textLength": { code: "LF102", message: "", hint: "a text field says how long an answer may be: `text(200)`" },
  "hint.rangeBounds": { code: "LF102", message: "", hint: "a number field gives its range: `{{kind}}(1..100)`" },
  "hint.choiceOptions": { code: "LF102", message: "", hint: 'a choice lists its options with their labels: `choice(basic "Basic", pro "Pro")`' },
  "hint.ifArrow": { code: "LF102", message: "", hint: "a branch is written `if CONDITION -> STEP`" },
  "hint.flowDecl": { code: "LF102", message: "", hint: 'the flow is declared as `flow Name version "1.0.0"`' },
  "hint.controllerDecl": { code: "LF102", message: "", hint: 'the controller is declared as `controller "Name" contact "privacy@example.com"`' },
  "hint.condition": { code: "LF102", message: "", hint: "a condition compares (`plan == pro`, `age >= 18`) or tests `known(field)` / `given(purpose)`" },
  "hint.purposeBrace": { code: "LF102", message: "", hint: 'a purpose is declared as `purpose {{purpose}} "WHY" { … }`' },
  "hint.endText": { code: "LF102", message: "", hint: 'an end says goodbye: `end thanks "Thank you!"`' },
  "hint.consentText": { code: "LF102", message: "", hint: 'a consent step asks for one purpose: `consent {{purpose}} "May we …?"`' },
  "hint.didYouMean": { code: "LF102", message: "", hint: "did you mean `{{word}}`?" },
} as const satisfies Record<string, MessageText>;

export type MessageKey = keyof typeof messages;

/** The names between double braces in a template: `"a {{x}} b {{y}}"` → `"x" | "y"`. */
type Placeholders<S extends string> = S extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

type TemplateOf<K extends MessageKey> = (typeof messages)[K]["message"] | ((typeof messages)[K] extends { hint: infer H extends string } ? H : "");

/** The values a message needs: one per placeholder. */
export type MessageArgs<K extends MessageKey> = { readonly [P in Placeholders<TemplateOf<K>>]: string | number };

/**
 * Fills `{{name}}` placeholders in one pass. A value is inserted as it is and
 * never scanned again, so a name containing `{{…}}` cannot pull in another value.
 */
export function fill(template: string, args: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** The message and hint of `key` with its placeholders filled in. */
export function messageText<K extends MessageKey>(key: K, args: MessageArgs<K>): { code: DiagnosticCode; message: string; hint?: string } {
  const entry: MessageText = messages[key];
  const values = args as Readonly<Record<string, string | number>>;
  return { code: entry.code, message: fill(entry.message, values), hint: entry.hint === undefined ? undefined : fill(entry.hint, values) };
}

/** The hint of `key` alone (the `hint.*` entries). */
export function hintText<K extends MessageKey>(key: K, args: MessageArgs<K>): string | undefined {
  return messageText(key, args).hint;
}

/** A diagnostic whose code, message and hint come from `key`; `init.hint` overrides the catalogue's hint. */
export function report<K extends MessageKey>(key: K, args: MessageArgs<K>, init: DiagnosticInit = {}): Diagnostic {
  const t = messageText(key, args);
  return diagnostic(t.code, t.message, { ...init, hint: init.hint ?? t.hint });
}
