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
 * Nor is one zero: `retain 0 days` would erase the data as it is given, and
 * `consent valid 0 days` would lapse the consent as it is given, so the
 * question after it would collect nothing; data kept only while the
 * conversation lasts is `retain session`.
 */
import type { Duration } from "../ast.ts";
import { allDeclarations } from "../analyses/walk.ts";
import { purposeBasis, purposeConsentValid, purposeRetention } from "../program.ts";
import type { Check } from "./index.ts";

/** The longest period Lawflow accepts, in each unit: 100 years. */
export const LONGEST = { days: 36_525, weeks: 5_218, months: 1_200, years: 100 } as const;

export const retention: Check = {
  name: "retention",
  codes: ["LF306", "LF307", "LF315", "LF317"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      const r = purposeRetention(d);
      const basis = purposeBasis(d);
      const tooLong = (duration: Duration | undefined, key: "retention.periodTooLong" | "retention.consentTooLong") => {
        if (!duration || duration.amount <= LONGEST[duration.unit]) return;
        const { amount, unit } = duration;
        bag.report(key, { purpose: d.name.text, amount, unit, longest: LONGEST[unit].toLocaleString("en") }, { span: duration.span });
      };
      tooLong(r?.kind === "period" ? r.period : undefined, "retention.periodTooLong");
      tooLong(purposeConsentValid(d), "retention.consentTooLong");
      const zero = (duration: Duration | undefined, key: "retention.periodZero" | "retention.consentZero") => {
        if (duration?.amount === 0) bag.report(key, { purpose: d.name.text, unit: duration.unit }, { span: duration.span });
      };
      zero(r?.kind === "period" ? r.period : undefined, "retention.periodZero");
      zero(purposeConsentValid(d), "retention.consentZero");
      if (!r) {
        bag.report(basis === "consent" ? "retention.missingConsent" : "retention.missing", { purpose: d.name.text }, { span: d.name.span });
        continue;
      }
      if (r.kind === "until_withdrawn" && basis !== undefined && basis !== "consent") {
        bag.report("retention.untilWithdrawn", { purpose: d.name.text, basis }, { span: r.span });
      }
    }
  },
};
