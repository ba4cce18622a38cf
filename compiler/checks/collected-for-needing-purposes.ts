/**
 * Collected only for purposes that need it
 *
 * An ask collects its field for a purpose only if the purpose `needs` the
 * field: personal data is "adequate, relevant and limited to what is
 * necessary in relation to the purposes" (Art. 5(1)(c), data minimisation).
 */
import { purposeNeeds } from "../program.ts";
import type { Check } from "./index.ts";

export const collectedForNeedingPurposes: Check = {
  name: "collected-for-needing-purposes",
  codes: ["LF303"],
  run({ program, bag }) {
    const needs = new Map<string, Set<string>>();
    for (const [name, p] of program.purposes) needs.set(name, new Set(purposeNeeds(p).map((n) => n.text)));
    for (const step of program.steps) {
      if (step.kind !== "ask" || !program.fields.has(step.field.text)) continue;
      const f = step.field.text;
      for (const u of step.purposes) {
        const p = program.purposes.get(u.purpose.text);
        if (!p || needs.get(u.purpose.text)!.has(f)) continue;
        bag.report("LF303", `\`${f}\` is collected for \`${u.purpose.text}\`, which does not need it`, {
          span: u.purpose.span,
          related: [{ span: p.name.span, message: `\`${u.purpose.text}\` is declared here without \`needs ${f}\`` }],
          hint: `add \`needs ${f}\` to purpose \`${u.purpose.text}\`, or don't ask for it under \`${u.purpose.text}\``,
        });
      }
    }
  },
};
