/**
 * Held data joins a purpose only through a consent step that names it
 *
 * A value given for one purpose never becomes another purpose's value
 * (Art. 5(1)(b)) — except where the person consents to that purpose with
 * the data named: `consent talent_pool "May we keep your CV…?" keeps cv`.
 * When consent is given, the fields listed and held at that moment are kept
 * for the purpose too, from then on, under its retention. Each kept field
 * is one the purpose needs (minimisation, Art. 5(1)(c)), so the notice
 * lists it and the request can say what is kept (Art. 4(11)).
 */
import type { Check } from "./index.ts";
import { purposeNeeds } from "../program.ts";

export const consentKeeps: Check = {
  name: "consent-keeps",
  codes: ["LF324"],
  run({ program, bag }) {
    for (const step of program.steps) {
      if (step.kind !== "consent" || !step.keeps) continue;
      const p = program.purposes.get(step.purpose.text);
      if (!p) continue; // LF203
      const needs = new Set(purposeNeeds(p).map((n) => n.text));
      for (const k of step.keeps) {
        const field = program.fields.get(k.text);
        if (!field) {
          bag.report("LF324", `\`${k.text}\` is not a declared field`, { span: k.span, hint: "keep only fields the flow declares" });
          continue;
        }
        if (!needs.has(k.text)) {
          bag.report("LF324", `\`${k.text}\` is kept for \`${p.name.text}\`, which does not need it`, {
            span: k.span,
            related: [{ span: p.name.span, message: `\`${p.name.text}\` is declared here` }],
            hint: `add \`${k.text}\` to the needs of \`${p.name.text}\`, or do not keep it`,
          });
        }
      }
    }
  },
};
