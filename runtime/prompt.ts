/**
 * What a person is shown: the current prompt, its texts with `{field}`
 * filled in from what may be used now, and the message of a refused answer.
 * Pure: reads a turn, changes nothing.
 */
import type { FieldDef, TextTemplate, WaitingNode } from "./machine.ts";
import type { RefusalCode } from "./types.ts";
import { type Shown, type Turn, fieldIndex, purposeIndex } from "./turn.ts";
import { heldValue, lawfulPurposes } from "./vault.ts";

/** A text with each `{field}` as held now: a choice's label, yes/no for a boolean, nothing for a value not held. */
export const render = (turn: Turn, text: TextTemplate): string =>
  // Most texts are one string with nothing to fill in.
  text.length === 1 && typeof text[0] === "string"
    ? text[0]
    : text
        .map((x) => {
          if (typeof x === "string") return x;
          const v = heldValue(turn, x.field);
          const type = turn.machine.fields[fieldIndex(turn, x.field)]?.type;
          return v === undefined ? "" : type?.kind === "choice" ? type.options.find((o) => o.value === v)?.label : typeof v === "boolean" ? (v ? "yes" : "no") : v;
        })
        .join("");

/** The prompt of the current node (or the erased prompt once erasure ended a running conversation). */
export const promptOf = (turn: Turn): Shown => {
  const s = turn.state;
  const n = turn.machine.nodes[s.node] as WaitingNode;
  if (n.kind !== "end" && s.outcome !== null)
    return {
      kind: "erased",
      step: null,
      // What erasure kept, and why (Art. 17(3)(b)): one line per purpose still holding data.
      messages: turn.machine.purposes.flatMap((p, i) => (p.kept && s.values.some((h) => h?.some((u) => u.purpose === i)) ? [p.kept] : [])),
      text: turn.options.erasedText ?? "Your data has been erased.",
    };
  const kind = n.kind;
  const step = n.id;
  const messages = s.said.map((i) => render(turn, (turn.machine.nodes[i] as { text: TextTemplate }).text));
  const text = render(turn, n.text);
  const infos = turn.tables.infos;
  // One literal per kind, no spread: in V8, members added after a spread go one by one, slowly.
  if (kind === "end") return { kind, step, messages, text, outcome: n.outcome ?? step } as Shown;
  if (kind === "consent") return { kind, step, messages, text, purpose: n.purpose, purposes: [infos[purposeIndex(turn, n.purpose)]] } as Shown;
  const type = turn.machine.fields[fieldIndex(turn, n.field)]!.type;
  return {
    kind,
    step,
    messages,
    text,
    field: n.field,
    fieldType: type.kind,
    choices: type.kind === "choice" ? type.options : [],
    optional: n.optional,
    purposes: lawfulPurposes(turn, s.node).map((i) => infos[i]),
    attempts: s.attempts,
  } as Shown;
};

/**
 * A refusal with a message to show: the caller's own, else a short sentence
 * naming what is wanted — the field's `hint`, which the compiler writes
 * ("Please give your email address.").
 */
export const refusal = (turn: Turn, code: RefusalCode, field?: FieldDef) => ({
  ok: false as const,
  code,
  message:
    turn.options.messages?.[code] ??
    (code === "too_long" || code === "out_of_range"
      ? `That is ${code.replaceAll("_", " ")}.`
      : field
        ? field.hint
        : "Please answer yes or no."),
});
