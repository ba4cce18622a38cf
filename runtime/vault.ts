/**
 * Holding values: which purposes have a lawful basis now (Art. 6(1)), what
 * each purpose may use (Art. 5(1)(b), purpose limitation), and storing and
 * dropping values with the purposes they are held for (Art. 5(1)(e),
 * storage limitation). Pure: reads a turn's state, replaces what it changes.
 */
import type { FieldValue } from "./machine.ts";
import type { Holding, State, Use } from "./state.ts";
import { type Turn, fieldIndex } from "./turn.ts";
import { addDuration } from "./time.ts";

/** Whether a purpose's lawful basis holds at `now`: consent given and not lapsed; no objection to the others. */
export const basisHolds = (turn: Pick<Turn, "machine" | "now">, s: State, purpose: number): boolean => {
  const c = s.consents[purpose];
  return turn.machine.purposes[purpose]!.basis === "consent" ? c?.status === "given" && (c.until === null || turn.now < c.until) : !s.objections.includes(purpose);
};

/** A use of a value is allowed now: its basis holds and its retention has not run out. */
export const usable = (turn: Turn, use: Use): boolean => basisHolds(turn, turn.state, use.purpose) && (use.until === null || turn.now < use.until);

/**
 * A field's value as the conversation shows and branches on it: the one
 * collected last among those held for a purpose that may use it now (of
 * `only`, if given).
 */
export const heldValue = (turn: Turn, field: string, only?: readonly number[]): FieldValue | undefined => {
  let v: FieldValue | undefined;
  let at = -1 / 0;
  for (const u of turn.state.values[fieldIndex(turn, field)] ?? []) if (usable(turn, u) && u.at >= at && (!only || only.includes(u.purpose))) (at = u.at), (v = u.value);
  return v;
};

/**
 * The purposes of an ask whose basis holds now; the others are dropped
 * (guarantee 1). When all of them hold, as they mostly do, the machine's own
 * list: every answer asks this three times, and a copy each time is garbage.
 */
export const lawfulPurposes = (turn: Turn, node: number): readonly number[] => {
  const asked = turn.tables.asked[node]!;
  for (const p of asked) if (!basisHolds(turn, turn.state, p)) return asked.filter((p) => basisHolds(turn, turn.state, p));
  return asked;
};

/**
 * Store a value for purposes, collected now. Each purpose keeps the value it
 * was given (Art. 5(1)(b)): the value replaces only these purposes' own, and
 * the field's other purposes keep theirs, even when it differs.
 */
export const store = (turn: Turn, field: number, value: FieldValue, purposes: readonly number[]): void => {
  const s = turn.state;
  const uses = (s.values[field] ?? []).filter((u) => !purposes.includes(u.purpose));
  for (const purpose of purposes) {
    const r = turn.machine.purposes[purpose]!.retention;
    uses.push({ at: turn.now, purpose, until: r.kind === "period" ? addDuration(turn.now, r.period) : null, value });
  }
  // Sorting copies the array first, even one of one use: most answers store for one purpose.
  (s.values = [...s.values])[field] = uses[1] ? uses.sort((a, b) => a.purpose - b.purpose) : uses;
};

/**
 * Remove the uses `drops` matches. Returns the names of the fields one of
 * whose values is no longer held for any purpose: erased.
 */
export const drop = (turn: Turn, drops: (use: Use) => boolean): string[] => {
  const erased: string[] = [];
  const before = turn.state.values;
  // Most drops find nothing (an end with no `retain session` value, a purge with nothing run out): then nothing is copied.
  if (!before.some((h) => h?.some(drops))) return erased;
  // New holdings, not changed ones: the state before the operation shares them.
  const after = before.map((h, i): Holding | null => {
    const uses = h?.filter((u) => !drops(u));
    if (h?.some((u) => !uses!.some((k) => k.value === u.value))) erased.push(turn.machine.fields[i]!.name);
    return uses?.length ? (uses.length === h!.length ? h : uses) : null;
  });
  if (after.some((h, i) => h !== before[i])) turn.state.values = after;
  return erased;
};

/** Exactly what one purpose may use now, by field name: the value it was given. */
export const dataFor = (turn: Turn, purpose: number): Record<string, FieldValue> =>
  Object.fromEntries(
    turn.state.values.flatMap((h, f) => {
      const u = h?.find((u) => u.purpose === purpose && usable(turn, u));
      return u ? [[turn.machine.fields[f]!.name, u.value]] : [];
    }),
  );
