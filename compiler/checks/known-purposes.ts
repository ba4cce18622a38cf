/**
 * Purposes resolve
 *
 * Every purpose named by an ask, a consent step or `given(…)` is declared:
 * personal data is collected only for specified, explicit purposes
 * (Art. 5(1)(b)), and consent is always consent to a declared purpose.
 */
import type { Name } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import { conditionNodes } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

export const knownPurposes: Check = {
  name: "known-purposes",
  codes: ["LF203"],
  run({ program, bag }) {
    const known = program.purposes;
    const check = (name: Name) => {
      if (known.has(name.text)) return;
      bag.report("known-purposes.unknown", { name: name.text }, { span: name.span, hint: suggestion(name.text, known.keys()) });
    };
    for (const step of program.steps) {
      if (step.kind === "ask") for (const u of step.purposes) check(u.purpose);
      else if (step.kind === "consent") check(step.purpose);
      else if (step.kind === "if") for (const c of conditionNodes(step.condition)) if (c.kind === "given") check(c.purpose);
    }
  },
};
