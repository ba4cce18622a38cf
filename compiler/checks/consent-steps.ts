/**
 * Consent steps match consent purposes
 *
 * A purpose resting on consent has a consent step that asks for it — consent
 * is given by "a clear affirmative act" (Art. 4(11), Art. 7(1)); and a
 * consent step is only for a purpose that rests on consent, since asking
 * consent for processing that rests on another basis misleads the person
 * about their right to refuse (Art. 6(1)). A consent step whose purpose is
 * misspelt (LF203) counts as the step of the purpose it most likely meant.
 */
import { note } from "../diagnostics/messages.ts";
import { meantNames, relevantPurposes } from "../analyses/walk.ts";
import { purposeBasis, purposeItem } from "../program.ts";
import type { Check } from "./index.ts";

export const consentSteps: Check = {
  name: "consent-steps",
  codes: ["LF310", "LF311"],
  run({ program, bag }) {
    const asked = new Set<string>();
    for (const step of program.steps) {
      if (step.kind !== "consent") continue;
      asked.add(step.purpose.text);
      const p = program.purposes.get(step.purpose.text);
      const basis = p && purposeBasis(p);
      if (!p || basis === undefined || basis === "consent") continue;
      bag.report("consent-steps.notConsent", { purpose: p.name.text, basis }, { span: step.purpose.span, related: [note("consent-steps.declaredHere", { purpose: p.name.text }, purposeItem(p, "basis")!.span)] });
    }
    if (program.steps.length === 0) return;
    for (const meant of meantNames(program).purposes) asked.add(meant);
    for (const name of relevantPurposes(program)) {
      const p = program.purposes.get(name);
      if (!p || purposeBasis(p) !== "consent" || asked.has(name)) continue;
      bag.report("consent-steps.neverAsked", { purpose: name }, { span: p.name.span });
    }
  },
};
