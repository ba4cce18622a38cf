/**
 * Retention is declared and bounded
 *
 * Every purpose says how long its data is kept (Art. 13(2)(a)), and the
 * period is finite unless the purpose rests on consent, where "until
 * withdrawn" is a bound the person controls (Art. 5(1)(e), storage limitation).
 * No period, and no `consent valid` duration, is longer than 100 years: a
 * longer one is no limit a person can read, and an absurd one (`retain
 * 100000000 days`) would give times that the runtime's `export()` cannot
 * print (a JavaScript `Date` ends in the year 275760).
 */
import type { Duration } from "../ast.ts";
import { allDeclarations } from "../analyses/walk.ts";
import { purposeBasis, purposeConsentValid, purposeRetention } from "../program.ts";
import type { Check } from "./index.ts";

/** The longest period Lawflow accepts, in each unit: 100 years. */
export const LONGEST = { days: 36_525, weeks: 5_218, months: 1_200, years: 100 } as const;

export const retention: Check = {
  name: "retention",
  codes: ["LF306", "LF307", "LF315"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      const r = purposeRetention(d);
      const basis = purposeBasis(d);
      const tooLong = (duration: Duration | undefined, what: string) => {
        if (!duration || duration.amount <= LONGEST[duration.unit]) return;
        bag.report("LF315", `${what} of ${duration.amount} ${duration.unit} is longer than the 100 years Lawflow accepts`, {
          span: duration.span,
          hint: `give at most ${LONGEST[duration.unit].toLocaleString("en")} ${duration.unit}; data kept longer than a lifetime is kept without a limit`,
        });
      };
      tooLong(r?.kind === "period" ? r.period : undefined, `\`${d.name.text}\` keeps its data for a period`);
      tooLong(purposeConsentValid(d), `consent to \`${d.name.text}\` is valid for a period`);
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
