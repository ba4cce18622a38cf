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

/** A field's value, if it is held for at least one purpose that may use it now. */
export const heldValue = (turn: Turn, field: string): FieldValue | undefined => {
  const h = turn.state.values[fieldIndex(turn, field)];
  return h && h.uses.some((u) => usable(turn, u)) ? h.value : undefined;
};

/** The purposes of an ask whose basis holds now; the others are dropped (guarantee 1). */
export const lawfulPurposes = (turn: Turn, node: number): number[] => turn.tables.asked[node]!.filter((p) => basisHolds(turn, turn.state, p));

/**
 * Store a value for purposes, collected now: it replaces the field's value;
 * the field's other purposes keep their entries, now for the new value.
 */
export const store = (turn: Turn, field: number, value: FieldValue, purposes: readonly number[]): void => {
  const s = turn.state;
  const uses = (s.values[field]?.uses ?? []).filter((u) => !purposes.includes(u.purpose));
  for (const purpose of purposes) {
    const r = turn.machine.purposes[purpose]!.retention;
    uses.push({ at: turn.now, purpose, until: r.kind === "period" ? addDuration(turn.now, r.period) : null });
  }
  (s.values = [...s.values])[field] = { uses: uses.sort((a, b) => a.purpose - b.purpose), value };
};

/** Remove the uses `drops` matches and erase values left with none. Returns the erased fields' names. */
export const drop = (turn: Turn, drops: (use: Use) => boolean): string[] => {
  const erased: string[] = [];
  // New holdings, not changed ones: the state before the operation shares them.
  const before = turn.state.values;
  const after = before.map((h, i): Holding | null => {
    const uses = h?.uses.filter((u) => !drops(u));
    return uses?.length ? (uses.length === h!.uses.length ? h : { uses, value: h!.value }) : (uses && erased.push(turn.machine.fields[i]!.name), null);
  });
  if (after.some((h, i) => h !== before[i])) turn.state.values = after;
  return erased;
};

/** Exactly what one purpose may use now, by field name. */
export const dataFor = (turn: Turn, purpose: number): Record<string, FieldValue> =>
  Object.fromEntries(turn.state.values.flatMap((h, f) => (h?.uses.some((u) => u.purpose === purpose && usable(turn, u)) ? [[turn.machine.fields[f]!.name, h.value]] : [])));
