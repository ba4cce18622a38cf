/**
 * Art. 9(2) conditions rest on what they claim
 *
 * `condition explicit_consent` (Art. 9(2)(a)) needs the person's explicit
 * consent to that purpose: a consent step for it, proven before collection.
 * A purpose that rests on another basis cannot have one (LF311), so claiming
 * explicit consent there states in the notice a consent nobody gave (LF320).
 * The other conditions rest on facts — a law, a collective agreement, a
 * body's aim, the claims, why the person cannot consent — which are named
 * after the condition, as a basis names its law (LF321).
 */
import { allDeclarations } from "../analyses/walk.ts";
import { note } from "../diagnostics/messages.ts";
import { purposeBasis, purposeItem } from "../program.ts";
import { ART9_CONDITIONS, ART9_FACTS, type Art9Condition } from "./art9-names.ts";
import type { Check } from "./index.ts";

export const art9Grounds: Check = {
  name: "art9-grounds",
  codes: ["LF320", "LF321"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      for (const item of d.items) {
        if (item.kind !== "condition") continue;
        const name = item.condition.text;
        if (!(ART9_CONDITIONS as readonly string[]).includes(name)) continue; // LF215
        if (name === "explicit_consent") {
          const basis = purposeBasis(d);
          if (basis !== undefined && basis !== "consent") {
            bag.report(
              "art9-grounds.explicitWithoutConsent",
              { purpose: d.name.text, basis },
              { span: item.condition.span, related: [note("art9-grounds.basisHere", { purpose: d.name.text }, purposeItem(d, "basis")!.span)] },
            );
          }
          if (item.fact) bag.report("art9-grounds.explicitWithText", {}, { span: item.fact.span });
          continue;
        }
        if (item.fact && item.fact.value.trim() !== "") continue;
        const fact = ART9_FACTS[name as Exclude<Art9Condition, "explicit_consent">];
        bag.report("art9-grounds.noFact", { condition: name, purpose: d.name.text, what: fact.what }, { span: item.condition.span });
      }
    }
  },
};
