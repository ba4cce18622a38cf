/**
 * Objection phrases only where the person can object
 *
 * The right to object covers processing on a public task or legitimate
 * interests (Art. 21(1)) and direct marketing whatever its basis (Art.
 * 21(2)–(3)). `object on "…"` on any other purpose would offer a command
 * that the runtime refuses: the notice and the chat would disagree.
 */
import { allDeclarations } from "../analyses/walk.ts";
import { purposeBasis, purposeItem } from "../program.ts";
import type { Check } from "./index.ts";

export const objectionSettings: Check = {
  name: "objection-settings",
  codes: ["LF331"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      const basis = purposeBasis(d);
      if (basis === undefined || basis === "legitimate_interests" || basis === "public_task" || purposeItem(d, "direct_marketing")) continue;
      for (const item of d.items) {
        if (item.kind !== "object_on") continue;
        bag.report(
          "objection-settings.notObjectable",
          { purpose: d.name.text, basis, instead: basis === "consent" ? " and use `withdraw on`" : "" },
          { span: item.span },
        );
      }
    }
  },
};
