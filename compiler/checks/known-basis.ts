/**
 * Lawful basis is one of the six
 *
 * Processing is lawful only on one of the bases of Art. 6(1)(a)–(f):
 * consent, contract, legal_obligation, vital_interests, public_task,
 * legitimate_interests — at a purpose's `basis` and at an ask's `under`.
 */
import { BASIS_NAMES, type Name } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import { allDeclarations } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

export const knownBasis: Check = {
  name: "known-basis",
  codes: ["LF211"],
  run({ program, bag }) {
    const check = (name: Name) => {
      if ((BASIS_NAMES as readonly string[]).includes(name.text)) return;
      bag.report("known-basis.unknown", { name: name.text, bases: BASIS_NAMES.map((b) => `\`${b}\``).join(", ") }, { span: name.span, hint: suggestion(name.text, BASIS_NAMES) });
    };
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      for (const item of d.items) if (item.kind === "basis") check(item.basis);
    }
    for (const step of program.steps) if (step.kind === "ask") for (const u of step.purposes) check(u.basis);
  },
};
