/**
 * The basis states its evidence
 *
 * Legitimate interests name the interest pursued (Art. 13(1)(d)); a legal
 * obligation or a public task names the law it rests on (Art. 6(3)). The text
 * appears in the privacy notice and the record of processing.
 */
import { allDeclarations } from "../analyses/walk.ts";
import { phrase } from "../diagnostics/messages.ts";
import type { Check } from "./index.ts";

const NEEDS_EVIDENCE: Record<string, "basis-evidence.interest" | "basis-evidence.obligingLaw" | "basis-evidence.taskLaw"> = {
  legitimate_interests: "basis-evidence.interest",
  legal_obligation: "basis-evidence.obligingLaw",
  public_task: "basis-evidence.taskLaw",
};

export const basisEvidence: Check = {
  name: "basis-evidence",
  codes: ["LF308"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      for (const item of d.items) {
        if (item.kind !== "basis") continue;
        const what = NEEDS_EVIDENCE[item.basis.text];
        if (what === undefined || (item.evidence && item.evidence.value.trim() !== "")) continue;
        bag.report("basis-evidence.missing", { basis: item.basis.text, purpose: d.name.text, what: phrase(what, {}) }, { span: item.basis.span });
      }
    }
  },
};
