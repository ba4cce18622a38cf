/**
 * The person's rights while a conversation runs and after it ends:
 * withdrawal (Art. 7(3)), objection (Art. 21), erasure (Art. 17),
 * rectification (Art. 16), access and portability (Art. 15, 20), and purging
 * what has run out (Art. 5(1)(e)). Pure: each works on a turn.
 */
import type { Decision, ExportData, Receipt } from "./types.ts";
import { fail } from "./errors.ts";
import { refusal } from "./prompt.ts";
import { newEntry } from "./receipts.ts";
import { iso } from "./time.ts";
import { type Turn, emit, fieldIndex, purposeIndex } from "./turn.ts";
import { check } from "./validate.ts";
import { drop, usable } from "./vault.ts";
import { settle } from "./walk.ts";

/** Append a receipt to the ledger, made now. */
export const record = (turn: Turn, decision: Decision, purpose?: string, request?: string): void => {
  turn.state.ledger = [...turn.state.ledger, newEntry(turn.machine, decision, turn.now, turn.options, purpose, request)];
};

/**
 * Withdraw consent or object: the purpose stops at once and a receipt says
 * so. It is removed from every value, and values left with none are erased
 * (guarantee 3). Returns the erased fields. An objection to direct marketing
 * (Art. 21(2)–(3)) works whatever the basis and ends a consent too; its
 * consent is never asked again.
 */
export const withdraw = (turn: Turn, purpose: string, object?: boolean): string[] => {
  const s = turn.state;
  const i = purposeIndex(turn, purpose);
  const p = turn.machine.purposes[i]!;
  const given = s.consents[i]?.status === "given";
  const type = object ? "objected" : "withdrawn";
  if (object ? !p.directMarketing && p.basis !== "legitimate_interests" && p.basis !== "public_task" : p.basis !== "consent") fail("wrong_basis", purpose);
  if (object ? !s.objections.includes(i) : given) {
    if (object) s.objections = [...s.objections, i];
    if (given) (s.consents = [...s.consents])[i] = { at: turn.now, status: "withdrawn", until: null };
    record(turn, type, purpose);
  }
  const erased = drop(turn, (u) => u.purpose === i);
  emit(turn, { type, purpose, erased });
  settle(turn);
  return erased;
};

/**
 * Erasure: every value goes but those Art. 17(3)(b) exempts, which stay for
 * their purposes until their retention runs out (the erased prompt says
 * why); the ledger keeps a record that names none; a running conversation ends.
 */
export const erase = (turn: Turn): string[] => {
  const s = turn.state;
  const erased = drop(turn, (u) => !turn.machine.purposes[u.purpose]!.kept);
  record(turn, "erased");
  emit(turn, { type: "erased", fields: erased });
  if (s.outcome === null) {
    s.outcome = "erased";
    s.said = [];
    emit(turn, { type: "ended", outcome: "erased" });
  }
  return erased;
};

/** Correct a held value, validated like an answer: every purpose's value of the field; purposes and times stay. */
export const rectify = (turn: Turn, field: string, value: unknown) => {
  const s = turn.state;
  const f = fieldIndex(turn, field);
  const h = s.values[f];
  if (f < 0) fail("unknown_field", field);
  if (!h) fail("not_held", field);
  const v = check(turn.machine.fields[f]!.type, value);
  if (typeof v === "object") return refusal(turn, v.code, turn.machine.fields[f]);
  (s.values = [...s.values])[f] = h!.map((u) => ({ ...u, value: v }));
  emit(turn, { type: "rectified", field });
  return { ok: true as const };
};

/** Erase what has run out at the turn's time, or lost its basis (lapsed consent included). */
export const purge = (turn: Turn): string[] => {
  const erased = drop(turn, (u) => !usable(turn, u));
  emit(turn, { type: "purged", fields: erased });
  settle(turn);
  return erased;
};

/** Everything held, per purpose with basis and times; consents; objections; the receipts given. Plain JSON. */
export const exportData = (turn: Turn, receipts: Receipt[]): ExportData => {
  const { machine: m, state: s } = turn;
  const name = (i: number) => m.purposes[i]!.name;
  const time = (x: number | null) => (x === null ? null : iso(x));
  return JSON.parse(
    JSON.stringify({
      flow: m.id,
      version: m.version,
      controller: m.controller,
      exportedAt: iso(turn.now),
      // One entry per value: a field asked for two purposes may hold two.
      data: s.values.flatMap((h, f) =>
        [...new Set(h?.map((u) => u.value))].map((value) => ({
          field: m.fields[f]!.name,
          label: m.fields[f]!.label,
          value,
          purposes: h!
            .filter((u) => u.value === value)
            .map((u) => ({ purpose: name(u.purpose), basis: m.purposes[u.purpose]!.basis, collectedAt: iso(u.at), expiresAt: time(u.until) })),
        })),
      ),
      consents: s.consents.flatMap((c, i) => (c ? [{ purpose: name(i), status: c.status, at: iso(c.at), expiresAt: time(c.until) }] : [])),
      objections: s.objections.map(name),
      receipts,
    }),
  );
};
