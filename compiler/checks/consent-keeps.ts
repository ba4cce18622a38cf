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
import { note } from "../diagnostics/messages.ts";
import { purposeNeeds } from "../program.ts";
import type { Check } from "./index.ts";

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
        if (!program.fields.has(k.text)) bag.report("consent-keeps.unknownField", { field: k.text }, { span: k.span });
        else if (!needs.has(k.text))
          bag.report("consent-keeps.notNeeded", { field: k.text, purpose: p.name.text }, { span: k.span, related: [note("consent-keeps.declaredHere", { purpose: p.name.text }, p.name.span)] });
      }
    }
  },
};
