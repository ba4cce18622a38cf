/**
 * Branch values fit the field, once each
 *
 * A `when VALUE -> ID` at an ask names a value the answer can take: a value
 * of the choice, a number in the field's range, `yes`/`no` for a yes/no
 * question (LF209). And it names it once: the runtime takes the first branch
 * whose value matches, so a second `when` for the same value (`pro` twice, or
 * `yes` and `true`, or `5` and `5.0`) is never taken (LF217).
 *
 * LF217 is an error, like LF209 and like an unreachable step (LF401), rather
 * than a warning such as an unreachable pattern is elsewhere: both have the
 * same cause — a branch that can never be taken — and here the author wrote
 * two places for one answer, so the flow does not say what they meant. With
 * different targets, the one they expected may be the one that never runs;
 * the compiler should not pick silently.
 */
import type { FieldType, Literal, WhenBranch } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import { hintText, note, phrase, type Hint, type MessageArgs, type MessageKey } from "../diagnostics/messages.ts";
import type { Check } from "./index.ts";

const YESNO = ["yes", "no", "true", "false"];

function show(l: Literal): string {
  return l.kind === "string" ? JSON.stringify(l.value) : String(l.value);
}

const valueSets = new WeakMap<FieldType, ReadonlySet<string>>();

/** A choice's values as a set, made once per field: a flow may branch on thousands of them. */
function choiceValues(t: Extract<FieldType, { kind: "choice" }>): ReadonlySet<string> {
  let set = valueSets.get(t);
  if (!set) valueSets.set(t, (set = new Set(t.options.map((o) => o.value.text))));
  return set;
}

/** The first values of a list, and how many more: a message stays a line long whatever the choice. */
const LISTED = 12;
function listed(values: ReadonlySet<string>, show: (v: string) => string): string {
  const first: string[] = [];
  for (const v of values) {
    if (first.length === LISTED) break;
    first.push(show(v));
  }
  const more = values.size - first.length;
  return more > 0 ? phrase("misfit.andMore", { listed: first.join(", "), more: more.toLocaleString("en") }) : first.join(", ");
}

/** Why `value` cannot be an answer of type `t` (a phrase and a hint from the catalogue), or undefined if it can. */
export function misfit(t: FieldType, value: Literal): { why: string; hint: Hint } | undefined {
  const because = <K extends MisfitKey>(key: K, args: MessageArgs<K>, hint?: Hint) => ({ why: phrase(key, args), hint: hint ?? hintText(key, args)! });
  switch (t.kind) {
    case "choice": {
      const values = choiceValues(t);
      if ((value.kind === "symbol" || value.kind === "string") && values.has(String(value.value))) return undefined;
      const typo = value.kind !== "number" ? suggestion(String(value.value), values) : undefined;
      return because("misfit.notAChoice", { value: show(value), values: listed(values, (v) => `\`${v}\``), plain: listed(values, (v) => v) }, typo);
    }
    case "integer":
    case "number":
      if (value.kind !== "number") return because("misfit.notANumber", { value: show(value), min: t.min, max: t.max });
      if (value.value < t.min || value.value > t.max) return because("misfit.outOfRange", { value: value.value, min: t.min, max: t.max });
      if (t.kind === "integer" && !Number.isInteger(value.value)) return because("misfit.notWhole", { value: value.value });
      return undefined;
    case "yesno":
      if (value.kind === "symbol" && YESNO.includes(value.value)) return undefined;
      return because("misfit.notYesNo", { value: show(value) });
    case "text":
    case "email":
    case "phone":
    case "date":
      if (value.kind === "string") return undefined;
      return because("misfit.notAString", { value: show(value), kind: t.kind, raw: String(value.value) });
  }
}

type MisfitKey = Extract<MessageKey, `misfit.${string}`>;

/** The value a fitting branch value lowers to, as a key: `yes` and `true` are one answer, as are `5` and `5.0`. */
function answerKey(t: FieldType, value: Literal): string {
  if (t.kind === "yesno") return value.value === "yes" || value.value === "true" ? "yes" : "no";
  return value.kind === "number" ? `n:${value.value}` : `s:${value.value}`;
}

export const branchValues: Check = {
  name: "branch-values",
  codes: ["LF209", "LF217"],
  run({ program, bag }) {
    for (const step of program.steps) {
      if (step.kind !== "ask" || step.when.length === 0) continue;
      const field = program.fields.get(step.field.text);
      if (!field) continue;
      const first = new Map<string, WhenBranch>();
      for (const w of step.when) {
        const bad = misfit(field.type, w.value);
        if (bad) {
          bag.report("branch-values.misfit", { why: bad.why, field: field.name.text }, { span: w.value.span, hint: bad.hint });
          continue;
        }
        const key = answerKey(field.type, w.value);
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, w);
          continue;
        }
        const same = earlier.target.text === w.target.text;
        bag.report(same ? "branch-values.twiceSameTarget" : "branch-values.twice", { value: show(w.value), first: earlier.target.text, target: w.target.text }, {
          span: w.value.span,
          related: [note("branch-values.firstBranch", { target: earlier.target.text }, earlier.value.span)],
        });
      }
    }
  },
};
