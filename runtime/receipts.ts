/**
 * The consent and rights ledger (Art. 7(1): demonstrable consent; Art. 5(2):
 * accountability). Entries are appended, never changed; each carries the hash
 * of the one before it, so a changed, dropped or reordered entry breaks the
 * chain. The ledger holds no personal data, so it outlives erasure.
 */
import type { MachineDefinition } from "./machine.ts";
import type { Receipt } from "./types.ts";
import { canon } from "./canon.ts";
import { sha256 } from "./sha256.ts";

const ZERO = "0".repeat(64);

const hashOf = (r: Omit<Receipt, "hash">) => sha256(canon(r));

/**
 * Append a new entry to `list` (mutating it) and return the entry, made from
 * `entry` (also mutated: in V8, adding members to a spread copy is slow).
 */
export function append(list: Receipt[], m: MachineDefinition, entry: Pick<Receipt, "purpose" | "request" | "decision" | "at" | "method">): Receipt {
  const r = Object.assign(entry, {
    seq: list.length,
    flow: m.id,
    version: m.version,
    requestHash: entry.request === undefined ? undefined : sha256(entry.request),
    notice: m.notice?.hash,
    prev: list[list.length - 1]?.hash ?? ZERO,
  }) as { hash: string } & Receipt;
  r.hash = hashOf(r);
  list.push(r);
  return r;
}

/** Whether every entry is in sequence, linked to the one before and unchanged. */
export const verify = (list: readonly Receipt[]): boolean =>
  list.every((r, i) => {
    const { hash, ...body } = r;
    return r.seq === i && r.prev === (list[i - 1]?.hash ?? ZERO) && hash === hashOf(body);
  });
