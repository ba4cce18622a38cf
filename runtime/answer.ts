/**
 * Answers: a value for the current ask (validated, stored for exactly the
 * purposes with a lawful basis now) or a decision at a consent request
 * (recorded with its receipt). A refused answer counts an attempt, and with
 * `retry N then -> ID` the Nth moves on. Pure: works on a turn.
 */
import type { AskNode, ConsentNode, FieldValue } from "./machine.ts";
import type { ChatReader, RefusalCode } from "./types.ts";
import { fail } from "./errors.ts";
import { refusal } from "./prompt.ts";
import { record } from "./rights.ts";
import { addDuration } from "./time.ts";
import { type Turn, emit, fieldIndex, purposeIndex } from "./turn.ts";
import { check } from "./validate.ts";
import { heldValue, lawfulPurposes, store } from "./vault.ts";
import { branch, walk } from "./walk.ts";

export type Answered = { ok: true; command?: "skip" } | ReturnType<typeof refusal>;

const refuse = (turn: Turn, step: string, code: RefusalCode) => {
  const s = turn.state;
  const n = turn.machine.nodes[s.node] as AskNode;
  emit(turn, { type: "refused", step, code });
  s.attempts++;
  if (n.retry && s.attempts >= n.retry.limit) walk(turn, n.retry.next);
  return refusal(turn, code, turn.machine.fields[fieldIndex(turn, n.field)]);
};

/** Store a value for purposes and say so: the `stored` event names the field and the purposes. */
const keep = (turn: Turn, field: string, v: FieldValue, purposes: readonly number[]) => {
  store(turn, fieldIndex(turn, field), v, purposes);
  emit(turn, { type: "stored", field, purposes: purposes.map((i) => turn.machine.purposes[i]!.name) });
};

const decide = (turn: Turn, n: ConsentNode, step: string, value: unknown, chat: ChatReader | undefined): Answered => {
  const s = turn.state;
  const yes = chat ? chat.read(value, undefined, turn.machine) : value;
  if (typeof yes !== "boolean") return refuse(turn, step, chat ? "not_yesno" : "wrong_type");
  const i = purposeIndex(turn, n.purpose);
  const decision = yes ? "given" : "refused";
  const lasts = turn.machine.purposes[i]!.consentValid;
  (s.consents = [...s.consents])[i] = { at: turn.now, status: decision, until: yes && lasts ? addDuration(turn.now, lasts) : null };
  record(turn, decision, n.purpose, turn.tables.requests[s.node]);
  emit(turn, { type: "consent", purpose: n.purpose, decision });
  // Data already held joins the purpose only here, named by the step the person answered yes to.
  if (yes)
    for (const name of n.keeps ?? []) {
      const v = heldValue(turn, name);
      if (v !== undefined) keep(turn, name, v, [i]);
    }
  walk(turn, yes ? n.given : n.refused);
  return { ok: true };
};

/** Answer the current step, typed, or with raw chat input that `chat` reads. */
export const answer = (turn: Turn, step: string, value: unknown, chat?: ChatReader): Answered => {
  const s = turn.state;
  if (s.outcome !== null) fail("ended", step);
  const n = turn.machine.nodes[s.node] as AskNode | ConsentNode;
  if (step !== n.id) fail("not_current_step", step);
  if (n.kind === "consent") return decide(turn, n, step, value, chat);
  const purposes = lawfulPurposes(turn, s.node);
  // Time passed since the question was put and no purpose has a basis any more: nothing may be kept.
  if (!purposes.length) return walk(turn, n.next), { ok: true };
  const type = turn.machine.fields[fieldIndex(turn, n.field)]!.type;
  // Raw input read first: a phrase that declines (null), nothing at all (""), a refusal, or a value to check.
  const said = chat ? chat.read(value, type, turn.machine) : value;
  if (said === null || (chat && said === "")) {
    if (!n.optional) return refuse(turn, step, said === null ? "not_optional" : "empty");
    emit(turn, { type: "skipped", step });
    walk(turn, n.next);
    return chat ? { ok: true, command: "skip" } : { ok: true };
  }
  const v = chat && typeof said === "object" ? (said as { code: RefusalCode }) : check(type, said);
  if (typeof v === "object") return refuse(turn, step, v.code);
  keep(turn, n.field, v, purposes);
  walk(turn, branch(n, v));
  return { ok: true };
};
