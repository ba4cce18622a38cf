/**
 * Branch values fit the field
 *
 * A `when VALUE -> ID` at an ask names a value the answer can take: a value
 * of the choice, a number in the field's range, `yes`/`no` for a yes/no
 * question. Otherwise the branch could never be taken.
 */
import type { FieldType, Literal } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import type { Check } from "./index.ts";

const YESNO = ["yes", "no", "true", "false"];

function show(l: Literal): string {
  return l.kind === "string" ? JSON.stringify(l.value) : String(l.value);
}

/** Why `value` cannot be an answer of type `t`, or undefined if it can. */
export function misfit(t: FieldType, value: Literal): { message: string; hint: string } | undefined {
  switch (t.kind) {
    case "choice": {
      const values = t.options.map((o) => o.value.text);
      if ((value.kind === "symbol" || value.kind === "string") && values.includes(String(value.value))) return undefined;
      return {
        message: `\`${show(value)}\` is not one of the values ${values.map((v) => `\`${v}\``).join(", ")}`,
        hint: (value.kind !== "number" && suggestion(String(value.value), values)) || `use one of ${values.join(", ")}`,
      };
    }
    case "integer":
    case "number":
      if (value.kind !== "number") return { message: `\`${show(value)}\` is not a number`, hint: `use a number from ${t.min} to ${t.max}` };
      if (value.value < t.min || value.value > t.max)
        return { message: `${value.value} is outside the range ${t.min}..${t.max}`, hint: `use a number from ${t.min} to ${t.max}` };
      if (t.kind === "integer" && !Number.isInteger(value.value))
        return { message: `${value.value} is not a whole number`, hint: "integer answers are whole numbers" };
      return undefined;
    case "yesno":
      if (value.kind === "symbol" && YESNO.includes(value.value)) return undefined;
      return { message: `\`${show(value)}\` is not an answer to a yes/no question`, hint: "use `yes` or `no`" };
    case "text":
    case "email":
    case "phone":
    case "date":
      if (value.kind === "string") return undefined;
      return { message: `\`${show(value)}\` is not a ${t.kind} value`, hint: `write the value as a string: \`"${String(value.value)}"\`` };
  }
}

export const branchValues: Check = {
  name: "branch-values",
  codes: ["LF209"],
  run({ program, bag }) {
    for (const step of program.steps) {
      if (step.kind !== "ask" || step.when.length === 0) continue;
      const field = program.fields.get(step.field.text);
      if (!field) continue;
      for (const w of step.when) {
        const bad = misfit(field.type, w.value);
        if (bad) bag.report("LF209", `${bad.message} of \`${field.name.text}\``, { span: w.value.span, hint: bad.hint });
      }
    }
  },
};
