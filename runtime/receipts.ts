/**
 * The consent and rights ledger (Art. 7(1): demonstrable consent; Art. 5(2):
 * accountability). Entries are appended, never changed; each carries the hash
 * of the one before it, so a changed, dropped or reordered entry breaks the
 * chain. The ledger holds no personal data, so it outlives erasure.
 *
 * An entry is hashed when it is first read (a snapshot, `receipts()`, an
 * export, the next entry's link), not when it is made: hashing is most of
 * what a consent decision costs, and a conversation that is never stored
 * or read needs none of it. The hashes are of the entry's content, which
 * never changes, so when they are computed does not change them.
 */
import type { MachineDefinition } from "./machine.ts";
import type { Receipt } from "./types.ts";
import { sha256 } from "./sha256.ts";
import { iso } from "./time.ts";

const ZERO = "0".repeat(64);

/**
 * A receipt's members in sorted order: the form a receipt is kept in and
 * the canonical JSON its hash is of, printed by `JSON.stringify` alone
 * because the keys are already in order and unset members (`undefined`,
 * such as `hash` while it is computed) are left out.
 */
export const receiptOf = (r: Receipt): Receipt => ({
  at: r.at,
  decision: r.decision,
  flow: r.flow,
  hash: r.hash,
  method: r.method,
  notice: r.notice,
  prev: r.prev,
  purpose: r.purpose,
  request: r.request,
  requestHash: r.requestHash,
  seq: r.seq,
  version: r.version,
});

const hashOf = (r: Receipt) => sha256(JSON.stringify({ ...receiptOf(r), hash: undefined }));

/**
 * Append a new entry to `list` (mutating it), its time `at` in epoch
 * milliseconds; `chain` formats that time and hashes the entry. No object
 * spread: in V8 an object spread and then added to is slow, and here it
 * made every conversation that took a receipt outlive its young generation.
 */
export const append = (list: Receipt[], m: MachineDefinition, e: Pick<Receipt, "purpose" | "request" | "decision" | "method"> & { at: number }) =>
  list.push(
    receiptOf({
      at: e.at,
      decision: e.decision,
      flow: m.id,
      method: e.method,
      notice: m.notice?.hash,
      purpose: e.purpose,
      request: e.request,
      seq: list.length,
      version: m.version,
    } as never),
  );

/** Hash the entries not hashed yet, in order, each linked to the one before; returns the list. */
export const chain = (list: Receipt[]): Receipt[] => {
  list.forEach((r: any, i) => {
    if (!r.hash) {
      // Made with its time as a number: formatting it is part of what waits until the entry is read.
      r.at = iso(r.at);
      r.prev = list[i - 1]?.hash ?? ZERO;
      r.requestHash = r.request === undefined ? undefined : sha256(r.request);
      r.hash = sha256(JSON.stringify(r));
    }
  });
  return list;
};

/**
 * What a snapshot keeps of an entry: what neither the machine (flow,
 * version), nor the entry's place (seq, prev), nor its own request
 * (requestHash) gives back. The notice is kept: it is the one the person
 * saw, which a later build of the same version may not have.
 */
export const stored = (r: Receipt) => ({
  at: r.at,
  decision: r.decision,
  hash: r.hash,
  method: r.method,
  notice: r.notice,
  purpose: r.purpose,
  request: r.request,
});

/** The entries a snapshot kept, whole again; `verify` then checks that each one's hash is still right. */
export const unstored = (m: MachineDefinition, list: any[]): Receipt[] =>
  list.map((r, i) =>
    receiptOf({
      ...stored(r),
      flow: m.id,
      prev: list[i - 1]?.hash ?? ZERO,
      requestHash: r.request === undefined ? undefined : sha256(r.request),
      seq: i,
      version: m.version,
    }),
  );

/** Whether every entry is in sequence, linked to the one before and unchanged. */
export const verify = (list: readonly Receipt[]): boolean =>
  list.every((r, i) => r.seq === i && r.prev === (list[i - 1]?.hash ?? ZERO) && r.hash === hashOf(r));
