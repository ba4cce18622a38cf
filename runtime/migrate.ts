/**
 * Upgrading a snapshot of an older format to today's: format 2 (one-letter
 * state keys, tuples, receipt times as ISO 8601, bound to nothing but its
 * flow and version), format 3 (one value per field, shared by its
 * purposes; today each purpose holds its own) and format 4 (the receipts
 * inside the state and under the seal; today they are a member of their
 * own, pinned by the sealed count and last hash). A separate entry
 * (`lawflow/runtime/migrate`): only a host that still holds old snapshots
 * needs it.
 *
 * ```ts
 * import { migrateSnapshot } from "lawflow/runtime/migrate";
 * const upgraded = migrateSnapshot(machine, old, { key, id, hashes });   // then restoreConversation(machine, upgraded, …)
 * ```
 *
 * The old seal is checked (under the same key) and the whole receipt chain
 * verified before anything is converted; the result is bound to `options.id`
 * (formats 3 and 4: the id it was bound to, at its revision), sealed, and
 * restored and its receipts read once to check it, so it is exactly what
 * `restoreConversation` accepts and reads.
 */
import type { MachineDefinition } from "./machine.ts";
import type { ConversationOptions } from "./types.ts";
import { canon } from "./canon.ts";
import { fail } from "./errors.ts";
import { ledgerOf, verifyChain } from "./receipts.ts";
import { sha256 } from "./sha256.ts";
import { type Binding, integrityOf, machineHash, open, same, seal } from "./snapshot.ts";
import type { State } from "./state.ts";

/**
 * The machine as format-3 runtimes hashed it: compiled before the compiler
 * wrote each field's hint, the chat phrases and the loop marks into it. A
 * format-3 snapshot names that hash; the upgraded one names today's.
 */
const format3Machine = (m: MachineDefinition) => ({
  ...m,
  phrases: undefined,
  fields: m.fields.map(({ hint: _, ...f }) => f),
  nodes: m.nodes.map((n) => (n.kind === "ask" ? { ...n, loop: undefined } : n)),
});

/** A held value of format 3, `{uses, value}`: the value for each of its purposes. */
const perPurpose = (h: any) => h && h.uses.map((u: any) => ({ at: u.at, purpose: u.purpose, until: u.until, value: h.value }));

/** A format-2 state in today's shape. */
const upgrade = (x: any): State => ({
  attempts: x.a,
  consents: x.c.map((c: any) => c && { at: c.at, status: c.s, until: c.x }),
  ledger: x.r.map((e: any) => ({ at: Date.parse(e.at), decision: e.decision, hash: e.hash, method: e.method, notice: e.notice, purpose: e.purpose, request: e.request })),
  node: x.n,
  objections: x.o,
  outcome: x.x,
  said: x.m,
  values: x.v.map((h: any) => h && perPurpose({ uses: h.p.map((e: any) => ({ at: e[1], purpose: e[0], until: e[2] })), value: h.v })),
});

/**
 * A snapshot of format 2, 3 or 4 as one of today's format, or
 * `LawflowError`: `snapshot_malformed` (not an older snapshot of this
 * machine), `snapshot_version`, `snapshot_key`, `snapshot_tampered`,
 * `snapshot_conversation` (format 3 or 4 bound to another id).
 */
export function migrateSnapshot(machine: MachineDefinition, snapshot: string, options: Pick<ConversationOptions, "key" | "id" | "hashes"> = {}): string {
  const key = options.key;
  const hmac = options.hashes?.hmacSha256;
  if (key === "" || (key !== undefined && !hmac)) fail("snapshot_key", "empty, or without hashes.hmacSha256");
  let b: Binding = { id: options.id ?? null, revision: 0, sha256: options.hashes?.sha256 ?? sha256, mac: key === undefined ? undefined : (t) => hmac!(key, t) };
  let o: any;
  let state: State;
  const malformed = () => fail("snapshot_malformed", "not a snapshot of format 2, 3 or 4");
  try {
    o = JSON.parse(snapshot);
    if (![2, 3, 4].includes(o.lawflow) || typeof o.integrity?.value != "string") throw 0;
  } catch {
    return malformed();
  }
  const format = o.lawflow;
  // Format 4 named the machine as today's runtime hashes it; format 3, as compiled then.
  const hash = format === 4 ? machineHash(machine, b.sha256) : b.sha256(canon(format3Machine(machine)));
  if (o.flow !== machine.id || o.version !== machine.version || (format > 2 && o.machine !== hash)) fail("snapshot_version", `${o.flow} ${o.version}`);
  if ((o.integrity.alg === "hmac-sha256") !== !!b.mac) fail("snapshot_key", b.mac ? "not signed" : "signed");
  // Format 2 sealed the canonical JSON of `{flow, state, version}`; formats 3 and 4, of the snapshot without its integrity.
  const sealed = canon(format > 2 ? { ...o, integrity: undefined } : { flow: o.flow, state: o.state, version: o.version });
  if (!same(o.integrity.value, integrityOf(sealed, b))) fail("snapshot_tampered", "integrity");
  if (format > 2 && o.conversation !== b.id) fail("snapshot_conversation", "not this conversation's");
  try {
    state = format === 4 ? o.state : format === 3 ? { ...o.state, values: o.state.values.map(perPurpose) } : upgrade(o.state);
  } catch {
    return malformed();
  }
  // Formats 3 and 4 keep their revision, so a host's `minRevision` still holds.
  if (format > 2) b = { ...b, revision: o.revision >>> 0 };
  if (!verifyChain(machine, state.ledger, b.sha256)) fail("snapshot_tampered", "receipts");
  const upgraded = seal(machine, state, b);
  ledgerOf(machine, open(machine, upgraded, b).state, b.sha256);
  return upgraded;
}

// Moving a conversation to a newer version of its flow (versions.ts).
export { moveSnapshot, moveState, versionChange } from "./versions.ts";
export type { MoveOptions, Refusal, VersionChange, VersionChangeCode } from "./versions.ts";
