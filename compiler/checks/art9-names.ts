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

/**
 * What each condition of Art. 9(2) rests on, written after it
 * (`condition employment "Employment Rights Act 1996, s. 1"`): the fact a
 * data protection officer asks for first. Explicit consent rests on the
 * consent step instead, and takes no text.
 */
export const ART9_FACTS: Readonly<Record<Exclude<Art9Condition, "explicit_consent">, { readonly what: string; readonly label: string }>> = {
  employment: { what: "the law or collective agreement that authorises it", label: "Law or collective agreement" },
  vital_interests: { what: "why the person cannot give consent", label: "Why consent cannot be given" },
  not_for_profit: { what: "the body and its political, philosophical, religious or trade-union aim", label: "Body and aim" },
  made_public: { what: "where the person made the data public", label: "Made public" },
  legal_claims: { what: "the legal claims the data is needed for", label: "Legal claims" },
  substantial_public_interest: { what: "the Union or Member State law that sets the interest", label: "Law" },
  health_care: { what: "the law or contract with a health professional, and the professional secrecy of those who see the data (Art. 9(3))", label: "Law or contract, and professional secrecy" },
  public_health: { what: "the Union or Member State law that provides for it", label: "Law" },
  research: { what: "the law and the safeguards of Art. 89(1)", label: "Law and safeguards" },
};

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
