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
 */
import type { ControllerDecl, Declaration, FieldDecl, PurposeDecl, Text } from "../ast.ts";
import { span } from "../source.ts";
import type { Check } from "./index.ts";

/** A text outside the steps, with what it is and how it reaches people. */
interface PlainText {
  readonly text: Text;
  readonly what: string;
  readonly how: string;
}

const IN_NOTICE = "shown as written in the privacy notice and the record of processing";
const WITH_PROMPTS = "shown as written in the privacy notice and with every question for the purpose";

function controllerTexts(d: ControllerDecl): PlainText[] {
  const out: PlainText[] = [
    { text: d.name, what: "the controller's name", how: IN_NOTICE },
    { text: d.contact, what: "the controller's contact", how: IN_NOTICE },
  ];
  if (d.dpo) out.push({ text: d.dpo, what: "the data protection officer's contact", how: IN_NOTICE });
  return out;
}

function purposeTexts(d: PurposeDecl): PlainText[] {
  const out: PlainText[] = [{ text: d.why, what: "a purpose's description", how: WITH_PROMPTS }];
  for (const item of d.items) {
    switch (item.kind) {
      case "basis":
        if (item.evidence) out.push({ text: item.evidence, what: "a basis's evidence", how: WITH_PROMPTS });
        break;
      case "shared_with":
        for (const t of item.recipients) out.push({ text: t, what: "a recipient", how: WITH_PROMPTS });
        break;
      case "transfer":
        out.push({ text: item.country, what: "a transfer's country", how: IN_NOTICE });
        out.push({ text: item.safeguard, what: "a transfer's safeguard", how: IN_NOTICE });
        break;
      case "withdraw_on":
        for (const t of item.phrases) out.push({ text: t, what: "a withdraw phrase", how: "compared as written with what the person types" });
        break;
      case "subjects":
        for (const t of item.subjects) out.push({ text: t, what: "a category of data subjects", how: "shown as written in the record of processing" });
        break;
      case "automated":
        out.push({ text: item.description, what: "a description of automated decision-making", how: IN_NOTICE });
        break;
      default:
        break;
    }
  }
  return out;
}

function fieldTexts(d: FieldDecl): PlainText[] {
  const out: PlainText[] = [];
  if (d.label) out.push({ text: d.label, what: "a field's label", how: IN_NOTICE });
  if (d.type.kind === "choice")
    for (const o of d.type.options) out.push({ text: o.label, what: "a choice's label", how: "shown as written with every question for the field" });
  return out;
}

/** The texts of a declaration that are never interpolated. */
export function plainTexts(d: Declaration): PlainText[] {
  switch (d.kind) {
    case "controller":
      return controllerTexts(d);
    case "security":
      return [{ text: d.text, what: "a `security` text", how: "shown as written in the record of processing" }];
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
  codes: ["LF216"],
  run({ program, bag }) {
    for (const file of program.files) {
      for (const d of file.declarations) {
        for (const t of plainTexts(d)) {
          for (const part of t.text.parts) {
            if (part.kind !== "field") continue;
            const name = part.name;
            // The braces are part of the mistake: point at `{`, cover through `}`.
            const at = span(name.span.file, name.span.start - 1, name.span.end + 1);
            const literal = `\`\\{${name.text}\\}\``;
            bag.report("LF216", `\`{${name.text}}\` in ${t.what} is never filled in: it is ${t.how}`, {
              span: at,
              hint: program.fields.has(name.text)
                ? `only the texts of steps are filled in: show \`${name.text}\` in a \`say\`, a question or an \`end\`, or write ${literal} for the braces themselves`
                : `\`${name.text}\` is not a field either; write ${literal} for the braces themselves`,
            });
          }
        }
      }
    }
  },
};

