/**
 * Collected only for purposes that need it
 *
 * An ask collects its field for a purpose only if the purpose `needs` the
 * field: personal data is "adequate, relevant and limited to what is
 * necessary in relation to the purposes" (Art. 5(1)(c), data minimisation).
 * A misspelt name in the purpose's `needs` (LF202) counts as the field it
 * most likely meant, so the asks of that field are not reported as well.
 */
import { note } from "../diagnostics/messages.ts";
import { didYouMean } from "../analyses/suggest.ts";
import { purposeNeeds } from "../program.ts";
import type { Check } from "./index.ts";

export const collectedForNeedingPurposes: Check = {
  name: "collected-for-needing-purposes",
  codes: ["LF303"],
  run({ program, bag }) {
    const needs = new Map<string, Set<string>>();
    for (const [name, p] of program.purposes) {
      needs.set(name, new Set(purposeNeeds(p).map((n) => (program.fields.has(n.text) ? n.text : (didYouMean(n.text, program.fields.keys()) ?? n.text)))));
    }
    for (const step of program.steps) {
      if (step.kind !== "ask" || !program.fields.has(step.field.text)) continue;
      const f = step.field.text;
      for (const u of step.purposes) {
        const p = program.purposes.get(u.purpose.text);
        if (!p || needs.get(u.purpose.text)!.has(f)) continue;
        bag.report("collected-for-needing-purposes.notNeeded", { field: f, purpose: u.purpose.text }, { span: u.purpose.span, related: [note("collected-for-needing-purposes.declaredHere", { purpose: u.purpose.text, field: f }, p.name.span)] });
      }
    }
  },
};
