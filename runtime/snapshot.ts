/**
 * Snapshots: a conversation's whole state as canonical JSON, sealed with an
 * integrity check, and its strict, all-or-nothing restoration.
 *
 * ```json
 * {"flow":"LeadCapture","integrity":{"alg":"sha256","value":"…"},"lawflow":2,"state":{…},"version":"1.0.0"}
 * ```
 *
 * `value` is the SHA-256 — or, when the conversation has a `key`, the
 * HMAC-SHA-256 — of the canonical JSON of `{flow, version, state}`. A plain
 * hash catches accidental and naive edits; only a key stops someone who can
 * recompute it. Either way the receipt chain is verified on its own as well.
 */
import type { MachineDefinition, WaitingNode } from "./machine.ts";
import type { Entry, State } from "./engine.ts";
import { canon } from "./canon.ts";
import { type LawflowError, fail } from "./errors.ts";
import { chain, entry, verify } from "./receipts.ts";
import { hmac, sha256 } from "./sha256.ts";
import { check } from "./validate.ts";

/**
 * The canonical JSON of `{flow, version, state}`: what the integrity value
 * is of. The engine builds every object of a state with its keys in sorted
 * order, so `JSON.stringify` prints it canonically without sorting anything;
 * `canon` is only for reading a snapshot that was stored some other way.
 */
const body = (m: MachineDefinition, state: State) => JSON.stringify({ flow: m.id, state, version: m.version });
const mac = (body: string, key?: string) => (key ? hmac(key, body) : sha256(body));

/**
 * The snapshot of a state, given its body, with a given integrity value: the
 * body with `integrity` and `lawflow` put in their sorted places after
 * `flow`, so a state is printed once, not twice. No JSON string holds
 * `,"` (its quote would be escaped): the first one ends `flow`. A function
 * gives the replacement, so a `$` in a claimed value is only a character.
 */
const wrap = (b: string, key: string | undefined, value: unknown) =>
  b.replace(',"', () => `,"integrity":${JSON.stringify({ alg: key ? "hmac-sha256" : "sha256", value })},"lawflow":2,"`);

export const seal = (m: MachineDefinition, state: State, key?: string): string => {
  chain(m, state.r);
  const b = body(m, state);
  return wrap(b, key, mac(b, key));
};

/**
 * Compare a claimed MAC with the right one in a time that does not depend on
 * where they differ, so timing tells an attacker nothing about a guess.
 */
const same = (a: unknown, b: string) => {
  let d = typeof a != "string" || a.length !== b.length ? 1 : 0;
  for (let i = 0; i < b.length; i++) d |= (a as string).charCodeAt?.(i) ^ b.charCodeAt(i);
  return !d;
};

const bad = (): never => fail("snapshot_malformed", "not a snapshot of this machine, or a forbidden key");
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
 * allows, member by member and with its keys in sorted order; it throws on
 * anything that does not fit. A member too many, a string for a number, a
 * value its field's type would change all make the rebuilt state print
 * differently from the snapshot, which `open` compares. An index out of range
 * or of the wrong kind throws on the way. `>>> 0` keeps a non-negative
 * integer as it is and changes anything else; `+` a number.
 */
function rebuild(m: MachineDefinition, x: any): State {
  const { nodes: N, fields: F, purposes: P } = m;
  const n = N[x.n] as WaitingNode;
  return {
    a: x.a >>> 0,
    // Consent only for consent purposes.
    c: P.map((p, i) => {
      const c = x.c[i];
      return c === null
        ? null
        : {
            at: time(c.at),
            s: need(p.basis === "consent" && /^(given|refused|withdrawn)$/.test(c.s), "" + c.s),
            x: c.x === null ? null : time(c.x),
          };
    }),
    m: x.m.map((i: number) => need(N[i]!.kind === "say", i >>> 0)),
    // Only waiting nodes have an id.
    n: need(n.id, x.n >>> 0),
    o: x.o.map((i: number) => need(P[i]!.basis !== "consent", i >>> 0)),
    // The chain is verified by `open`.
    r: x.r.map(entry),
    v: F.map((f, j) => {
      const h = x.v[j];
      const v = check(f.type, h?.v, false);
      return h === null
        ? null
        : {
            p: need(h.p[0], h.p).map((e: Entry) => [need(P[e[0]]!.needs.includes(f.name), e[0] >>> 0), time(e[1]), e[2] === null ? null : time(e[2])]),
            v: need(typeof v !== "object", v),
          };
    }),
    x: n.kind === "end" ? "" + x.x : x.x === null ? null : "erased",
  } as State;
}

/**
 * Restore a state from a snapshot, or throw: `snapshot_malformed` (not a
 * snapshot, a `__proto__`/`constructor`/`prototype` key, a state that does not
 * fit the machine), `snapshot_version` (another flow or version),
 * `snapshot_key` (signed without a key given, or the reverse),
 * `snapshot_tampered` (integrity or receipt chain broken). Nothing is
 * returned until every part has been checked.
 */
export function open(m: MachineDefinition, json: string, key?: string): State {
  let o: any;
  let y: State;
  let b: string;
  // Anything thrown on the way that is not one of the refusals below (a
  // parse error, a member of null) means the same: not a snapshot of this machine.
  try {
    // Checked after parsing: a reviver makes JSON.parse several times slower.
    o = JSON.parse(json);
    if (o.lawflow !== 2 || !o.integrity) throw 0;
    if (o.flow !== m.id || o.version !== m.version) fail("snapshot_version", `${o.flow} ${o.version}`);
    if ((o.integrity.alg === "hmac-sha256") !== !!key) fail("snapshot_key", key ? "not signed" : "signed");
    const w = wrap((b = body(m, (y = rebuild(m, o.state)))), key, o.integrity.value);
    // The snapshot must be exactly the print of the state rebuilt from it, so
    // it holds nothing else (no forbidden key, no extra member, no value the
    // rebuilding changed) and the body that was sealed is the one just
    // printed. Usually it is so as it comes; one stored some other way (a
    // database that reorders members or adds spaces) must be so once put in
    // canonical form, which keeps every member, `__proto__` included.
    if (w !== json && w !== canon(o)) throw 0;
  } catch (e) {
    if ((e as LawflowError)?.code) throw e;
    bad();
  }
  if (!same(o.integrity.value, mac(b!, key))) fail("snapshot_tampered", "integrity");
  const { purposes: P } = m;
  const r = y!.r;
  // The chain, and a receipt for every consent decision and objection the state claims:
  // dropping the newest receipt leaves the chain whole but not this.
  const last = (i: number) => r.filter((x) => x.purpose === P[i]!.name).pop()?.decision;
  if (!verify(m, r) || y!.c.some((c, i) => c && last(i) !== c.s) || y!.o.some((i) => last(i) !== "objected")) fail("snapshot_tampered", "receipts");
  return y!;
}
