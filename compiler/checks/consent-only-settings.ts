/**
 * Consent settings only on consent purposes
 *
 * `withdraw on "…"` and `consent valid …` describe consent (Art. 7(3): it can
 * be withdrawn as easily as it was given); on a purpose that rests on another
 * basis they promise a right the person does not have in that form.
 */
import { allDeclarations } from "../analyses/walk.ts";
import { purposeBasis } from "../program.ts";
import type { Check } from "./index.ts";

export const consentOnlySettings: Check = {
  name: "consent-only-settings",
  codes: ["LF314"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      const basis = purposeBasis(d);
      if (basis === undefined || basis === "consent") continue;
      for (const item of d.items) {
        if (item.kind !== "withdraw_on" && item.kind !== "consent_valid") continue;
        const setting = item.kind === "withdraw_on" ? "withdraw on" : "consent valid";
        bag.report("consent-only-settings.notConsent", { setting, purpose: d.name.text, basis }, { span: item.span });
      }
    }
  },
};
