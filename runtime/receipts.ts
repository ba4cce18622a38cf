/**
 * The consent and rights ledger (Art. 7(1): demonstrable consent; Art. 5(2):
 * accountability). Entries are appended, never changed; each one's hash
 * covers the hash of the one before it, so a changed, dropped or reordered
 * entry breaks the chain. The ledger holds no personal data, so it outlives
 * erasure.
 *
 * A conversation keeps each entry short (`Entry`): only what neither the
 * machine (flow, version) nor the entry's place (seq, prev) nor its own
 * request (requestHash) gives back. The whole receipt is put together when
 * it is read. The notice is kept: it is the one the person saw, which a
 * later build of the same version may not have.
 *
 * An entry is hashed when it is first read (a snapshot, `receipts()`, an
 * export), not when it is made: hashing is most of what a consent decision
 * costs, and a conversation that is never stored or read needs none of it.
 * The hash is of the receipt's content, which never changes, so when it is
 * computed does not change it.
 */
import type { MachineDefinition } from "./machine.ts";
import type { Decision, Receipt } from "./types.ts";
import { sha256 } from "./sha256.ts";
import { iso } from "./time.ts";

/**
 * A ledger entry as a conversation keeps it, members in sorted order so
 * that `JSON.stringify` prints it canonically. `at` is epoch milliseconds
 * until the entry is hashed, ISO 8601 after; `hash` is unset until then.
 */
export interface Entry {
  at: number | string;
  decision: Decision;
  hash: string | undefined;
  method: string;
  notice: string | undefined;
  purpose: string | undefined;
  request: string | undefined;
}

const ZERO = "0".repeat(64);

/**
 * An entry rebuilt member by member in sorted order, from what it is made
 * of or from a snapshot (where anything else it holds is left behind).
 */
export const entry = (e: Entry): Entry => ({
  at: e.at,
  decision: e.decision,
  hash: e.hash,
  method: e.method,
  notice: e.notice,
  purpose: e.purpose,
  request: e.request,
});

/**
 * Each entry's request hash, made once: a whole receipt is made every time
 * the ledger is read (a bot server reads it on every message it stores),
 * and an entry's request never changes.
 */
const requestHashes = new WeakMap<Entry, string>();
const requestHash = (e: Entry) => {
  let h = requestHashes.get(e);
  if (h === undefined) requestHashes.set(e, (h = sha256(e.request!)));
  return h;
};

/**
 * The whole receipt for entry `i` of `list`, with the given hash. Members in
 * sorted order: printed by `JSON.stringify` alone with no hash (`undefined`
 * is left out), this is the canonical JSON the hash is of.
 */
const receipt = (m: MachineDefinition, list: readonly Entry[], i: number, hash?: string): Receipt => {
  const e = list[i]!;
  return {
    at: e.at as string,
    decision: e.decision,
    flow: m.id,
    hash: hash!,
    method: e.method,
    notice: e.notice,
    prev: i ? list[i - 1]!.hash! : ZERO,
    purpose: e.purpose,
    request: e.request,
    requestHash: e.request === undefined ? undefined : requestHash(e),
    seq: i,
    version: m.version,
  };
};

const hashOf = (m: MachineDefinition, list: readonly Entry[], i: number) => sha256(JSON.stringify(receipt(m, list, i)));

/** A new entry at the end of `list` (which it changes), its time `at` in epoch milliseconds. */
export const append = (list: Entry[], m: MachineDefinition, decision: Decision, at: number, method: string, purpose?: string, request?: string) =>
  list.push(entry({ at, decision, hash: undefined, method, notice: m.notice?.hash, purpose, request }));

/** Hash the entries not hashed yet, in order, each linked to the one before. */
export const chain = (m: MachineDefinition, list: Entry[]) =>
  list.forEach((e, i) => {
    // Made with its time as a number: formatting it is part of what waits until the entry is read.
    if (!e.hash) ((e.at = iso(e.at as number)), (e.hash = hashOf(m, list, i)));
  });

/** The whole receipts, hashed. */
export const receipts = (m: MachineDefinition, list: Entry[]): Receipt[] => (chain(m, list), list.map((e, i) => receipt(m, list, i, e.hash)));

/** Whether every entry's hash is still right, given its place and the one before it. */
export const verify = (m: MachineDefinition, list: readonly Entry[]): boolean => list.every((e, i) => e.hash === hashOf(m, list, i));
