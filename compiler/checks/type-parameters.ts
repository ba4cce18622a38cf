/**
 * Type parameters are sane
 *
 * Free text has a maximum length of at least one character, and a numeric
 * range has its minimum at or below its maximum: a bounded field collects no
 * more than is needed (Art. 5(1)(c)), and an empty range could never be answered.
 */
import type { FieldDecl } from "../ast.ts";
import { allDeclarations } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

export const typeParameters: Check = {
  name: "type-parameters",
  codes: ["LF207"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "field") continue;
      const t = (d as FieldDecl).type;
      if (t.kind === "text" && !(t.max >= 1)) {
        bag.report("type-parameters.textLength", { name: d.name.text, max: t.max }, { span: t.span });
      } else if ((t.kind === "integer" || t.kind === "number") && !(t.min <= t.max)) {
        bag.report("type-parameters.emptyRange", { name: d.name.text, min: t.min, max: t.max, kind: t.kind }, { span: t.span });
      } else if (t.kind === "integer" && (!Number.isInteger(t.min) || !Number.isInteger(t.max))) {
        bag.report("type-parameters.integerBounds", { name: d.name.text }, { span: t.span });
      } else if (t.kind === "choice" && t.options.length === 0) {
        bag.report("type-parameters.noChoices", { name: d.name.text }, { span: t.span });
      }
    }
  },
};
