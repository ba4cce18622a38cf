/**
 * The basis at an ask is the purpose's basis
 *
 * `ask F "…" for P under B` restates the lawful basis of P where the data is
 * collected, so a reader of the flow sees it; it must be the basis P is
 * declared with (Art. 6(1)): a basis cannot be swapped question by question.
 */
import { note } from "../diagnostics/messages.ts";
import { BASIS_NAMES } from "../ast.ts";
import { purposeBasis, purposeItem } from "../program.ts";
import type { Check } from "./index.ts";

export const basisMatches: Check = {
  name: "basis-matches",
  codes: ["LF301"],
  run({ program, bag }) {
    for (const step of program.steps) {
      if (step.kind !== "ask") continue;
      for (const u of step.purposes) {
        const p = program.purposes.get(u.purpose.text);
        if (!p) continue;
        const declared = purposeBasis(p);
        const stated = u.basis.text;
        if (declared === undefined || !(BASIS_NAMES as readonly string[]).includes(stated) || stated === declared) continue;
        bag.report("basis-matches.differs", { purpose: u.purpose.text, stated, declared }, { span: u.basis.span, related: [note("basis-matches.declaredHere", { purpose: u.purpose.text }, purposeItem(p, "basis")!.span)] });
      }
    }
  },
};
