/**
 * Special categories need an Art. 9 condition
 *
 * Data revealing health, beliefs, ethnicity and the other special categories
 * may be processed only under one of the conditions of Art. 9(2): a field
 * marked `special` is collected only for purposes that state a `condition`.
 */
import { purposeItem } from "../program.ts";
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
        bag.report("LF309", `\`${field.name.text}\` is ${field.special.text} data, but purpose \`${p.name.text}\` states no Art. 9 condition`, {
          span: u.purpose.span,
          related: [
            { span: field.special.span, message: `\`${field.name.text}\` is marked special here` },
            { span: p.name.span, message: `\`${p.name.text}\` is declared here` },
          ],
          hint: `add an Art. 9(2) condition to \`${p.name.text}\`, e.g. \`condition explicit_consent\``,
        });
      }
    }
  },
};
