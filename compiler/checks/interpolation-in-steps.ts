/**
 * Only the texts of steps are interpolated
 *
 * A `say`, a question, a consent request and an end are shown at one moment
 * of one conversation, so `{field}` there can be filled in with what that
 * person answered (and held-fields proves it is held). Every other text — a
 * purpose's description, a field's label, a choice's label, a basis's
 * evidence, a recipient, the controller — is published as written: in the
 * privacy notice and the record of processing, which no conversation is
 * behind, and with prompts, where the runtime hands it over untouched. A
 * `{field}` there is never filled in, so the person would read the braces
 * where the law asks for intelligible information (Art. 12(1)). It is an
 * error whether or not the name is a field: an unknown name is reported here,
 * not by known-fields, because the fix is the same.
 *
 * The flow's version and a `use` path are not shown to anyone and have their
 * own checks (LF212, LF501), so they are left out.
 *
 * In the texts of steps, `${field}` (the interpolation of JavaScript and
 * shells) is filled in as `{field}` after a `$` that stays text: a warning
 * (LF219), since an amount in dollars may mean it. Only a `$` written before
 * the brace counts, so `\u{24}{field}` says the `$` is meant.
 */
import type { ControllerDecl, Declaration, FieldDecl, PurposeDecl, Text } from "../ast.ts";
import { phrase } from "../diagnostics/messages.ts";
import { span } from "../source.ts";
import { stepTexts } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

/** A text outside the steps, with what it is and how it reaches people. */
interface PlainText {
  readonly text: Text;
  readonly what: string;
  readonly how: string;
}

const IN_NOTICE = phrase("interpolation-in-steps.how.inNoticeAndRecord", {});
const WITH_PROMPTS = phrase("interpolation-in-steps.how.inNoticeAndPrompts", {});

function controllerTexts(d: ControllerDecl): PlainText[] {
  const out: PlainText[] = [
    { text: d.name, what: phrase("interpolation-in-steps.what.controllerName", {}), how: IN_NOTICE },
    { text: d.contact, what: phrase("interpolation-in-steps.what.controllerContact", {}), how: IN_NOTICE },
  ];
  if (d.dpo) out.push({ text: d.dpo, what: phrase("interpolation-in-steps.what.dataProtectionOfficerContact", {}), how: IN_NOTICE });
  return out;
}

function purposeTexts(d: PurposeDecl): PlainText[] {
  const out: PlainText[] = [{ text: d.why, what: phrase("interpolation-in-steps.what.purposeDescription", {}), how: WITH_PROMPTS }];
  for (const item of d.items) {
    switch (item.kind) {
      case "basis":
        if (item.evidence) out.push({ text: item.evidence, what: phrase("interpolation-in-steps.what.basisEvidence", {}), how: WITH_PROMPTS });
        break;
      case "shared_with":
        for (const t of item.recipients) out.push({ text: t, what: phrase("interpolation-in-steps.what.recipient", {}), how: WITH_PROMPTS });
        break;
      case "transfer":
        out.push({ text: item.country, what: phrase("interpolation-in-steps.what.transferCountry", {}), how: IN_NOTICE });
        out.push({ text: item.safeguard, what: phrase("interpolation-in-steps.what.transferSafeguard", {}), how: IN_NOTICE });
        break;
      case "withdraw_on":
        for (const t of item.phrases) out.push({ text: t, what: phrase("interpolation-in-steps.what.withdrawPhrase", {}), how: phrase("interpolation-in-steps.how.comparedAsTyped", {}) });
        break;
      case "object_on":
        for (const t of item.phrases) out.push({ text: t, what: "an objection phrase", how: "compared as written with what the person types" });
        break;
      case "subjects":
        for (const t of item.subjects) out.push({ text: t, what: phrase("interpolation-in-steps.what.categoryOfDataSubjects", {}), how: phrase("interpolation-in-steps.how.inRecord", {}) });
        break;
      case "automated":
        out.push({ text: item.description, what: phrase("interpolation-in-steps.what.descriptionOfAutomatedDecision", {}), how: IN_NOTICE });
        break;
      default:
        break;
    }
  }
  return out;
}

function fieldTexts(d: FieldDecl): PlainText[] {
  const out: PlainText[] = [];
  if (d.label) out.push({ text: d.label, what: phrase("interpolation-in-steps.what.fieldLabel", {}), how: IN_NOTICE });
  if (d.type.kind === "choice")
    for (const o of d.type.options) out.push({ text: o.label, what: phrase("interpolation-in-steps.what.choiceLabel", {}), how: phrase("interpolation-in-steps.how.withFieldQuestions", {}) });
  return out;
}

/** The texts of a declaration that are never interpolated. */
export function plainTexts(d: Declaration): PlainText[] {
  switch (d.kind) {
    case "controller":
      return controllerTexts(d);
    case "security":
      return [{ text: d.text, what: phrase("interpolation-in-steps.what.securityText", {}), how: phrase("interpolation-in-steps.how.inRecord", {}) }];
    case "purpose":
      return purposeTexts(d);
    case "field":
      return fieldTexts(d);
    case "flow":
    case "use":
      return [];
  }
}

export const interpolationInSteps: Check = {
  name: "interpolation-in-steps",
  codes: ["LF216", "LF219"],
  run({ program, bag }) {
    for (const step of program.steps) {
      for (const t of stepTexts(step)) {
        for (const part of t.parts) {
          if (part.kind !== "field") continue;
          const name = part.name;
          const source = name.span.file.text;
          // `${name}` as written: the `$` right before the `{`, in the source (not an escape that decodes to it).
          if (source[name.span.start - 1] !== "{" || source[name.span.start - 2] !== "$") continue;
          bag.report("interpolation-in-steps.dollar", { name: name.text }, { span: span(name.span.file, name.span.start - 2, name.span.end + 1) });
        }
      }
    }
    for (const file of program.files) {
      for (const d of file.declarations) {
        for (const t of plainTexts(d)) {
          for (const part of t.text.parts) {
            if (part.kind !== "field") continue;
            const name = part.name;
            // The braces are part of the mistake: point at `{`, cover through `}`.
            const at = span(name.span.file, name.span.start - 1, name.span.end + 1);
            bag.report(program.fields.has(name.text) ? "interpolation-in-steps.field" : "interpolation-in-steps.notAField", { name: name.text, what: t.what, how: t.how }, { span: at });
          }
        }
      }
    }
  },
};

