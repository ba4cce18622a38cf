/**
 * Types in conditions agree
 *
 * A comparison compares like with like: a choice field with one of its
 * values, a number with a number, a yes/no field with `yes` or `no`; order
 * (`<`, `>=` …) applies only to numbers and dates. A bare word names a field
 * if one is declared with that name, and is a value otherwise.
 */
import type { CompareOp, FieldDecl, FieldType, Literal, Operand } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import { conditionNodes } from "../analyses/walk.ts";
import type { Program } from "../program.ts";
import type { Span } from "../source.ts";
import { misfit } from "./branch-values.ts";
import type { Check } from "./index.ts";

type Side = { kind: "field"; field: FieldDecl; span: Span } | { kind: "literal"; literal: Literal };

function resolve(program: Program, o: Operand): Side {
  if (o.kind === "name") {
    const field = program.fields.get(o.name.text);
    if (field) return { kind: "field", field, span: o.name.span };
    return { kind: "literal", literal: { kind: "symbol", value: o.name.text, span: o.name.span } };
  }
  return { kind: "literal", literal: o };
}

const ORDERED: ReadonlySet<FieldType["kind"]> = new Set(["integer", "number", "date"]);
const isOrder = (op: CompareOp) => op !== "==" && op !== "!=";
const numeric = (t: FieldType) => t.kind === "integer" || t.kind === "number";

export const conditionTypes: Check = {
  name: "condition-types",
  codes: ["LF210"],
  run({ program, bag }) {
    const fieldNames = () => program.fields.keys();
    for (const step of program.steps) {
      if (step.kind !== "if") continue;
      for (const c of conditionNodes(step.condition)) {
        if (c.kind !== "compare") continue;
        const left = resolve(program, c.left);
        const right = resolve(program, c.right);
        if (isOrder(c.op)) {
          const unordered = [left, right].find((s) => s.kind === "field" && !ORDERED.has(s.field.type.kind));
          if (unordered && unordered.kind === "field") {
            bag.report("condition-types.unordered", { op: c.op, kind: unordered.field.type.kind, name: unordered.field.name.text }, { span: unordered.span });
            continue;
          }
        }
        if (left.kind === "field" && right.kind === "field") {
          const a = left.field.type;
          const b = right.field.type;
          if (!(a.kind === b.kind || (numeric(a) && numeric(b)))) {
            bag.report("condition-types.fieldKinds", { left: left.field.name.text, leftKind: a.kind, right: right.field.name.text, rightKind: b.kind }, { span: right.span });
          }
          continue;
        }
        if (left.kind === "literal" && right.kind === "literal") {
          const symbol = [left.literal, right.literal].find((l) => l.kind === "symbol");
          if (symbol) {
            bag.report("condition-types.noField", { value: String(symbol.value) }, { span: symbol.span, hint: suggestion(String(symbol.value), fieldNames()) });
          } else if (left.literal.kind !== right.literal.kind) {
            bag.report("condition-types.literalKinds", { left: left.literal.kind, right: right.literal.kind }, { span: right.literal.span });
          }
          continue;
        }
        const [field, lit] = left.kind === "field" ? [left, right] : [right, left];
        if (field.kind !== "field" || lit.kind !== "literal") continue;
        const bad = misfit(field.field.type, lit.literal);
        if (!bad) continue;
        const l = lit.literal;
        const typo = l.kind === "symbol" && field.field.type.kind !== "choice" && field.field.type.kind !== "yesno" ? suggestion(l.value, fieldNames()) : undefined;
        bag.report("condition-types.misfit", { why: bad.why, kind: field.field.type.kind, name: field.field.name.text }, { span: l.span, hint: typo ?? bad.hint });
      }
    }
  },
};
