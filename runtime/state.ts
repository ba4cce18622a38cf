/**
 * The state of a conversation: one plain, JSON-safe value that every pure
 * module of the runtime reads and the snapshot prints. Author-given names
 * never appear as keys: fields, purposes and nodes are referred to by their
 * index in the machine. Every object of a state is built with its keys in
 * sorted order (as declared below), so `JSON.stringify` prints it in
 * canonical form without sorting anything.
 */
import type { FieldValue, MachineDefinition } from "./machine.ts";
import type { Decision } from "./types.ts";

/**
 * A value held for one purpose, times in epoch milliseconds. Each purpose
 * holds the value it was given: asked again for another purpose, a field
 * may hold another value for that one (Art. 5(1)(b)).
 */
export interface Use {
  /** When the value was collected for this purpose. */
  readonly at: number;
  /** The purpose's index. */
  readonly purpose: number;
  /** When its retention runs out; null for `until withdrawn` and `session`. */
  readonly until: number | null;
  readonly value: FieldValue;
}

/** A field's values, one per purpose it is held for (never none), in purpose order. */
export type Holding = readonly Use[];

/** A consent decision and, for a given consent, when it lapses (`consent valid`). */
export interface ConsentStatus {
  readonly at: number;
  readonly status: "given" | "refused" | "withdrawn";
  readonly until: number | null;
}

/**
 * One entry of the consent and rights ledger, as a conversation keeps it:
 * only what neither the machine (flow, version), nor the entry's place
 * (seq, prev), nor its own request (requestHash) gives back; receipts.ts
 * makes the whole receipt. `hash` is filled in the first time the entry is
 * read (it is of content that never changes, so when it is computed does
 * not change it); nothing else of an entry ever changes.
 */
export interface LedgerEntry {
  readonly at: number;
  /** Who answered, when the host said (`ConversationOptions.by`); absent otherwise, and then absent from the hash. */
  readonly by?: string | undefined;
  readonly decision: Decision;
  hash: string | undefined;
  readonly method: string;
  readonly notice: string | undefined;
  readonly purpose: string | undefined;
  readonly request: string | undefined;
  /** The flow version the entry was made on, when it is not the machine's own (a conversation moved to a newer version: versions.ts). */
  readonly version?: string | undefined;
}

/**
 * The receipts a conversation was restored with, not yet read: their text
 * exactly as the snapshot held it (a JSON array of `LedgerEntry`), and their
 * count and the hash of the last one (64 zeros for none), which the
 * snapshot's seal covers. Restoring neither parses nor hashes the text; it
 * is read and checked against `count` and `head` when the ledger is read
 * (receipts.ts `ledgerOf`), and written back as it is by the next snapshot.
 */
export interface Kept {
  readonly count: number;
  readonly head: string;
  readonly text: string;
}

export interface State {
  /** Refused answers at the current node. */
  readonly attempts: number;
  /** Consent by purpose index (null: never asked). */
  readonly consents: readonly (ConsentStatus | null)[];
  /** The receipts restored from a snapshot, as text, which come before `ledger` (undefined in a conversation never stored). */
  readonly kept?: Kept | undefined;
  /** The consent and rights ledger's entries since `kept` (all of them without it), oldest first. */
  readonly ledger: readonly LedgerEntry[];
  /** The current waiting node. */
  readonly node: number;
  /** Purposes objected to (Art. 21), by index. */
  readonly objections: readonly number[];
  /** The outcome once ended (`"erased"` when erasure ended it). */
  readonly outcome: string | null;
  /** The say nodes passed since the previous prompt. */
  readonly said: readonly number[];
  /** Held values by field index. */
  readonly values: readonly (Holding | null)[];
}

/** The state before a conversation's first walk: at the machine's start, nothing held. */
export const initialState = (m: MachineDefinition): State => ({
  attempts: 0,
  consents: m.purposes.map(() => null),
  ledger: [],
  node: m.start,
  objections: [],
  outcome: null,
  said: [],
  values: m.fields.map(() => null),
});

/**
 * Whether an operation changed anything: members are replaced, never changed
 * in place. A `for…in` loop, as it runs after every operation: listing the
 * keys first allocates an array each time.
 */
export const sameState = (a: State, b: State): boolean => {
  for (const k in a) if (a[k as keyof State] !== b[k as keyof State]) return false;
  return true;
};
