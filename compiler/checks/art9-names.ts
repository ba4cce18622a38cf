/**
 * Art. 9 names are known
 *
 * A purpose's `condition` names one of the conditions of Art. 9(2) that lift
 * the ban on processing special categories, and a field's `special` names one
 * of the special categories of Art. 9(1).
 */
import type { Name } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import { allDeclarations } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

/** Art. 9(2)(a)–(j). */
export const ART9_CONDITIONS = [
  "explicit_consent", // (a)
  "employment", // (b)
  "vital_interests", // (c)
  "not_for_profit", // (d)
  "made_public", // (e)
  "legal_claims", // (f)
  "substantial_public_interest", // (g)
  "health_care", // (h)
  "public_health", // (i)
  "research", // (j)
] as const;
export type Art9Condition = (typeof ART9_CONDITIONS)[number];

/** Art. 9(1). */
export const SPECIAL_CATEGORIES = [
  "racial_or_ethnic_origin",
  "political_opinions",
  "religious_or_philosophical_beliefs",
  "trade_union_membership",
  "genetic",
  "biometric",
  "health",
  "sex_life_or_orientation",
] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

export const art9Names: Check = {
  name: "art9-names",
  codes: ["LF215"],
  run({ program, bag }) {
    const check = (name: Name, known: readonly string[], what: "art9-names.condition" | "art9-names.category") => {
      if (known.includes(name.text)) return;
      bag.report(what, { name: name.text, known: known.map((k) => `\`${k}\``).join(", ") }, { span: name.span, hint: suggestion(name.text, known) });
    };
    for (const d of allDeclarations(program)) {
      if (d.kind === "purpose") {
        for (const item of d.items) if (item.kind === "condition") check(item.condition, ART9_CONDITIONS, "art9-names.condition");
      } else if (d.kind === "field" && d.special) {
        check(d.special, SPECIAL_CATEGORIES, "art9-names.category");
      }
    }
  },
};
