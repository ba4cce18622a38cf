/**
 * Snapshots: a conversation's whole state as canonical JSON, bound to its
 * conversation, its revision and the machine it ran on, sealed, and its
 * strict, all-or-nothing restoration.
 *
 * ```json
 * {"conversation":"c-42","flow":"LeadCapture","integrity":{"alg":"sha256","value":"…"},"lawflow":5,"ledger":[…],
 *  "machine":"<sha256 of the machine>","receipts":{"count":2,"head":"<hash of the last receipt>"},"revision":7,"state":{…},"version":"1.0.0"}
 * ```
 *
 * `integrity.value` is the SHA-256 — or, with a key, the HMAC-SHA-256 — of
 * the snapshot without its `integrity` and `ledger` members: each receipt's
 * hash covers the one before it, so the count and last hash (`receipts`)
 * pin them all, and neither sealing nor restoring reads them. A plain hash
 * catches accidental and naive edits; only a key stops someone who can
 * recompute it.
 */
import type { FieldValue, MachineDefinition, WaitingNode } from "./machine.ts";
import type { Kept, State } from "./state.ts";
import { canon } from "./canon.ts";
import { type LawflowError, fail } from "./errors.ts";
import { type Sha256, headOf } from "./receipts.ts";
import { tablesOf } from "./tables.ts";
import { check } from "./validate.ts";

/**
 * The format this runtime writes and reads; formats 2, 3 and 4 are upgraded
 * by `migrateSnapshot` (migrate.ts). Format 5 keeps the receipts out of the
 * seal and out of the state, as text a restore does not read.
 */
export const FORMAT = 5;

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

/** The receipts' count and last hash, as sealed. */
type Head = Omit<Kept, "text">;

/**
 * The snapshot of a state: its parts printed once, with the integrity and
 * ledger members in their sorted places. `sealed` is the same without them:
 * what the value is of.
 */
const print = (m: MachineDefinition, state: State, b: Binding, r: Head, integrity?: { alg: string; value: unknown }) => {
  const head = `{"conversation":${JSON.stringify(b.id)},"flow":${JSON.stringify(m.id)},`;
  const mid = `"lawflow":${FORMAT},`;
  const tail = `"machine":"${machineHash(m, b.sha256)}","receipts":{"count":${r.count},"head":"${r.head}"},"revision":${b.revision},"state":${JSON.stringify({ ...state, kept: undefined, ledger: undefined })},"version":${JSON.stringify(m.version)}}`;
  return {
    sealed: head + mid + tail,
    whole: (value: unknown, ledger?: string) =>
      head + `"integrity":${JSON.stringify({ alg: integrity?.alg ?? (b.mac ? "hmac-sha256" : "sha256"), value })},` + mid + (ledger ? `"ledger":${ledger},` : "") + tail,
  };
};

export const integrityOf = (sealed: string, b: Binding): string => (b.mac ? b.mac(sealed) : b.sha256(sealed));

/**
 * Seal a state. Only entries made since the state was restored are hashed
 * and printed; the kept text goes back as it came, the new entries joined
 * to it as text.
 */
export const seal = (m: MachineDefinition, state: State, b: Binding): string => {
  const { kept: k, ledger: l } = state;
  const p = print(m, state, b, headOf(m, state, b.sha256));
  return p.whole(integrityOf(p.sealed, b), (k ? k.text.slice(0, -1) + (k.count && l[0] ? "," : "") : "[") + JSON.stringify(l).slice(1));
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
function rebuild(m: MachineDefinition, x: any, kept: Kept): State {
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
    kept,
    ledger: [],
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
 * (integrity broken), `snapshot_conversation` (another conversation's),
 * `snapshot_stale` (older than `minRevision`). Nothing is returned until
 * every part has been checked.
 *
 * The receipts are not read: in a snapshot as printed, their text is cut
 * out where it stands and kept as it is (`State.kept`); one stored some
 * other way is parsed whole and its receipts printed canonically. Either
 * way they are checked — against the sealed count and head, and against the
 * state — when the ledger is read (receipts.ts `ledgerOf`).
 */
export function open(m: MachineDefinition, json: string, b: Binding, minRevision = 0): Opened {
  let o: any;
  let state: State;
  let sealed: string;
  // Anything thrown on the way that is not one of the refusals below (a
  // parse error, a member of null) means the same: not a snapshot of this machine.
  try {
    const i = json.indexOf(',"ledger":[');
    const j = json.lastIndexOf('],"machine":"');
    for (let quick = i > 0 && j > i; ; quick = false) {
      // Checked after parsing: a reviver makes JSON.parse several times slower.
      const outer = quick ? json.slice(0, i) + json.slice(j + 1) : json;
      o = JSON.parse(outer);
      if (o.lawflow < FORMAT) fail("snapshot_malformed", `format ${o.lawflow}: see migrateSnapshot`);
      if (o.lawflow !== FORMAT || typeof o.integrity?.value != "string") throw 0;
      if (o.flow !== m.id || o.version !== m.version || o.machine !== machineHash(m, b.sha256)) fail("snapshot_version", `${o.flow} ${o.version}`);
      if ((o.integrity.alg === "hmac-sha256") !== !!b.mac) fail("snapshot_key", b.mac ? "not signed" : "signed");
      // A count that is not a non-negative integer, a head that is not a plain string, another member, print differently.
      const kept = { ...o.receipts, count: o.receipts.count >>> 0, text: quick ? json.slice(i + 10, j + 1) : canon(need(Array.isArray(o.ledger), o.ledger)) };
      const p = print(m, (state = rebuild(m, o.state, kept)), { ...b, id: o.conversation, revision: o.revision >>> 0 }, kept, o.integrity);
      // The snapshot (but its ledger) must be exactly the print of the
      // state rebuilt from it, so it holds nothing else (no forbidden key,
      // no extra member, no value the rebuilding changed) and the text that
      // was sealed is the one just printed. One stored some other way (a
      // database that reorders members or adds spaces) must be so once put
      // in canonical form, which keeps every member, `__proto__` included.
      if (p.whole(o.integrity.value) === (quick ? outer : canon({ ...o, ledger: undefined }))) {
        sealed = p.sealed;
        break;
      }
      if (!quick) throw 0;
    }
  } catch (e) {
    if ((e as LawflowError)?.code) throw e;
    bad();
  }
  if (!same(o.integrity.value, integrityOf(sealed!, b))) fail("snapshot_tampered", "integrity");
  if (o.conversation !== b.id) fail("snapshot_conversation", "not this conversation's");
  const revision = o.revision;
  if (revision < minRevision) fail("snapshot_stale", "revision " + revision);
  return { state: state!, revision };
}
