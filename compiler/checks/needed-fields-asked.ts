/**
 * Needed fields are asked
 *
 * A purpose that `needs` a field the flow never asks for it declares more
 * than it collects: the notice and the record of processing would overstate
 * what is processed (Art. 5(1)(c), Art. 13(1)(c)). A warning: the field may
 * be collected by another flow that shares the purpose. When the field is
 * asked for other purposes and this one has a consent step, the hint
 * offers that step's `keeps` too: it is how a consent purpose takes on an
 * answer the person gave for another.
 */
import { relevantPurposes } from "../analyses/walk.ts";
import { didYouMean } from "../analyses/suggest.ts";
import { purposeNeeds } from "../program.ts";
import type { Check } from "./index.ts";

export const neededFieldsAsked: Check = {
  name: "needed-fields-asked",
  codes: ["LF305"],
  run({ program, bag }) {
    // A file without steps (a policy checked on its own) asks nothing; its flows are judged where they use it.
    if (program.steps.length === 0) return;
    const asked = new Set<string>(); // "purpose field"
    // Fields asked for a purpose that does not exist: most likely a misspelling
    // of the one that needs them, reported there (LF203), not again here.
    const askedForUnknown = new Set<string>();
    const askedAtAll = new Set<string>();
    const consented = new Set<string>(); // purposes with a consent step
    for (const step of program.steps) {
      // A consent step's `keeps` collects held data for its purpose.
      if (step.kind === "consent") {
        for (const k of step.keeps ?? []) asked.add(`${step.purpose.text} ${k.text}`);
        consented.add(step.purpose.text);
      }
      if (step.kind !== "ask") continue;
      askedAtAll.add(step.field.text);
      // A misspelt field at an ask (LF202) counts as the field it most likely meant.
      const field = program.fields.has(step.field.text) ? step.field.text : (didYouMean(step.field.text, program.fields.keys()) ?? step.field.text);
      for (const u of step.purposes) {
        asked.add(`${u.purpose.text} ${field}`);
        if (!program.purposes.has(u.purpose.text)) askedForUnknown.add(step.field.text);
      }
    }
    for (const name of relevantPurposes(program)) {
      const p = program.purposes.get(name);
      if (!p) continue;
      for (const f of purposeNeeds(p)) {
        if (!program.fields.has(f.text) || asked.has(`${name} ${f.text}`) || askedForUnknown.has(f.text)) continue;
        const keeps = consented.has(name) && askedAtAll.has(f.text);
        bag.report(keeps ? "needed-fields-asked.neverAskedKeep" : "needed-fields-asked.neverAsked", { purpose: name, field: f.text }, { span: f.span });
      }
    }
  },
};
