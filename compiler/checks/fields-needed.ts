/**
 * Every field is needed
 *
 * A declared field that no purpose `needs` has no purpose to be collected
 * for: it is data the flow should not hold (Art. 5(1)(c), data minimisation).
 */
import { allDeclarations } from "../analyses/walk.ts";
import { purposeNeeds } from "../program.ts";
import type { Check } from "./index.ts";

export const fieldsNeeded: Check = {
  name: "fields-needed",
  codes: ["LF304"],
  run({ program, bag }) {
    const needed = new Set<string>();
    for (const p of program.purposes.values()) for (const n of purposeNeeds(p)) needed.add(n.text);
    const seen = new Set<string>();
    for (const d of allDeclarations(program)) {
      if (d.kind !== "field" || seen.has(d.name.text)) continue;
      seen.add(d.name.text);
      if (needed.has(d.name.text)) continue;
      bag.report("fields-needed.unneeded", { field: d.name.text }, { span: d.name.span });
    }
  },
};
