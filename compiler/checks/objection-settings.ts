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
        bag.report("LF331", `\`object on\` offers the right to object, which purpose \`${d.name.text}\` resting on \`${basis}\` does not give`, {
          span: item.span,
          hint: `mark the purpose \`direct_marketing\` if it is (the right to object to direct marketing applies whatever the basis), or remove \`object on\`${basis === "consent" ? " and use `withdraw on`" : ""}`,
        });
      }
    }
  },
};
