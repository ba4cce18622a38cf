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
import { purposeBasis, purposeItem } from "../program.ts";
import type { Check } from "./index.ts";

const MODES = ["decision", "profiling"];
const EXAMPLE = '`automated decision "LOGIC" effects "CONSEQUENCES"` for a decision based solely on automated processing with legal or similarly significant effects, or `automated profiling "DESCRIPTION"` for profiling without such a decision';

export const automatedDecisions: Check = {
  name: "automated-decisions",
  codes: ["LF322", "LF323"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      for (const item of d.items) {
        if (item.kind !== "automated") continue;
        if (!item.mode) {
          bag.report("LF322", `\`automated\` in purpose \`${d.name.text}\` does not say whether it makes decisions with legal or similarly significant effects (Art. 22(1)) or only profiles (Art. 4(4))`, {
            span: item.span,
            hint: `write ${EXAMPLE}`,
          });
          continue;
        }
        if (!MODES.includes(item.mode.text)) {
          bag.report("LF322", `\`automated ${item.mode.text}\` is neither \`decision\` nor \`profiling\``, {
            span: item.mode.span,
            hint: suggestion(item.mode.text, MODES) ?? `write ${EXAMPLE}`,
          });
          continue;
        }
        if (item.effectsWord && item.effectsWord.text !== "effects") {
          bag.report("LF322", `\`${item.effectsWord.text}\` is not a part of \`automated\`; the consequences follow \`effects\``, {
            span: item.effectsWord.span,
            hint: 'write `effects "CONSEQUENCES"`',
          });
          continue;
        }
        if (item.mode.text === "profiling") {
          if (item.effects) {
            bag.report("LF322", `profiling in purpose \`${d.name.text}\` states effects on the person: a decision with legal or similarly significant effects is \`automated decision\``, {
              span: item.effectsWord!.span,
              hint: `write \`automated decision "…" effects "…"\` if the outcome decides something about the person without a person's review, else remove \`effects\``,
            });
          }
          continue;
        }
        if (!item.effects || item.effects.value.trim() === "") {
          bag.report("LF322", `the automated decision in purpose \`${d.name.text}\` must state its consequences for the person (Art. 13(2)(f))`, {
            span: item.mode.span,
            hint: `write \`automated decision "${item.description.value}" effects "…"\``,
          });
        }
        const basis = purposeBasis(d);
        if (basis === "legitimate_interests" || basis === "vital_interests") {
          bag.report("LF323", `purpose \`${d.name.text}\` makes decisions based solely on automated processing under \`${basis}\`, which Art. 22(2) does not allow`, {
            span: item.mode.span,
            related: [{ span: purposeItem(d, "basis")!.span, message: `\`${d.name.text}\` declares its basis here` }],
            hint: "rest the purpose on a contract it is necessary for (Art. 22(2)(a)), a law that authorises it (b) or explicit consent (c) — or let a person take the decision and write `automated profiling`",
          });
        }
        const special = d.items.flatMap((i) => (i.kind === "needs" ? i.fields : [])).find((f) => program.fields.get(f.text)?.special);
        const condition = purposeItem(d, "condition")?.condition.text;
        if (special && condition !== undefined && condition !== "explicit_consent" && condition !== "substantial_public_interest") {
          bag.report("LF323", `purpose \`${d.name.text}\` decides by automated means on special-category data (\`${special.text}\`) under \`${condition}\`; Art. 22(4) allows that only with explicit consent or a substantial public interest`, {
            span: item.mode.span,
            hint: "use `condition explicit_consent` (with `basis consent`) or `condition substantial_public_interest \"LAW\"`, or let a person take the decision",
          });
        }
      }
    }
  },
};
