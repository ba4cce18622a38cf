/**
 * Snapshots: a conversation's whole state as canonical JSON, sealed with an
 * integrity check, and its strict, all-or-nothing restoration.
 *
 * ```json
 * {"flow":"LeadCapture","integrity":{"alg":"sha256","value":"…"},"lawflow":1,"state":{…},"version":"1.0.0"}
 * ```
 *
 * `value` is the SHA-256 — or, when the conversation has a `key`, the
 * HMAC-SHA-256 — of the canonical JSON of `{flow, version, state}`. A plain
 * hash catches accidental and naive edits; only a key stops someone who can
 * recompute it. Either way the receipt chain is verified on its own as well.
 */
import type { MachineDefinition, WaitingNode } from "./machine.ts";
import type { Entry, State } from "./engine.ts";
import type { Receipt } from "./types.ts";
import { canon } from "./canon.ts";
import { type LawflowError, fail } from "./errors.ts";
import { verify } from "./receipts.ts";
import { hmac, sha256 } from "./sha256.ts";
import { check } from "./validate.ts";

/** The canonical JSON of `{flow, version, state}`: what the integrity value is of. */
const body = (m: MachineDefinition, state: unknown) => canon({ flow: m.id, version: m.version, state });
const mac = (body: string, key?: string) => (key ? hmac(key, body) : sha256(body));

/**
 * The snapshot of a state, given its body, with a given integrity value: the
 * body with `integrity` and `lawflow` put in their sorted places after
 * `flow`, so a state is made canonical once, not twice. No JSON string holds
 * `,"` (its quote would be escaped): the first one ends `flow`. The value is
 * a hex MAC by the time it gets here, so it holds no `$` for `replace`.
 */
const wrap = (b: string, key: string | undefined, value: unknown) =>
  b.replace(',"', `,"integrity":${canon({ alg: key ? "hmac-sha256" : "sha256", value })},"lawflow":1,"`);

export const seal = (m: MachineDefinition, state: State, key?: string): string => {
  const b = body(m, state);
  return wrap(b, key, mac(b, key));
};

/**
 * Compare a claimed MAC with the right one by their hashes, so the time a
 * comparison takes tells an attacker nothing about how much of a guess is right.
 */
const same = (a: unknown, b: string) => typeof a === "string" && sha256(a) === sha256(b);

const bad = (): never => fail("snapshot_malformed", "not a snapshot of this machine, or a forbidden key");
/**
 * No `__proto__`, `constructor` or `prototype` key at any depth, and no
 * infinite number (JSON's 1e400 parses as Infinity, which prints as null: a
 * number that would not print as it reads).
 */
const clean = (v: any): boolean =>
  v && typeof v == "object" ? Object.keys(v).every((k) => !/^(__proto__|constructor|prototype)$/.test(k) && clean(v[k])) : v !== 1 / 0 && v !== -1 / 0;
/** `v` if `ok`, else a refusal. */
const need = <X>(ok: unknown, v: X): X => (ok ? v : bad());

/**
 * Restore a state from a snapshot, or throw: `snapshot_malformed` (not a
 * snapshot, a `__proto__`/`constructor`/`prototype` key, a state that does not
 * fit the machine), `snapshot_version` (another flow or version),
 * `snapshot_key` (signed without a key given, or the reverse),
 * `snapshot_tampered` (integrity or receipt chain broken). Nothing is
 * returned until every part has been checked.
 */
export function open(m: MachineDefinition, json: string, key?: string): State {
  const { nodes: N, fields: F, purposes: P } = m;
  let o: any;
  let y!: State;
  // Anything thrown on the way that is not one of the refusals below (a
  // parse error, a member of null) means the same: not a snapshot of this machine.
  try {
    // Checked after parsing: a reviver makes JSON.parse several times slower.
    if (!clean((o = JSON.parse(json)))) throw 0;
    if (o.lawflow !== 1 || !o.integrity) throw 0;
    if (o.flow !== m.id || o.version !== m.version) fail("snapshot_version", `${o.flow} ${o.version}`);
    if ((o.integrity.alg === "hmac-sha256") !== !!key) fail("snapshot_key", key ? "not signed" : "signed");
    // The flow and version are the machine's, checked above.
    if (!same(o.integrity.value, mac(body(m, o.state), key))) fail("snapshot_tampered", "integrity");
    const x = o.state;
    // The state is rebuilt from what the machine allows, member by member, and
    // the snapshot must print exactly as the one this rebuilt state makes: a
    // member too many, a string for a number, a value its field's type would
    // change all make the two differ. An index out of range or of the wrong
    // kind throws on the way, which is the same refusal. `>>> 0` keeps a
    // non-negative integer as it is and changes anything else; `+` a number.
    const n = N[x.n] as WaitingNode;
    y = {
      // Only waiting nodes have an id.
      n: need(n.id, x.n >>> 0),
      a: x.a >>> 0,
      m: x.m.map((i: number) => need(N[i]!.kind === "say", i >>> 0)),
      v: F.map((f, j) => {
        const h = x.v[j];
        const v = check(f.type, h?.v, false);
        return h === null
          ? null
          : {
              v: need(typeof v !== "object", v),
              p: need(h.p[0], h.p).map((e: Entry) => [need(P[e[0]]!.needs.includes(f.name), e[0] >>> 0), +e[1], e[2] === null ? null : +e[2]]),
            };
      }),
      // Consent only for consent purposes.
      c: P.map((p, i) => {
        const c = x.c[i];
        return c === null ? null : { s: need(p.basis === "consent" && /^(given|refused|withdrawn)$/.test(c.s), "" + c.s), at: +c.at, x: c.x === null ? null : +c.x };
      }),
      o: x.o.map((i: number) => need(P[i]!.basis !== "consent", i >>> 0)),
      // Receipts are objects; the chain is verified below.
      r: x.r.map((r: Receipt) => ({ ...r })),
      x: n.kind === "end" ? "" + x.x : x.x === null ? null : "erased",
    } as State;
  } catch (e) {
    if ((e as LawflowError)?.code) throw e;
    bad();
  }
  if (wrap(body(m, y), key, o.integrity.value) !== canon(o)) bad();
  // The chain, and a receipt for every consent decision and objection the state claims:
  // dropping the newest receipt leaves the chain whole but not this.
  const last = (i: number) => y.r.filter((r: Receipt) => r.purpose === P[i]!.name).pop()?.decision;
  if (!verify(y.r) || y.c.some((c, i) => c && last(i) !== c.s) || y.o.some((i) => last(i) !== "objected")) fail("snapshot_tampered", "receipts");
  return y;
}
