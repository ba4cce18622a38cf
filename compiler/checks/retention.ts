/**
 * Retention is declared and bounded
 *
 * Every purpose says how long its data is kept (Art. 13(2)(a)), and the
 * period is finite unless the purpose rests on consent, where "until
 * withdrawn" is a bound the person controls (Art. 5(1)(e), storage limitation).
 */
import { allDeclarations } from "../analyses/walk.ts";
import { purposeBasis, purposeRetention } from "../program.ts";
import type { Check } from "./index.ts";

export const retention: Check = {
  name: "retention",
  codes: ["LF306", "LF307"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      const r = purposeRetention(d);
      const basis = purposeBasis(d);
      if (!r) {
        bag.report("LF306", `purpose \`${d.name.text}\` does not say how long its data is kept`, {
          span: d.name.span,
          hint: basis === "consent" ? "add `retain until withdrawn` or a period such as `retain 2 years or until withdrawn`" : "add a period such as `retain 90 days`, or `retain session`",
        });
        continue;
      }
      if (r.kind === "until_withdrawn" && basis !== undefined && basis !== "consent") {
        bag.report("LF307", `purpose \`${d.name.text}\` rests on \`${basis}\`, so its data cannot be kept until withdrawn`, {
          span: r.span,
          hint: "give a period, e.g. `retain 90 days`; only consent can be withdrawn",
        });
      }
    }
  },
};
