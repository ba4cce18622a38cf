/**
 * Special categories need an Art. 9 condition
 *
 * Data revealing health, beliefs, ethnicity and the other special categories
 * may be processed only under one of the conditions of Art. 9(2): a field
 * marked `special` is collected only for purposes that state a `condition`.
 */
import { hintText, note } from "../diagnostics/messages.ts";
import { purposeBasis, purposeItem } from "../program.ts";
import type { Check } from "./index.ts";

export const specialCategory: Check = {
  name: "special-category",
  codes: ["LF309"],
  run({ program, bag }) {
    for (const step of program.steps) {
      if (step.kind !== "ask") continue;
      const field = program.fields.get(step.field.text);
      if (!field?.special) continue;
      for (const u of step.purposes) {
        const p = program.purposes.get(u.purpose.text);
        if (!p || purposeItem(p, "condition")) continue;
        bag.report("special-category.noCondition", { field: field.name.text, category: field.special.text, purpose: p.name.text }, {
          span: u.purpose.span,
          related: [note("special-category.markedHere", { field: field.name.text }, field.special.span), note("special-category.declaredHere", { purpose: p.name.text }, p.name.span)],
          // Explicit consent is open only to a purpose that rests on consent (LF320): suggest it only there.
          hint: hintText(purposeBasis(p) === "consent" ? "special-category.hint.consent" : "special-category.hint.other", { purpose: p.name.text }),
        });
      }
    }
  },
};
