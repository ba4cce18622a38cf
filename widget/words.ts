/**
 * What the widget says in its own words: lawful bases, retention, refusals
 * the runtime words tersely, and the characters an answer may not carry.
 */
import type { Basis, FieldDef, RefusalCode, Retention } from "lawflow/runtime";

export const BASIS: Record<Basis, string> = {
  consent: "your consent",
  contract: "a contract with you",
  legal_obligation: "a legal obligation",
  vital_interests: "your vital interests",
  public_task: "a task in the public interest",
  legitimate_interests: "our legitimate interests",
};

export function retentionText(r: Retention): string {
  if (r.kind === "session") return "for this conversation only";
  if (r.kind === "until_withdrawn") return "until you withdraw consent";
  const { amount, unit } = r.period;
  const span = `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
  return r.orUntilWithdrawn ? `${span}, or until you withdraw consent` : span;
}

/**
 * C0 and C1 controls, and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069). With them "‮txt.exe" shows as
 * "exe.txt": an answer must read as what it is. Marks (LRM, RLM, ALM) stay;
 * they reorder nothing around them.
 */
const HIDDEN = /[\0-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/;
const HIDDEN_ALL = new RegExp(HIDDEN.source, "g");

/** A typed answer with tabs and line breaks as spaces; `undefined` if it still holds a control character. */
export function cleanAnswer(text: string): string | undefined {
  const spaced = text.replace(/[\t\n\r]/g, " ");
  return HIDDEN.test(spaced) ? undefined : spaced;
}

/** Text for display: a hidden character shows as U+FFFD, never reorders what follows. */
export const shown = (text: string): string => text.replace(HIDDEN_ALL, "\uFFFD");

export const HIDDEN_REFUSAL = "Please remove the invisible control characters from your answer (for example a right-to-left override).";

/** The runtime's refusal, made specific where it names no bounds. */
export function refusalText(code: RefusalCode, message: string, field: FieldDef | undefined): string {
  const t = field?.type;
  if (code === "out_of_range" && t && "min" in t) return `Please give a number from ${t.min} to ${t.max}.`;
  if (code === "too_long" && t?.kind === "text") return `Please keep it to ${t.max} characters.`;
  return message;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** `14:05`, in the visitor's time zone. */
export const clockTime = (at: number): string => {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
/** `2026-03-06`: unambiguous in every locale. */
export const day = (iso: string): string => iso.slice(0, 10);
