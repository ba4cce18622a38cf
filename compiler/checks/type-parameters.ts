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
        bag.report("LF207", `the maximum length of \`${d.name.text}\` must be at least 1, not ${t.max}`, {
          span: t.span,
          hint: "give the longest answer you need, e.g. `text(100)`",
        });
      } else if ((t.kind === "integer" || t.kind === "number") && !(t.min <= t.max)) {
        bag.report("LF207", `the range of \`${d.name.text}\` is empty: ${t.min} is above ${t.max}`, {
          span: t.span,
          hint: `write the smaller bound first: \`${t.kind}(${t.max}..${t.min})\``,
        });
      } else if (t.kind === "integer" && (!Number.isInteger(t.min) || !Number.isInteger(t.max))) {
        bag.report("LF207", `the bounds of integer field \`${d.name.text}\` must be whole numbers`, {
          span: t.span,
          hint: "use whole-number bounds, or make it a `number(…)`",
        });
      } else if (t.kind === "choice" && t.options.length === 0) {
        bag.report("LF207", `choice field \`${d.name.text}\` has no values`, {
          span: t.span,
          hint: 'list the values: `choice(a "A", b "B")`',
        });
      }
    }
  },
};
