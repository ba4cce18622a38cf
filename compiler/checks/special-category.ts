/**
 * Special categories need an Art. 9 condition
 *
 * Data revealing health, beliefs, ethnicity and the other special categories
 * may be processed only under one of the conditions of Art. 9(2): a field
 * marked `special` is collected only for purposes that state a `condition`.
 * A category that is not one of Art. 9(1)'s is LF215's, and not reported
 * again here.
 */
import { hintText, note } from "../diagnostics/messages.ts";
import { purposeBasis, purposeItem } from "../program.ts";
import { SPECIAL_CATEGORIES } from "./art9-names.ts";
import type { Check } from "./index.ts";

const KNOWN: ReadonlySet<string> = new Set(SPECIAL_CATEGORIES);

export const specialCategory: Check = {
  name: "special-category",
  codes: ["LF309"],
  run({ program, bag }) {
    for (const step of program.steps) {
      if (step.kind !== "ask") continue;
      const field = program.fields.get(step.field.text);
      if (!field?.special || !KNOWN.has(field.special.text)) continue;
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
