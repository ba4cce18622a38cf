/**
 * Every field is needed
 *
 * A declared field that no purpose `needs` has no purpose to be collected
 * for: it is data the flow should not hold (Art. 5(1)(c), data minimisation).
 * A field that a misspelt reference most likely meant (LF202 at each) is
 * not reported as well: its declaration is likely the misspelling.
 */
import { allDeclarations, meantNames } from "../analyses/walk.ts";
import { purposeNeeds } from "../program.ts";
import type { Check } from "./index.ts";

export const fieldsNeeded: Check = {
  name: "fields-needed",
  codes: ["LF304"],
  run({ program, bag }) {
    const needed = new Set<string>();
    for (const p of program.purposes.values()) for (const n of purposeNeeds(p)) needed.add(n.text);
    for (const meant of meantNames(program).fields) needed.add(meant);
    const seen = new Set<string>();
    for (const d of allDeclarations(program)) {
      if (d.kind !== "field" || seen.has(d.name.text)) continue;
      seen.add(d.name.text);
      if (needed.has(d.name.text)) continue;
      bag.report("fields-needed.unneeded", { field: d.name.text }, { span: d.name.span });
    }
  },
};
