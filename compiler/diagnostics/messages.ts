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
import { diagnostic, type Diagnostic, type RelatedPlace } from "./diagnostic.ts";
import type { Span } from "../source.ts";

export interface MessageText {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
}

export const messages = {
  // ── LF101 unexpected characters (lexer) ───────────────────────────────────
  "lex.unexpectedCharacter": { code: "LF101", message: "unexpected character `{{shown}}`" },
  "lex.unexpectedCharacters": { code: "LF101", message: "unexpected characters `{{shown}}`" },
  "lex.letterInName": {
    code: "LF101",
    message: "`{{shown}}` cannot be part of the name `{{word}}`",
    hint: "names are written in ASCII letters, digits and `_`, e.g. `{{ascii}}`; labels and questions are strings and may use any letters",
  },
  "lex.letterInNameNoSpelling": {
    code: "LF101",
    message: "`{{shown}}` cannot be part of the name `{{word}}`",
    hint: "names are written in ASCII letters, digits and `_`; labels and questions are strings and may use any letters",
  },
  "lex.otherOperator": { code: "LF101", message: "`{{shown}}` is not an operator of Lawflow", hint: "{{meant}}" },
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
  "string.spacedInterpolation": {
    code: "LF106",
    message: "`{` starts an interpolation, which must be a field name followed by `}`",
    hint: "write `{{{name}}}`, without spaces inside the braces, or `\\{` for a literal brace",
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
  "syntax.unexpected": { code: "LF102", message: "did not expect {{found}} here" },
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

  "syntax.purposeStartsHere": { code: "LF102", message: "the purpose starts here" },
  "syntax.nextStatementHere": { code: "LF102", message: "the next statement starts here" },

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
  "hint.quoteInString": { code: "LF102", message: "", hint: 'a `"` inside a string ends it: write `\\"` for a quote in the text (`"Your \\"nickname\\"?"`), or use `\'`' },
  "hint.listComma": { code: "LF102", message: "", hint: "separate the items of a list with commas: `, {{item}}`" },
  "hint.statementComplete": { code: "LF102", message: "", hint: "what comes before it is already whole: remove this, or start the next statement on a line of its own" },
  "hint.itemComplete": { code: "LF102", message: "", hint: "the purpose item before it is already whole: remove this, or put the next item on a line of its own" },
  "hint.retainWhole": { code: "LF102", message: "", hint: "a purpose keeps its data for one period: `retain 30 days`, `retain session`, `retain until withdrawn` or `retain 2 years or until withdrawn`" },
  "hint.unitTooShort": {
    code: "LF102",
    message: "",
    hint: "periods are counted in days, weeks, months or years; for data kept only while the conversation lasts, write `retain session`",
  },
  "hint.trailingComma": { code: "LF102", message: "", hint: "remove the `,` at the end of line {{line}}: it carries the list on into the next line" },
  "hint.didYouMean": { code: "LF102", message: "", hint: "did you mean `{{word}}`?" },

  // ── LF2xx names, declarations, types (compiler/checks) ────────────────────
  // Keys are `check-name.case`; a check passes names and numbers, never words.
  "unique-names.purpose": { code: "LF201", message: "purpose `{{name}}` is declared twice", hint: "rename one of them, or merge them into one purpose" },
  "unique-names.field": { code: "LF201", message: "field `{{name}}` is declared twice", hint: "rename one of them, or remove the second declaration" },
  "unique-names.step": { code: "LF201", message: "step `{{name}}` is declared twice", hint: "rename one of the steps" },
  "unique-names.askStep": { code: "LF201", message: "step `{{name}}` is declared twice", hint: "give this step an id of its own: `ask {{name}}_again: {{name}} …`" },
  "unique-names.consentStep": { code: "LF201", message: "step `{{name}}` is declared twice", hint: "give this step an id of its own: `consent {{name}}_again: {{name}} …`" },
  "unique-names.choiceValue": { code: "LF208", message: "choice value of `{{field}}` `{{name}}` is declared twice", hint: "remove or rename the repeated value" },
  "unique-names.firstHere": { code: "LF201", message: "`{{name}}` is first declared here" },
  "known-fields.inNeeds": { code: "LF202", message: "unknown field `{{name}}` in the needs of purpose `{{purpose}}`", hint: 'declare it: `field {{name}}: text(100) "…"`' },
  "known-fields.atAsk": { code: "LF202", message: "unknown field `{{name}}` at this ask", hint: 'declare it: `field {{name}}: text(100) "…"`' },
  "known-fields.inText": { code: "LF202", message: "unknown field `{{name}}` in this text", hint: 'declare it: `field {{name}}: text(100) "…"`' },
  "known-fields.inKnown": { code: "LF202", message: "unknown field `{{name}}` in `known(…)`", hint: 'declare it: `field {{name}}: text(100) "…"`' },
  "known-purposes.unknown": { code: "LF203", message: "unknown purpose `{{name}}`", hint: 'declare it: `purpose {{name}} "why we ask" { basis … }`' },
  "jumps-land.unknown": {
    code: "LF204",
    message: "no step is called `{{name}}`",
    hint: "jump to the id of a step (an ask is known by its field, a consent by its purpose)",
  },
  "flow-declaration.missing": { code: "LF205", message: "the file has no `flow` declaration", hint: 'start the file with `flow Name version "1.0.0"`' },
  "flow-declaration.again": {
    code: "LF205",
    message: "the flow is declared again as `{{name}}`; a file holds one flow",
    hint: "remove this declaration, or move the second flow into a file of its own",
  },
  "flow-declaration.firstHere": { code: "LF205", message: "the flow is first declared here as `{{name}}`" },
  "flow-declaration.badVersion": {
    code: "LF212",
    message: "`{{version}}` is not a semantic version",
    hint: 'write MAJOR.MINOR.PATCH, e.g. "1.0.0"; raise it whenever the conversation changes',
  },
  "controller-declared.missing": {
    code: "LF206",
    message: "the flow names no controller",
    hint: 'add `controller "Your Company Ltd" contact "privacy@example.com"` (here or in a policy file you `use`)',
  },
  "controller-declared.second": {
    code: "LF206",
    message: "a second controller is declared; a flow has exactly one",
    hint: "remove one of them (joint controllers are not supported yet)",
  },
  "controller-declared.firstHere": { code: "LF206", message: "the controller is first declared here" },
  "type-parameters.textLength": { code: "LF207", message: "the maximum length of `{{name}}` must be at least 1, not {{max}}", hint: "give the longest answer you need, e.g. `text(100)`" },
  "type-parameters.emptyRange": { code: "LF207", message: "the range of `{{name}}` is empty: {{min}} is above {{max}}", hint: "write the smaller bound first: `{{kind}}({{max}}..{{min}})`" },
  "type-parameters.integerBounds": { code: "LF207", message: "the bounds of integer field `{{name}}` must be whole numbers", hint: "use whole-number bounds, or make it a `number(…)`" },
  "type-parameters.noChoices": { code: "LF207", message: "choice field `{{name}}` has no values", hint: 'list the values: `choice(a "A", b "B")`' },

  // Why a value cannot be an answer of a field's type (branch-values.ts `misfit`): LF209 at a `when`, LF210 in a condition.
  "misfit.notAChoice": { code: "LF209", message: "`{{value}}` is not one of the values {{values}}", hint: "use one of {{plain}}" },
  "misfit.notANumber": { code: "LF209", message: "`{{value}}` is not a number", hint: "use a number from {{min}} to {{max}}" },
  "misfit.outOfRange": { code: "LF209", message: "{{value}} is outside the range {{min}}..{{max}}", hint: "use a number from {{min}} to {{max}}" },
  "misfit.notWhole": { code: "LF209", message: "{{value}} is not a whole number", hint: "integer answers are whole numbers" },
  "misfit.notYesNo": { code: "LF209", message: "`{{value}}` is not an answer to a yes/no question", hint: "use `yes` or `no`" },
  "misfit.notAString": { code: "LF209", message: "`{{value}}` is not a {{kind}} value", hint: 'write the value as a string: `"{{raw}}"`' },
  "misfit.andMore": { code: "LF209", message: "{{listed}} and {{more}} more" },
  "branch-values.misfit": { code: "LF209", message: "{{why}} of `{{field}}`" },
  "branch-values.twice": {
    code: "LF217",
    message: "the answer `{{value}}` is already branched on at this ask, so this branch is never taken",
    hint: "keep one: the answer goes to `{{first}}`, never to `{{target}}`",
  },
  "branch-values.twiceSameTarget": {
    code: "LF217",
    message: "the answer `{{value}}` is already branched on at this ask, so this branch is never taken",
    hint: "remove this branch: the first already goes there",
  },
  "branch-values.firstBranch": { code: "LF217", message: "the first branch for it, to `{{target}}`, is always taken" },
  "condition-types.unordered": { code: "LF210", message: "`{{op}}` does not apply to {{kind}} field `{{name}}`", hint: "order applies to numbers and dates; compare with `==` or `!=`" },
  "condition-types.fieldKinds": { code: "LF210", message: "`{{left}}` ({{leftKind}}) cannot be compared with `{{right}}` ({{rightKind}})", hint: "compare fields of the same type" },
  "condition-types.noField": { code: "LF210", message: "`{{value}}` is neither a field nor compared with one", hint: "compare a field with a value, e.g. `plan == pro`" },
  "condition-types.literalKinds": { code: "LF210", message: "a {{left}} cannot be compared with a {{right}}", hint: "compare a field with a value of its type" },
  "condition-types.misfit": { code: "LF210", message: "{{why}}: it cannot be compared with {{kind}} field `{{name}}`" },
  "known-basis.unknown": { code: "LF211", message: "`{{name}}` is not a lawful basis", hint: "use one of {{bases}} (Art. 6(1))" },
  "purpose-items.twice": { code: "LF214", message: "purpose `{{purpose}}` states `{{word}}` twice", hint: "keep one `{{word}}` line" },
  "purpose-items.firstStated": { code: "LF214", message: "first stated here" },
  "purpose-items.noBasis": {
    code: "LF214",
    message: "purpose `{{purpose}}` has no lawful basis",
    hint: 'add `basis contract` (or consent, legal_obligation "…", vital_interests, public_task "…", legitimate_interests "…")',
  },
  "purpose-items.needsTwice": { code: "LF214", message: "purpose `{{purpose}}` needs `{{field}}` twice", hint: "list `{{field}}` once" },
  "purpose-items.firstListed": { code: "LF214", message: "first listed here" },
  "art9-names.condition": { code: "LF215", message: "`{{name}}` is not an Art. 9(2) condition", hint: "use one of {{known}}" },
  "art9-names.category": { code: "LF215", message: "`{{name}}` is not an Art. 9(1) special category", hint: "use one of {{known}}" },
  "interpolation-in-steps.field": {
    code: "LF216",
    message: "`{{{name}}}` in {{what}} is never filled in: it is {{how}}",
    hint: "only the texts of steps are filled in: show `{{name}}` in a `say`, a question or an `end`, or write `\\{{{name}}\\}` for the braces themselves",
  },
  "interpolation-in-steps.notAField": {
    code: "LF216",
    message: "`{{{name}}}` in {{what}} is never filled in: it is {{how}}",
    hint: "`{{name}}` is not a field either; write `\\{{{name}}\\}` for the braces themselves",
  },
  "interpolation-in-steps.dollar": {
    code: "LF219",
    message: "`${{{name}}}` shows a `$` before the value of `{{name}}`: Lawflow fills in `{{{name}}}`, and the `$` is text",
    hint: "write `{{{name}}}` to show the value alone; if the `$` is meant (an amount in dollars), write it as `\\u{24}{{{name}}}`",
  },
  // What a text outside the steps is, and how it reaches people (filled into the LF216 message).
  "interpolation-in-steps.what.controllerName": { code: "LF216", message: "the controller's name" },
  "interpolation-in-steps.what.controllerContact": { code: "LF216", message: "the controller's contact" },
  "interpolation-in-steps.what.dataProtectionOfficerContact": { code: "LF216", message: "the data protection officer's contact" },
  "interpolation-in-steps.what.purposeDescription": { code: "LF216", message: "a purpose's description" },
  "interpolation-in-steps.what.basisEvidence": { code: "LF216", message: "a basis's evidence" },
  "interpolation-in-steps.what.recipient": { code: "LF216", message: "a recipient" },
  "interpolation-in-steps.what.transferCountry": { code: "LF216", message: "a transfer's country" },
  "interpolation-in-steps.what.transferSafeguard": { code: "LF216", message: "a transfer's safeguard" },
  "interpolation-in-steps.what.withdrawPhrase": { code: "LF216", message: "a withdraw phrase" },
  "interpolation-in-steps.what.categoryOfDataSubjects": { code: "LF216", message: "a category of data subjects" },
  "interpolation-in-steps.what.descriptionOfAutomatedDecision": { code: "LF216", message: "a description of automated decision-making" },
  "interpolation-in-steps.what.fieldLabel": { code: "LF216", message: "a field's label" },
  "interpolation-in-steps.what.choiceLabel": { code: "LF216", message: "a choice's label" },
  "interpolation-in-steps.what.securityText": { code: "LF216", message: "a `security` text" },
  "interpolation-in-steps.how.comparedAsTyped": { code: "LF216", message: "compared as written with what the person types" },
  "interpolation-in-steps.how.inRecord": { code: "LF216", message: "shown as written in the record of processing" },
  "interpolation-in-steps.how.withFieldQuestions": { code: "LF216", message: "shown as written with every question for the field" },
  "interpolation-in-steps.how.inNoticeAndRecord": { code: "LF216", message: "shown as written in the privacy notice and the record of processing" },
  "interpolation-in-steps.how.inNoticeAndPrompts": { code: "LF216", message: "shown as written in the privacy notice and with every question for the purpose" },
  "fideslang-ids.unknown": { code: "LF218", message: "`{{name}}` is not a Fideslang {{what}}", hint: "use an id of Fideslang's {{what}} taxonomy, e.g. `{{example}}`" },
  "fideslang-ids.parent": { code: "LF218", message: "", hint: "use `{{parent}}` or one of the ids under it in Fideslang's taxonomy" },

  // ── LF3xx privacy law (compiler/checks) ───────────────────────────────────
  "basis-matches.differs": {
    code: "LF301",
    message: "`{{purpose}}` is collected under `{{stated}}`, but the purpose rests on `{{declared}}`",
    hint: "write `for {{purpose}} under {{declared}}`, or collect it for a purpose that rests on `{{stated}}`",
  },
  "basis-matches.declaredHere": { code: "LF301", message: "`{{purpose}}` declares its basis here" },
  "consent-before-collection.noConsent": {
    code: "LF302",
    message: "`{{field}}` is collected for `{{purpose}}` under consent, but consent to `{{purpose}}` may not have been given",
    hint: 'put `consent {{purpose}} "…"` before this ask on every path, and go here only when it is given — or collect it also for a purpose that does not rest on consent, which the answer then serves alone where consent is missing',
  },
  "consent-before-collection.askedBeforeConsent": {
    code: "LF316",
    message: "`{{field}}` is asked for `{{purpose}}` under consent before consent to `{{purpose}}` is asked: the question leaves `{{purpose}}` out, and a later yes does not add the answer to it",
    hint: 'put `consent {{purpose}} "…"` before this ask, or drop `{{purpose}} under consent` from it; if the answer should join `{{purpose}}` once the person agrees, add `keeps {{field}}` to that consent step and say so in its request',
  },
  "consent-before-collection.neverGiven": {
    code: "LF316",
    message: "`{{field}}` is asked for `{{purpose}}` under consent, but consent to `{{purpose}}` is never given when this question is reached: the question always leaves `{{purpose}}` out",
    hint: 'drop `{{purpose}} under consent` from this ask, or reach it after `consent {{purpose}} "…"` is given',
  },
  "consent-before-collection.consentAfter": { code: "LF316", message: "→ consent to `{{purpose}}` is first asked here, at `{{step}}`, after the question" },
  "consent-before-collection.askHere": { code: "LF302", message: "→ ask `{{step}}` without consent to `{{purpose}}`" },
  "collected-for-needing-purposes.notNeeded": {
    code: "LF303",
    message: "`{{field}}` is collected for `{{purpose}}`, which does not need it",
    hint: "add `needs {{field}}` to purpose `{{purpose}}`, or don't ask for it under `{{purpose}}`",
  },
  "collected-for-needing-purposes.declaredHere": { code: "LF303", message: "`{{purpose}}` is declared here without `needs {{field}}`" },
  "fields-needed.unneeded": { code: "LF304", message: "no purpose needs field `{{field}}`", hint: "add `needs {{field}}` to the purpose it is collected for, or remove the field" },
  "needed-fields-asked.neverAsked": {
    code: "LF305",
    message: "purpose `{{purpose}}` needs `{{field}}`, but no ask collects it for `{{purpose}}`",
    hint: 'ask it: `ask {{field}} "…" for {{purpose}} under …`, or remove it from the needs',
  },
  "needed-fields-asked.neverAskedKeep": {
    code: "LF305",
    message: "purpose `{{purpose}}` needs `{{field}}`, but no ask collects it for `{{purpose}}`",
    hint: 'to keep the answer given for another purpose once the person agrees, add `keeps {{field}}` under `consent {{purpose}} "…"` and say so in its request; or ask it: `ask {{field}} "…" for {{purpose}} under consent`; or remove it from the needs',
  },
  "retention.missingConsent": {
    code: "LF306",
    message: "purpose `{{purpose}}` does not say how long its data is kept",
    hint: "add `retain until withdrawn` or a period such as `retain 2 years or until withdrawn`",
  },
  "retention.missing": { code: "LF306", message: "purpose `{{purpose}}` does not say how long its data is kept", hint: "add a period such as `retain 90 days`, or `retain session`" },
  "retention.untilWithdrawn": {
    code: "LF307",
    message: "purpose `{{purpose}}` rests on `{{basis}}`, so its data cannot be kept until withdrawn",
    hint: "give a period, e.g. `retain 90 days`; only consent can be withdrawn",
  },
  "retention.periodTooLong": {
    code: "LF315",
    message: "purpose `{{purpose}}` keeps its data for {{amount}} {{unit}}, longer than the 100 years Lawflow accepts",
    hint: "give at most {{longest}} {{unit}}; data kept longer than a lifetime is kept without a limit",
  },
  "retention.consentTooLong": {
    code: "LF315",
    message: "consent to `{{purpose}}` is valid for {{amount}} {{unit}}, longer than the 100 years Lawflow accepts",
    hint: "give at most {{longest}} {{unit}}, or leave `consent valid` out: consent then lasts until it is withdrawn",
  },
  "retention.periodZero": {
    code: "LF317",
    message: "purpose `{{purpose}}` keeps its data for 0 {{unit}}: it would be erased as soon as it is given",
    hint: "to keep it only while the conversation lasts, write `retain session`; otherwise give a period of at least 1",
  },
  "retention.consentZero": {
    code: "LF317",
    message: "consent to `{{purpose}}` is valid for 0 {{unit}}: it would lapse as soon as it is given, and nothing would be collected under it",
    hint: "give a validity of at least 1, or leave `consent valid` out: consent then lasts until it is withdrawn",
  },
  "basis-evidence.missing": { code: "LF308", message: "`{{basis}}` for purpose `{{purpose}}` must state {{what}}", hint: 'write it after the basis: `basis {{basis}} "…"`' },
  "basis-evidence.interest": { code: "LF308", message: "the interest pursued" },
  "basis-evidence.obligingLaw": { code: "LF308", message: "the law that obliges it" },
  "basis-evidence.taskLaw": { code: "LF308", message: "the law that sets the task" },
  "special-category.noCondition": {
    code: "LF309",
    message: "`{{field}}` is {{category}} data, but purpose `{{purpose}}` states no Art. 9 condition",
    hint: "add an Art. 9(2) condition to `{{purpose}}`, e.g. `condition explicit_consent`",
  },
  "special-category.hint.consent": { code: "LF309", message: "", hint: "add an Art. 9(2) condition to `{{purpose}}`, e.g. `condition explicit_consent`" },
  "special-category.hint.other": {
    code: "LF309",
    message: "",
    hint: 'add the Art. 9(2) condition `{{purpose}}` rests on and what it rests on, e.g. `condition employment "LAW"` (explicit consent needs `basis consent`)',
  },
  "special-category.markedHere": { code: "LF309", message: "`{{field}}` is marked special here" },
  "special-category.declaredHere": { code: "LF309", message: "`{{purpose}}` is declared here" },
  "consent-steps.neverAsked": {
    code: "LF310",
    message: "purpose `{{purpose}}` rests on consent, but no step asks for it",
    hint: 'add `consent {{purpose}} "May we …?"` before the first ask that collects for it',
  },
  "consent-steps.notConsent": {
    code: "LF311",
    message: "consent is asked for `{{purpose}}`, which rests on `{{basis}}`, not consent",
    hint: "remove this consent step, or declare `{{purpose}}` with `basis consent`",
  },
  "consent-steps.declaredHere": { code: "LF311", message: "`{{purpose}}` declares its basis here" },
  "no-nagging.askedAgain": {
    code: "LF312",
    message: "consent to `{{purpose}}` may be asked again after the person refused it",
    hint: "after a refusal, go on without this purpose; a person who changes their mind can be offered a way to opt in later",
  },
  "no-nagging.againHere": { code: "LF312", message: "→ consent to `{{purpose}}` is asked again here" },
  "no-consent-wall.wall": {
    code: "LF313",
    message: "refusing consent to `{{purpose}}` can only end the conversation",
    hint: "let the conversation go on without this purpose (`refused -> ID` of the next question); consent that costs the service is not freely given",
  },
  "no-consent-wall.endsAt": { code: "LF313", message: "→ refusing ends the conversation at `{{step}}`" },
  "no-consent-wall.givingGoesOn": { code: "LF313", message: "while giving consent lets the conversation go on" },
  "consent-only-settings.notConsent": {
    code: "LF314",
    message: "`{{setting}}` applies to consent, but purpose `{{purpose}}` rests on `{{basis}}`",
    hint: "remove `{{setting}}`, or declare `{{purpose}}` with `basis consent`",
  },
  "objection-settings.notObjectable": {
    code: "LF331",
    message: "`object on` offers the right to object, which purpose `{{purpose}}` resting on `{{basis}}` does not give",
    hint: "mark the purpose `direct_marketing` if it is (the right to object to direct marketing applies whatever the basis), or remove `object on`{{instead}}",
  },
  "marketing-marked.unmarked": {
    code: "LF332",
    message: "purpose `{{purpose}}` has the marketing data use `{{use}}` but is not marked `direct_marketing`, so the person cannot object to it as to direct marketing (Art. 21(2)–(3))",
    hint: "if it markets to the person, add the line `direct_marketing` inside purpose `{{purpose}}`: the chat then takes an objection to it at any prompt and the notice presents that right apart (Art. 21(4)); if it does not, give it a data use outside `marketing`",
  },
  "marketing-marked.categoryHere": { code: "LF332", message: "`{{use}}` is `marketing` or under it in Fideslang's data uses" },
  "one-value-per-purpose.askedAgain": {
    code: "LF330",
    message: "`{{field}}` is asked again for {{again}} after it was asked for {{first}}: each purpose keeps the value it was given",
    hint: "if both purposes should use one answer, ask once for both (`for a under …, b under …`); if they may differ, label the question so the person knows which one it is, and read each with `dataFor`",
  },
  "one-value-per-purpose.firstAsked": { code: "LF330", message: "`{{field}}` is first asked here, for {{first}}" },
  "held-fields.neverAsked": { code: "LF213", message: "`{{field}}` may not be held here: `{{field}}` is never asked" },
  "held-fields.optional": { code: "LF213", message: "`{{field}}` may not be held here: `{{field}}` may be skipped (its ask is `optional`)" },
  "held-fields.withdrawable": {
    code: "LF213",
    message:
      "`{{field}}` may not be held here: `{{field}}` is collected on the way here only under consent or legitimate interests, which the person may withdraw or object to at any time (Art. 7(3), Art. 21(1))",
  },
  "held-fields.retry": { code: "LF213", message: "`{{field}}` may not be held here: `{{field}}` is not answered when its ask gives up through `retry … then ->`" },
  "held-fields.notEveryPath": { code: "LF213", message: "`{{field}}` may not be held here: `{{field}}` is not asked on every path to here" },
  // The hint names the fix for the cause the message gives: in a condition, or in a text.
  "held-fields.hint.never.condition": { code: "LF213", message: "", hint: "guard the test: `if known({{field}}) and …`, or ask `{{field}}` before it" },
  "held-fields.hint.never.text": { code: "LF213", message: "", hint: "show this text only after `if known({{field}}) -> …`, or ask `{{field}}` before this step" },
  "held-fields.hint.optional.condition": { code: "LF213", message: "", hint: "guard the test: `if known({{field}}) and …`, or remove `optional` from its ask if the service cannot do without it" },
  "held-fields.hint.optional.text": { code: "LF213", message: "", hint: "show this text only after `if known({{field}}) -> …`, or remove `optional` from its ask if the service cannot do without it" },
  "held-fields.hint.revocable.condition": {
    code: "LF213",
    message: "",
    hint: "guard the test: `if known({{field}}) and …`, or collect it also for a purpose under contract, legal obligation, vital interests or public task, if one needs it",
  },
  "held-fields.hint.revocable.text": {
    code: "LF213",
    message: "",
    hint: "show this text only after `if known({{field}}) -> …`, or collect it also for a purpose under contract, legal obligation, vital interests or public task, if one needs it",
  },
  "held-fields.hint.retry.condition": { code: "LF213", message: "", hint: "guard the test: `if known({{field}}) and …`, or do not read `{{field}}` on the way from the retry exit" },
  "held-fields.hint.retry.text": { code: "LF213", message: "", hint: "show this text only after `if known({{field}}) -> …`, or do not read `{{field}}` on the way from the retry exit" },
  "held-fields.hint.path.condition": { code: "LF213", message: "", hint: "guard the test: `if known({{field}}) and …`, or ask `{{field}}` (not optional) on every path before it" },
  "held-fields.hint.path.text": { code: "LF213", message: "", hint: "show this text only after `if known({{field}}) -> …`, or ask `{{field}}` (not optional) on every path before this step" },
  "held-fields.readHere": { code: "LF213", message: "→ `{{field}}` is read here without being held" },

  "art9-grounds.explicitWithoutConsent": {
    code: "LF320",
    message: "purpose `{{purpose}}` claims explicit consent (Art. 9(2)(a)) but rests on `{{basis}}`, so no consent step can be asked for it",
    hint: 'declare `basis consent` and ask `consent {{purpose}} "…"` before collecting, or name the Art. 9(2) condition the processing really rests on',
  },
  "art9-grounds.basisHere": { code: "LF320", message: "`{{purpose}}` declares its basis here" },
  "art9-grounds.explicitWithText": {
    code: "LF321",
    message: "explicit consent rests on the consent step, not on a text",
    hint: "remove the text: the consent request and its receipt are the proof (Art. 7(1))",
  },
  "art9-grounds.noFact": {
    code: "LF321",
    message: "`condition {{condition}}` for purpose `{{purpose}}` must name {{what}}",
    hint: 'write it after the condition: `condition {{condition}} "…"`',
  },
  "automated-decisions.unsaid": {
    code: "LF322",
    message: "`automated` in purpose `{{purpose}}` does not say whether it makes decisions with legal or similarly significant effects (Art. 22(1)) or only profiles (Art. 4(4))",
    hint: 'write `automated decision "LOGIC" effects "CONSEQUENCES"` for a decision based solely on automated processing with legal or similarly significant effects, or `automated profiling "DESCRIPTION"` for profiling without such a decision',
  },
  "automated-decisions.unknownMode": { code: "LF322", message: "`automated {{mode}}` is neither `decision` nor `profiling`", hint: 'write `automated decision "LOGIC" effects "CONSEQUENCES"` for a decision based solely on automated processing with legal or similarly significant effects, or `automated profiling "DESCRIPTION"` for profiling without such a decision' },
  "automated-decisions.notEffects": {
    code: "LF322",
    message: "`{{word}}` is not a part of `automated`; the consequences follow `effects`",
    hint: 'write `effects "CONSEQUENCES"`',
  },
  "automated-decisions.profilingWithEffects": {
    code: "LF322",
    message: "profiling in purpose `{{purpose}}` states effects on the person: a decision with legal or similarly significant effects is `automated decision`",
    hint: 'write `automated decision "…" effects "…"` if the outcome decides something about the person without a person\'s review, else remove `effects`',
  },
  "automated-decisions.noEffects": {
    code: "LF322",
    message: "the automated decision in purpose `{{purpose}}` must state its consequences for the person (Art. 13(2)(f))",
    hint: 'write `automated decision "{{logic}}" effects "…"`',
  },
  "automated-decisions.noException": {
    code: "LF323",
    message: "purpose `{{purpose}}` makes decisions based solely on automated processing under `{{basis}}`, which Art. 22(2) does not allow",
    hint: "rest the purpose on a contract it is necessary for (Art. 22(2)(a)), a law that authorises it (b) or explicit consent (c) — or let a person take the decision and write `automated profiling`",
  },
  "automated-decisions.basisHere": { code: "LF323", message: "`{{purpose}}` declares its basis here" },
  "automated-decisions.specialCategory": {
    code: "LF323",
    message:
      "purpose `{{purpose}}` decides by automated means on special-category data (`{{field}}`) under `{{condition}}`; Art. 22(4) allows that only with explicit consent or a substantial public interest",
    hint: 'use `condition explicit_consent` (with `basis consent`) or `condition substantial_public_interest "LAW"`, or let a person take the decision',
  },

  "consent-keeps.unknownField": { code: "LF324", message: "`{{field}}` is not a declared field", hint: "keep only fields the flow declares" },
  "consent-keeps.notNeeded": {
    code: "LF324",
    message: "`{{field}}` is kept for `{{purpose}}`, which does not need it",
    hint: "add `{{field}}` to the needs of `{{purpose}}`, or do not keep it",
  },
  "consent-keeps.declaredHere": { code: "LF324", message: "`{{purpose}}` is declared here" },

  // ── LF4xx flow graph (compiler/checks) ────────────────────────────────────
  "reachable-steps.one": { code: "LF401", message: "this step is never reached", hint: "give it an id and jump to it from a step that is reached, or remove it" },
  "reachable-steps.many": { code: "LF401", message: "these {{count}} steps are never reached", hint: "give it an id and jump to it from a step that is reached, or remove it" },
  "reachable-steps.jumpTo": { code: "LF401", message: "", hint: "jump to it (`goto {{id}}`, `-> {{id}}`) from a step that is reached, or remove it" },
  "reachable-steps.afterEnd": { code: "LF401", message: "the step before ends the conversation" },
  "reachable-steps.afterGoto": { code: "LF401", message: "the step before always jumps away" },
  "reachable-steps.noFallThrough": { code: "LF401", message: "the step before never falls through to it" },
  "reachable-steps.runToHere": { code: "LF401", message: "the unreachable steps run to here" },
  "loops-wait.neverStops": {
    code: "LF402",
    message: "this loop passes no ask, consent or end, so it would never stop",
    hint: "put a question inside the loop, or leave it on every turn with a jump to a waiting step",
  },
  "loops-wait.mayNotWait": {
    code: "LF405",
    message: "this loop can go round without waiting: an ask is skipped when none of its purposes has a lawful basis left, and a consent request is passed once given",
    hint: "ask something in the loop for a purpose under contract, legal obligation or vital interests, or put the consent request for its purpose inside the loop",
  },
  "loops-wait.partOfLoop": { code: "LF402", message: "→ part of the loop" },
  "no-run-past-end.ifFalse": { code: "LF403", message: "when this condition is false, the flow reaches the end of the file without an `end`", hint: 'end the flow with `end "…"`, or jump elsewhere with `goto ID`' },
  "no-run-past-end.consent": { code: "LF403", message: "when consent is {{how}} here, the flow reaches the end of the file without an `end`", hint: 'end the flow with `end "…"`, or jump elsewhere with `goto ID`' },
  "no-run-past-end.after": { code: "LF403", message: "after this step, the flow reaches the end of the file without an `end`", hint: 'end the flow with `end "…"`, or jump elsewhere with `goto ID`' },
  "has-steps.none": { code: "LF404", message: "flow `{{flow}}` has no steps", hint: 'add the conversation after the declarations: `say`, `ask`, `consent` … and an `end "…"`' },

  // The notes of a witness path (analyses/path-notes.ts), under whichever code shows the path.
  "path.given": { code: "LF302", message: "→ {{step}} given" },
  "path.refused": { code: "LF302", message: "→ {{step}} refused" },
  "path.true": { code: "LF302", message: "→ {{step}} is true" },
  "path.false": { code: "LF302", message: "→ {{step}} is false" },
  "path.answered": { code: "LF302", message: "→ {{step}}, answered `{{value}}`" },
  "path.retry": { code: "LF302", message: "→ {{step}}, too many invalid answers" },
  "path.answeredOrSkipped": { code: "LF302", message: "→ {{step}} (answered or skipped)" },
  "path.next": { code: "LF302", message: "→ {{step}}" },
  "path.elided": { code: "LF302", message: "… {{count}} more steps …" },

  // ── LF5xx files and the command line ──────────────────────────────────────
  "load.cycle": { code: "LF502", message: "files use each other in a cycle: {{chain}}", hint: "move the shared declarations into one policy file that uses no other" },
  "load.usesHere": { code: "LF502", message: "`{{from}}` uses `{{to}}` here" },
  "load.policyDeclares": {
    code: "LF503",
    message: "`{{path}}` is used as a policy file but declares {{what}}",
    hint: "a used file may declare only the controller, security, purposes and fields; keep steps in the flow file",
  },
  "load.usedHere": { code: "LF503", message: "used here" },
  "read.missingFlow": { code: "LF501", message: "cannot read `{{path}}`: {{reason}}", hint: "check the path; flow files are usually named `*.flow`" },
  "read.missingUsed": { code: "LF501", message: "cannot read `{{path}}`: {{reason}}", hint: "the path is relative to the file that uses it; check that `{{path}}` exists" },
  "read.missingExtension": { code: "LF501", message: "cannot read `{{path}}`: no such file", hint: 'did you mean `"{{written}}"`? a used file is named with its extension' },
  "read.directory": { code: "LF501", message: "cannot read `{{path}}`: {{reason}}", hint: "name a `.flow` file, not a directory" },
  "read.notUtf8": { code: "LF501", message: "cannot read `{{path}}`: {{reason}}", hint: "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8) and run the command again" },
  "read.ledger": {
    code: "LF501",
    message: "cannot read the ledger `{{path}}`: {{reason}}",
    hint: "give --ledger the path of a JSON file: the receipts, an export or a consent record",
  },
  "read.other": { code: "LF501", message: "cannot read `{{path}}`: {{reason}}", hint: "check that the file exists and that you may read it" },
  "reason.read.ENOENT": { code: "LF501", message: "no such file" },
  "reason.read.EACCES": { code: "LF501", message: "permission denied" },
  "reason.read.EPERM": { code: "LF501", message: "permission denied" },
  "reason.read.EISDIR": { code: "LF501", message: "it is a directory, not a file" },
  "reason.read.ENOTDIR": { code: "LF501", message: "a part of the path is not a directory" },
  "reason.read.ELOOP": { code: "LF501", message: "too many symbolic links" },
  "reason.read.EMFILE": { code: "LF501", message: "too many open files" },
  "reason.read.EILSEQ": { code: "LF501", message: "it is not UTF-8 text (the first byte that is not is on line {{line}})" },
  "write.commonjsScope": {
    code: "LF506",
    message: "`{{output}}` is an ES module, but `{{manifest}}` says `\"type\": \"commonjs\"`, so plain `node` would not load it",
    hint: "compile with `--emit mjs` (writes `.flow.mjs` and `.flow.d.mts`, ES modules for Node in any package), or set `\"type\": \"module\"`; a bundler reads the file either way",
  },
  "write.output": { code: "LF504", message: "cannot write the output: {{reason}}", hint: "check the disk, or where the output is sent (`> FILE`, a pipe)" },
  "write.declarations": {
    code: "LF507",
    message: "cannot write the declarations `{{path}}` ({{reason}}); the build goes on without them",
    hint: "make the folder writable, or pass `lawflow({ declarations: false })` and write them with `lawflow compile --emit js`",
  },
  "write.cannot": {
    code: "LF504",
    message: "cannot write `{{path}}`: {{reason}}",
    hint: "choose a directory you may write to with --out DIR, or check the permissions of this one",
  },
  "write.cannotCreateDirectory": {
    code: "LF504",
    message: "cannot create the directory `{{path}}`: {{reason}}",
    hint: "choose a directory you may write to with --out DIR, or check the permissions of this one",
  },
  "reason.write.EACCES": { code: "LF504", message: "permission denied" },
  "reason.write.EPERM": { code: "LF504", message: "permission denied" },
  "reason.write.EROFS": { code: "LF504", message: "the file system is read-only" },
  "reason.write.ENOSPC": { code: "LF504", message: "no space left on the device" },
  "reason.write.ENOTDIR": { code: "LF504", message: "a part of the path is a file, not a directory" },
  "reason.write.EEXIST": { code: "LF504", message: "a file is in the way of the directory" },
  "reason.write.EISDIR": { code: "LF504", message: "a directory is in the way of the file" },
  "reason.write.ENOENT": { code: "LF504", message: "the directory does not exist" },
  "write.collision": { code: "LF504", message: "`{{first}}` and `{{second}}` would both be written to `{{output}}`", hint: "compile them into different --out directories, or rename one" },
  "svg.tooManySteps": {
    code: "LF505",
    message: "`{{path}}` has {{steps}} steps to draw; SVG is laid out for at most {{limit}}",
    hint: "draw it with `--format dot` and Graphviz's own `dot -Tsvg`, or with `--format mermaid`; neither has this limit",
  },

  // ── LF9xx internal errors ─────────────────────────────────────────────────
  "internal.graph": { code: "LF900", message: "internal error while building the flow graph — a bug in Lawflow: {{reason}}" },
  "internal.check": { code: "LF900", message: "internal error in check `{{check}}` — a bug in Lawflow: {{reason}}", hint: "please report it with the flow that triggers it" },
  "internal.phase": {
    code: "LF900",
    message: "internal compiler error — a bug in Lawflow; please report it (in phase `{{phase}}`: {{reason}})",
    hint: "run again with LAWFLOW_DEBUG=1 to see the stack trace, and include it in the report",
  },
} as const satisfies Record<string, MessageText>;

export type MessageKey = keyof typeof messages;

/** The names between double braces in a template: `"a {{x}} b {{y}}"` → `"x" | "y"`. */
type Placeholders<S extends string> = S extends `${string}{{${infer Name}}}${infer Rest}` ? Bare<Name> | Placeholders<Rest> : never;
/** `{{{name}}}` is a literal brace around `{{name}}`. */
type Bare<N extends string> = N extends `{${infer Inner}` ? Bare<Inner> : N;

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

/** A hint sentence that came from the catalogue; only `hintText` makes one. */
export type Hint = string & { readonly __fromCatalogue: true };

/** A note at a related place, from the catalogue; only `note` makes one. */
export type NoteText = string & { readonly __fromCatalogue: true };

/** The message and hint of `key` with its placeholders filled in. */
export function messageText<K extends MessageKey>(key: K, args: MessageArgs<K>): { code: DiagnosticCode; message: string; hint?: Hint } {
  const entry: MessageText = messages[key];
  const values = args as Readonly<Record<string, string | number>>;
  return { code: entry.code, message: fill(entry.message, values), hint: entry.hint === undefined ? undefined : (fill(entry.hint, values) as Hint) };
}

/** The hint of `key` alone (the `hint.*` entries, or another entry's hint to use instead of the reported one's). */
export function hintText<K extends MessageKey>(key: K, args: MessageArgs<K>): Hint | undefined {
  return messageText(key, args).hint;
}

/** The message of `key` alone, as a phrase to fill into another message (e.g. why a value misfits). */
export function phrase<K extends MessageKey>(key: K, args: MessageArgs<K>): string {
  return messageText(key, args).message;
}

/** A related place whose note comes from `key`. */
export function note<K extends MessageKey>(key: K, args: MessageArgs<K>, span: Span): RelatedPlace {
  return { span, message: messageText(key, args).message as NoteText };
}

/** Where a reported diagnostic points; its texts come from the catalogue. */
export interface ReportInit {
  readonly span?: Span;
  readonly related?: readonly RelatedPlace[];
  /** Another catalogue hint (e.g. "did you mean"), in place of the entry's own. */
  readonly hint?: Hint;
  readonly path?: string;
}

/** A diagnostic whose code, message and hint come from `key`; `init.hint` overrides the catalogue's hint. */
export function report<K extends MessageKey>(key: K, args: MessageArgs<K>, init: ReportInit = {}): Diagnostic {
  const t = messageText(key, args);
  return diagnostic(t.code, t.message, { ...init, hint: init.hint ?? t.hint });
}

/**
 * Collects diagnostics from the checks. Checks report by catalogue key, so no
 * check writes message text itself; they never throw for a user's mistake.
 */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  report<K extends MessageKey>(key: K, args: MessageArgs<K>, init: ReportInit = {}): void {
    this.items.push(report(key, args, init));
  }

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}
