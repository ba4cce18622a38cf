/**
 * The consent and rights ledger (Art. 7(1): demonstrable consent; Art. 5(2):
 * accountability). Entries are appended, never changed; each one's hash
 * covers the hash of the one before it, so a changed, dropped or reordered
 * entry breaks the chain. The ledger holds no personal data, so it outlives
 * erasure.
 *
 * A state keeps each entry short (`LedgerEntry`, state.ts); the whole
 * receipt is put together when it is read. The notice is kept: it is the one
 * the person saw, which a later build of the same version may not have.
 *
 * An entry is hashed when it is first read (a snapshot, `receipts()`, an
 * export), not when it is made: hashing is most of what a consent decision
 * costs, and a conversation that is never stored or read needs none of it.
 */
import type { MachineDefinition } from "./machine.ts";
import type { Kept, LedgerEntry, State } from "./state.ts";
import type { TurnOptions } from "./turn.ts";
import type { Decision, Receipt } from "./types.ts";
import { fail } from "./errors.ts";
import { iso } from "./time.ts";

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex: the runtime's own, or one the host hands in. */
export type Sha256 = (text: string) => string;

/** The `prev` of the first receipt, and the head of an empty ledger. */
export const ZERO = "0".repeat(64);

/** An entry rebuilt member by member in sorted order, from what it is made of or from a snapshot (where anything else it holds is left behind). */
export const ledgerEntry = (e: LedgerEntry): LedgerEntry => ({
  at: e.at,
  by: e.by,
  decision: e.decision,
  hash: e.hash,
  method: e.method,
  notice: e.notice,
  purpose: e.purpose,
  request: e.request,
  version: e.version,
});

/** A new entry, made now, recorded as the options say; the machine's notice is the one the person saw. */
export const newEntry = (m: MachineDefinition, decision: Decision, at: number, o: TurnOptions, purpose?: string, request?: string): LedgerEntry =>
  ledgerEntry({ at, by: o.by, decision, hash: undefined, method: o.method ?? "chat", notice: m.notice?.hash, purpose, request });

/**
 * The code a person keeps for a receipt: its place and the first 64 bits of
 * its hash, which covers every receipt before it. A ledger rewritten at or
 * before that place (even with the chain recomputed) no longer gives it.
 */
export const receiptCode = (seq: number, hash: string): string => seq + "-" + hash.slice(0, 16);

/**
 * Each entry's request hash, made once: a whole receipt is made every time
 * the ledger is read, and an entry's request never changes.
 */
const requestHashes = new WeakMap<LedgerEntry, string>();
const requestHash = (e: LedgerEntry, sha256: Sha256) => {
  let h = requestHashes.get(e);
  if (h === undefined) requestHashes.set(e, (h = sha256(e.request!)));
  return h;
};

/**
 * The whole receipt for entry `i` of `list`, with the given hash; `k`, the
 * receipts kept as text that come before the list, gives the first one its
 * place and `prev`. Members in sorted order: printed by `JSON.stringify`
 * with no hash (`undefined` is left out), this is the canonical JSON the
 * hash is of.
 */
const receipt = (m: MachineDefinition, list: readonly LedgerEntry[], i: number, sha256: Sha256, k?: Kept, hash?: string): Receipt => {
  const e = list[i]!;
  return {
    at: iso(e.at),
    by: e.by,
    decision: e.decision,
    flow: m.id,
    hash: hash!,
    method: e.method,
    notice: e.notice,
    prev: i ? list[i - 1]!.hash! : k ? k.head : ZERO,
    purpose: e.purpose,
    request: e.request,
    requestHash: e.request === undefined ? undefined : requestHash(e, sha256),
    seq: i + (k ? k.count : 0),
    version: e.version ?? m.version,
  };
};

const hashOf = (m: MachineDefinition, list: readonly LedgerEntry[], i: number, sha256: Sha256, k?: Kept) => sha256(JSON.stringify(receipt(m, list, i, sha256, k)));

/** Hash the entries not hashed yet, in order, each linked to the one before (the first to `k`'s head). */
export const chain = (m: MachineDefinition, list: readonly LedgerEntry[], sha256: Sha256, k?: Kept): void => {
  for (let i = 0; i < list.length; i++) if (!list[i]!.hash) list[i]!.hash = hashOf(m, list, i, sha256, k);
};

/** The ledger's count and last hash (`State.kept`'s `count` and `head`, with the entries made since), those entries hashed. */
export const headOf = (m: MachineDefinition, s: State, sha256: Sha256): Omit<Kept, "text"> => {
  const { kept: k, ledger: l } = s;
  chain(m, l, sha256, k);
  return { count: (k ? k.count : 0) + l.length, head: l[0] ? l[l.length - 1]!.hash! : k ? k.head : ZERO };
};

/** The whole receipts of a whole ledger (`ledgerOf`), hashed. */
export const receipts = (m: MachineDefinition, list: readonly LedgerEntry[], sha256: Sha256): Receipt[] => (
  chain(m, list, sha256), list.map((e, i) => receipt(m, list, i, sha256, undefined, e.hash))
);

/**
 * The whole receipts of a state's ledger whose place (`seq`) is `from` or
 * later, hashed. Kept receipts are read (`ledgerOf`) only when `from` is
 * below their count: the entries made since chain from the sealed head, so
 * a host that wants only what it has not stored yet reads no kept text.
 */
export const receiptsFrom = (m: MachineDefinition, s: State, sha256: Sha256, from = 0): Receipt[] => {
  const k = s.kept && from < s.kept.count ? undefined : s.kept;
  const list = k ? s.ledger : ledgerOf(m, s, sha256);
  chain(m, list, sha256, k);
  return list.map((e, i) => receipt(m, list, i, sha256, k, e.hash)).filter((r) => r.seq >= from);
};

/** Whether every entry's hash is still right, given its place and the one before it. */
export const verifyChain = (m: MachineDefinition, list: readonly LedgerEntry[], sha256: Sha256): boolean => list.every((e, i) => e.hash === hashOf(m, list, i, sha256));

/** The entries read from kept text, each checked as the state that holds them is. */
const read = new WeakMap<Kept, readonly LedgerEntry[]>();

/**
 * The whole ledger of a state, oldest first, its new entries hashed. Kept
 * receipts are read the first time: each entry rebuilt from what an entry
 * holds, members converted to their types, so that the list must print back
 * exactly as the kept text; the chain recomputed and ending at the count and
 * head the seal covers; and every consent decision and objection the state
 * holds with its receipt (a consent ended by an objection has the objection
 * as its last one). Anything else is `snapshot_tampered`, and nothing has
 * changed: the caller has not yet made anything of it.
 */
export const ledgerOf = (m: MachineDefinition, s: State, sha256: Sha256): readonly LedgerEntry[] => {
  const k = s.kept;
  chain(m, s.ledger, sha256, k);
  if (!k) return s.ledger;
  let old = read.get(k);
  if (!old) {
    try {
      // Each entry rebuilt from what an entry holds; a time that is not a
      // number, a member that is not a string, then stops the reading (one
      // out of a `Date`'s range stops the hashing).
      const list: LedgerEntry[] = JSON.parse(k.text).map((e: LedgerEntry) => {
        const r: any = ledgerEntry(e);
        for (const x in r) if (x == "at" ? r.at !== +r.at : r[x] !== undefined && r[x] !== "" + r[x]) throw 0;
        return r;
      });
      const all = [...list, ...s.ledger];
      const last = (i: number) => all.filter((x) => x.purpose === m.purposes[i]!.name).pop()?.decision;
      if (
        JSON.stringify(list) !== k.text ||
        list.length !== k.count ||
        (list[list.length - 1]?.hash ?? ZERO) !== k.head ||
        !verifyChain(m, list, sha256) ||
        s.consents.some((c, i) => c && last(i) !== (s.objections.includes(i) ? "objected" : c.status)) ||
        s.objections.some((i) => last(i) !== "objected")
      )
        throw 0;
      read.set(k, (old = list));
    } catch {
      fail("snapshot_tampered", "receipts");
    }
  }
  return [...old!, ...s.ledger];
};
