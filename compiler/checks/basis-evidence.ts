/**
 * The basis states its evidence
 *
 * Legitimate interests name the interest pursued (Art. 13(1)(d)); a legal
 * obligation or a public task names the law it rests on (Art. 6(3)). The text
 * appears in the privacy notice and the record of processing.
 */
import { allDeclarations } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

const NEEDS_EVIDENCE: Record<string, string> = {
  legitimate_interests: "the interest pursued",
  legal_obligation: "the law that obliges it",
  public_task: "the law that sets the task",
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
        bag.report("LF308", `\`${item.basis.text}\` for purpose \`${d.name.text}\` must state ${what}`, {
          span: item.basis.span,
          hint: `write it after the basis: \`basis ${item.basis.text} "…"\``,
        });
      }
    }
  },
};
