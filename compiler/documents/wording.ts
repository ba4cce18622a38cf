/**
 * How the documents word the facts of a flow: durations, retention, field
 * types and conditions, as plain text a person reads. Each fact is worded
 * here once, so the notice, the record and the diagram say it alike.
 */
import type { Condition, Duration, FieldType, Operand, Retention } from "../ast.ts";
import type { RetentionFacts } from "./model.ts";

/**
 * An identifier of the source as words, for a document a person reads:
 * `LeadCapture` → "Lead capture", `birth_year` → "birth year". Used where the
 * author declared no label, so no raw identifier reaches a notice or record.
 */
export function humanName(identifier: string, capitalise = false): string {
  const words = identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter((w) => w !== "")
    // An acronym (`CRM`, `EU`) keeps its capitals; other words are lower case.
    .map((w) => (/^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase()));
  const text = words.join(" ");
  return capitalise ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function durationText(d: { readonly amount: number; readonly unit: Duration["unit"] }): string {
  const unit = d.amount === 1 ? d.unit.slice(0, -1) : d.unit;
  return `${d.amount} ${unit}`;
}

export function isoDuration(d: { readonly amount: number; readonly unit: Duration["unit"] }): string {
  const letter = { days: "D", weeks: "W", months: "M", years: "Y" }[d.unit];
  return `P${d.amount}${letter}`;
}

export function retentionFacts(r: Retention | undefined): RetentionFacts {
  if (r === undefined) return { kind: "undeclared", orUntilWithdrawn: false, text: "not declared" };
  switch (r.kind) {
    case "session":
      return { kind: "session", orUntilWithdrawn: false, text: "until the conversation ends" };
    case "until_withdrawn":
      return { kind: "until_withdrawn", orUntilWithdrawn: true, text: "until you withdraw your consent" };
    case "period": {
      const period = { amount: r.period.amount, unit: r.period.unit };
      const base = `${durationText(period)} after it is collected`;
      return {
        kind: "period",
        period,
        orUntilWithdrawn: r.orUntilWithdrawn,
        text: r.orUntilWithdrawn ? `${base}, or until you withdraw your consent if that is sooner` : base,
        iso: isoDuration(period),
      };
    }
  }
}

export function fieldTypeText(t: FieldType): string {
  switch (t.kind) {
    case "text":
      return `text (at most ${t.max} characters)`;
    case "email":
      return "email address";
    case "phone":
      return "phone number";
    case "integer":
      return `whole number (${t.min} to ${t.max})`;
    case "number":
      return `number (${t.min} to ${t.max})`;
    case "yesno":
      return "yes or no";
    case "date":
      return "date";
    case "choice":
      return `one of: ${t.options.map((o) => o.label.value).join(", ")}`;
  }
}

function operandText(o: Operand): string {
  switch (o.kind) {
    case "name":
      return o.name.text;
    case "string":
      return JSON.stringify(o.value);
    case "number":
      return String(o.value);
    case "symbol":
      return o.value;
  }
}

/** A condition as written (normalised spacing, parentheses where needed). */
export function conditionText(c: Condition, parent = 0): string {
  const prec = c.kind === "or" ? 1 : c.kind === "and" ? 2 : 3;
  let s: string;
  switch (c.kind) {
    case "or":
    case "and":
      s = `${conditionText(c.left, prec)} ${c.kind} ${conditionText(c.right, prec + 1)}`;
      break;
    case "not":
      s = `not ${conditionText(c.operand, 3)}`;
      break;
    case "known":
      s = `known(${c.field.text})`;
      break;
    case "given":
      s = `given(${c.purpose.text})`;
      break;
    case "compare":
      s = `${operandText(c.left)} ${c.op} ${operandText(c.right)}`;
      break;
  }
  return prec < parent ? `(${s})` : s;
}
