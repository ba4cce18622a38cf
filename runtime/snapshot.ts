/**
 * Snapshots: a conversation's whole state as canonical JSON, bound to its
 * conversation, its revision and the machine it ran on, sealed, and its
 * strict, all-or-nothing restoration.
 *
 * ```json
 * {"conversation":"c-42","flow":"LeadCapture","integrity":{"alg":"sha256","value":"…"},"lawflow":3,
 *  "machine":"<sha256 of the machine>","revision":7,"state":{…},"version":"1.0.0"}
 * ```
 *
 * `integrity.value` is the SHA-256 — or, with a key, the HMAC-SHA-256 — of
 * the snapshot without its `integrity` member. A plain hash catches
 * accidental and naive edits; only a key stops someone who can recompute it.
 */
import type { FieldValue, MachineDefinition, WaitingNode } from "./machine.ts";
import type { LedgerEntry, State } from "./state.ts";
import { canon } from "./canon.ts";
import { type LawflowError, fail } from "./errors.ts";
import { type Sha256, chain, ledgerEntry } from "./receipts.ts";
import { tablesOf } from "./tables.ts";
import { check } from "./validate.ts";

/**
 * The format this runtime writes and reads; formats 2 and 3 are upgraded by
 * `migrateSnapshot` (migrate.ts). Format 4 holds a value per purpose.
 */
export const FORMAT = 4;

/** How a snapshot is sealed and what it is bound to. */
export interface Binding {
  /** The conversation's id, or null for a conversation created without one. */
  readonly id: string | null;
  /** How many times the state has changed: only ever grows. */
  readonly revision: number;
  readonly sha256: Sha256;
  /** HMAC-SHA-256 under the conversation's key, when it has one. */
  readonly mac: ((text: string) => string) | undefined;
}

/** The machine's content hash: a snapshot names the exact machine it ran on, not only its version string. */
export const machineHash = (m: MachineDefinition, sha256: Sha256): string => {
  const t = tablesOf(m);
  return (t.hash ??= sha256(canon(m)));
};

/**
 * The snapshot of a state: its parts printed once, with the integrity member
 * in its sorted place. `sealed` is the same without it: what the value is of.
 */
const print = (m: MachineDefinition, state: State, b: Binding, integrity?: { alg: string; value: unknown }) => {
  const head = `{"conversation":${JSON.stringify(b.id)},"flow":${JSON.stringify(m.id)},`;
  const tail = `"lawflow":${FORMAT},"machine":"${machineHash(m, b.sha256)}","revision":${b.revision},"state":${JSON.stringify(state)},"version":${JSON.stringify(m.version)}}`;
  return { sealed: head + tail, whole: (value: unknown) => head + `"integrity":${JSON.stringify({ alg: integrity?.alg ?? (b.mac ? "hmac-sha256" : "sha256"), value })},` + tail };
};

export const integrityOf = (sealed: string, b: Binding): string => (b.mac ? b.mac(sealed) : b.sha256(sealed));

export const seal = (m: MachineDefinition, state: State, b: Binding): string => {
  chain(m, state.ledger, b.sha256);
  const p = print(m, state, b);
  return p.whole(integrityOf(p.sealed, b));
};

/** Compare a claimed MAC with the right one in a time that does not depend on where they differ. */
export const same = (a: unknown, b: string) => {
  let d = typeof a != "string" || a.length !== b.length ? 1 : 0;
  for (let i = 0; i < b.length; i++) d |= (a as string).charCodeAt?.(i) ^ b.charCodeAt(i);
  return !d;
};

const bad = (): never => fail("snapshot_malformed", "not a snapshot of this machine");
/** `v` if `ok`, else a refusal. */
const need = <X>(ok: unknown, v: X): X => (ok ? v : bad());
/**
 * A time as epoch milliseconds, within the range a `Date` can hold (so it
 * can always be printed as ISO 8601); `Infinity`, which JSON's 1e400 parses
 * to and which prints as null, is refused with the rest.
 */
const time = (v: any): number => need(Math.abs(v) <= 864e13, +v);

/**
 * The state a snapshot's `state` stands for, rebuilt from what the machine
 * allows, member by member with its keys in sorted order; it throws on
 * anything that does not fit. A member too many, a string for a number, a
 * value its field's type would change all make the rebuilt state print
 * differently from the snapshot, which `open` compares. `>>> 0` keeps a
 * non-negative integer as it is and changes anything else.
 */
function rebuild(m: MachineDefinition, x: any): State {
  const { nodes, fields, purposes } = m;
  const n = nodes[x.node] as WaitingNode;
  return {
    attempts: x.attempts >>> 0,
    // Consent only for consent purposes.
    consents: purposes.map((p, i) => {
      const c = x.consents[i];
      return c === null
        ? null
        : {
            at: time(c.at),
            status: need(p.basis === "consent" && /^(given|refused|withdrawn)$/.test(c.status), "" + c.status) as "given",
            until: c.until === null ? null : time(c.until),
          };
    }),
    ledger: x.ledger.map((e: LedgerEntry) => ledgerEntry({ ...e, at: time(e.at), hash: need(typeof e.hash == "string" && (e.by === undefined || typeof e.by == "string"), e.hash) })),
    // Only waiting nodes have an id.
    node: need(n.id, x.node >>> 0),
    objections: x.objections.map((i: number) => need(purposes[i]!.basis !== "consent" || purposes[i]!.directMarketing, i >>> 0)),
    outcome: n.kind === "end" ? "" + x.outcome : x.outcome === null ? null : "erased",
    said: x.said.map((i: number) => need(nodes[i]!.kind === "say", i >>> 0)),
    values: fields.map((f, j) => {
      const h = x.values[j];
      return h === null
        ? null
        : need(h[0], h).map((u: any) => {
            const v = check(f.type, u.value);
            return {
              at: time(u.at),
              purpose: need(purposes[u.purpose]!.needs.includes(f.name), u.purpose >>> 0),
              until: u.until === null ? null : time(u.until),
              value: need(typeof v !== "object", v) as FieldValue,
            };
          });
    }),
  };
}

export interface Opened {
  readonly state: State;
  readonly revision: number;
}

/**
 * Restore a state from a snapshot, or throw: `snapshot_malformed` (not a
 * snapshot, a forbidden key, a state that does not fit the machine),
 * `snapshot_version` (another flow, version or machine), `snapshot_key`
 * (signed without a key given, or the reverse), `snapshot_tampered`
 * (integrity broken, or a consent decision without its receipt),
 * `snapshot_conversation` (another conversation's), `snapshot_stale` (older
 * than `minRevision`). Nothing is returned until every part has been checked.
 * The receipt chain is not re-verified here: the seal covers it; it is
 * checked when the ledger is read.
 */
export function open(m: MachineDefinition, json: string, b: Binding, minRevision = 0): Opened {
  let o: any;
  let state: State;
  let sealed: string;
  // Anything thrown on the way that is not one of the refusals below (a
  // parse error, a member of null) means the same: not a snapshot of this machine.
  try {
    // Checked after parsing: a reviver makes JSON.parse several times slower.
    o = JSON.parse(json);
    if (o.lawflow < FORMAT) fail("snapshot_malformed", `format ${o.lawflow}: see migrateSnapshot`);
    if (o.lawflow !== FORMAT || typeof o.integrity?.value != "string") throw 0;
    if (o.flow !== m.id || o.version !== m.version || o.machine !== machineHash(m, b.sha256)) fail("snapshot_version", `${o.flow} ${o.version}`);
    if ((o.integrity.alg === "hmac-sha256") !== !!b.mac) fail("snapshot_key", b.mac ? "not signed" : "signed");
    const p = print(m, (state = rebuild(m, o.state)), { ...b, id: o.conversation, revision: o.revision >>> 0 }, o.integrity);
    const whole = p.whole(o.integrity.value);
    // The snapshot must be exactly the print of the state rebuilt from it,
    // so it holds nothing else (no forbidden key, no extra member, no value
    // the rebuilding changed) and the text that was sealed is the one just
    // printed. One stored some other way (a database that reorders members
    // or adds spaces) must be so once put in canonical form, which keeps
    // every member, `__proto__` included.
    if (whole !== json && whole !== canon(o)) throw 0;
    sealed = p.sealed;
  } catch (e) {
    if ((e as LawflowError)?.code) throw e;
    bad();
  }
  if (!same(o.integrity.value, integrityOf(sealed!, b))) fail("snapshot_tampered", "integrity");
  if (o.conversation !== b.id) fail("snapshot_conversation", "not this conversation's");
  const revision = o.revision;
  if (revision < minRevision) fail("snapshot_stale", "revision " + revision);
  // A receipt for every consent decision and objection the state holds.
  const s = state!;
  const last = (i: number) => s.ledger.filter((x) => x.purpose === m.purposes[i]!.name).pop()?.decision;
  if (s.consents.some((c, i) => c && last(i) !== (s.objections.includes(i) ? "objected" : c.status)) || s.objections.some((i) => last(i) !== "objected")) fail("snapshot_tampered", "receipts");
  return { state: s, revision };
}
