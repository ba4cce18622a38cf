/**
 * Fields resolve
 *
 * Every field named by an ask, a `needs` line, an `{interpolation}` or
 * `known(…)` is declared: personal data is processed only as declared, so
 * the notice and the record list everything collected (Art. 13(1)(c), Art. 30).
 */
import type { Name } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import { conditionNodes, interpolatedNames } from "../analyses/walk.ts";
import { purposeNeeds } from "../program.ts";
import type { Check } from "./index.ts";

export const knownFields: Check = {
  name: "known-fields",
  codes: ["LF202"],
  run({ program, bag }) {
    const known = program.fields;
    const check = (name: Name, where: "known-fields.atAsk" | "known-fields.inText" | "known-fields.inKnown" | "known-fields.inNeeds", purpose = "") => {
      if (known.has(name.text)) return;
      bag.report(where, { name: name.text, purpose }, { span: name.span, hint: suggestion(name.text, known.keys()) });
    };
    for (const file of program.files) {
      for (const d of file.declarations) {
        if (d.kind !== "purpose") continue;
        for (const n of purposeNeeds(d)) check(n, "known-fields.inNeeds", d.name.text);
      }
    }
    for (const step of program.steps) {
      if (step.kind === "ask") check(step.field, "known-fields.atAsk");
      for (const n of interpolatedNames(step)) check(n, "known-fields.inText");
      if (step.kind === "if") {
        for (const c of conditionNodes(step.condition)) if (c.kind === "known") check(c.field, "known-fields.inKnown");
      }
    }
  },
};
