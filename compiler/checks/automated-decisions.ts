/**
 * Automated decisions say what they are, and rest on what Art. 22 allows
 *
 * Art. 22 is about a decision based solely on automated processing that
 * has legal or similarly significant effects on the person; profiling
 * without such a decision (Art. 4(4)) is not. The notice says different
 * things for each — the logic involved and the consequences (Art. 13(2)(f))
 * and the safeguards of Art. 22(3) only for a decision — so a purpose says
 * which it has: `automated decision "LOGIC" effects "CONSEQUENCES"` or
 * `automated profiling "DESCRIPTION"` (LF322).
 *
 * Such a decision is allowed only when necessary for a contract, authorised
 * by law, or with the person's explicit consent (Art. 22(2)); read from the
 * purpose's basis: contract, legal obligation or public task (with its law),
 * consent (the consent step is the explicit consent). On special-category
 * data it needs explicit consent or a substantial public interest
 * (Art. 22(4), Art. 9(2)(a) or (g)) (LF323).
 */
import { suggestion } from "../analyses/suggest.ts";
import { allDeclarations } from "../analyses/walk.ts";
import { note } from "../diagnostics/messages.ts";
import { purposeBasis, purposeItem } from "../program.ts";
import { AUTOMATED_EFFECTS, AUTOMATED_MODES } from "../syntax/tokens.ts";
import type { Check } from "./index.ts";

const MODES: readonly string[] = AUTOMATED_MODES;

export const automatedDecisions: Check = {
  name: "automated-decisions",
  codes: ["LF322", "LF323"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      for (const item of d.items) {
        if (item.kind !== "automated") continue;
        const purpose = d.name.text;
        if (!item.mode) {
          bag.report("automated-decisions.unsaid", { purpose }, { span: item.span });
          continue;
        }
        if (!MODES.includes(item.mode.text)) {
          bag.report("automated-decisions.unknownMode", { mode: item.mode.text }, { span: item.mode.span, hint: suggestion(item.mode.text, MODES) });
          continue;
        }
        if (item.effectsWord && item.effectsWord.text !== AUTOMATED_EFFECTS) {
          bag.report("automated-decisions.notEffects", { word: item.effectsWord.text }, { span: item.effectsWord.span });
          continue;
        }
        if (item.mode.text === "profiling") {
          if (item.effects) bag.report("automated-decisions.profilingWithEffects", { purpose }, { span: item.effectsWord!.span });
          continue;
        }
        if (!item.effects || item.effects.value.trim() === "") {
          bag.report("automated-decisions.noEffects", { purpose, logic: item.description.value }, { span: item.mode.span });
        }
        const basis = purposeBasis(d);
        if (basis === "legitimate_interests" || basis === "vital_interests") {
          bag.report(
            "automated-decisions.noException",
            { purpose, basis },
            { span: item.mode.span, related: [note("automated-decisions.basisHere", { purpose }, purposeItem(d, "basis")!.span)] },
          );
        }
        const special = d.items.flatMap((i) => (i.kind === "needs" ? i.fields : [])).find((f) => program.fields.get(f.text)?.special);
        const condition = purposeItem(d, "condition")?.condition.text;
        if (special && condition !== undefined && condition !== "explicit_consent" && condition !== "substantial_public_interest") {
          bag.report("automated-decisions.specialCategory", { purpose, field: special.text, condition }, { span: item.mode.span });
        }
      }
    }
  },
};
