/**
 * Raw chat input (`answerText`): the commands a person can type ("forget
 * me", "what do you know about me", a flow's `withdraw on` phrases), the
 * phrases that decline a question, and answers typed as text ("42", "yes",
 * a choice's label or number). A separate entry (`lawflow/runtime/chat`):
 * a host that answers with typed values only (buttons, forms) does not
 * download it.
 *
 * ```ts
 * import { chatReader } from "lawflow/runtime/chat";
 * const conversation = createConversation(machine, { chatReader });
 * conversation.answerText("yes");
 * ```
 *
 * It only reads: what it gives is validated and stored by the runtime as a
 * typed answer would be.
 */
import type { FieldType, MachineDefinition } from "./machine.ts";
import type { ChatReader } from "./types.ts";
import { command, norm, yesNo } from "./commands.ts";

export { command, norm, yesNo, type Command } from "./commands.ts";
export type { ChatReader };

/** A decimal number as a person types it: no exponent, no digit grouping. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * What raw input answers (`Chat.read`). Every step runs in time linear in
 * the input, and long input is never normalised: it cannot be a phrase.
 */
export function read(text: unknown, type: FieldType | undefined, m: MachineDefinition): unknown {
  if (typeof text != "string") return text;
  if (!type) return yesNo(text, m.phrases);
  const phrase = text.length < 200 ? norm(text) : "-";
  if (!phrase) return "";
  if (m.phrases.skip.includes(phrase)) return null;
  const s = text.trim();
  const k = type.kind;
  if (k === "yesno") return yesNo(s, m.phrases) ?? { code: "not_yesno" };
  // Not a number is refused by the runtime as `not_integer` or `not_number`.
  if (k === "integer" || k === "number") return s.length > 40 || !NUMBER.test(s) ? NaN : +s;
  if (k === "choice") {
    // A choice's value, its label, or its number in the list (from 1).
    const i = /^\d{1,4}$/.test(s) ? +s - 1 : -1;
    const n = s.length < 500 ? norm(s) : "";
    return type.options.find((c, j) => c.value === s || j === i || (n && (norm(c.value) === n || norm(c.label) === n)))?.value ?? s;
  }
  return text;
}

/** The reader to hand a conversation: `createConversation(machine, { chatReader })`. */
export const chatReader: ChatReader = { command, read };
