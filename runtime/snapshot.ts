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
import type { MachineDefinition } from "./machine.ts";
import type { State } from "./engine.ts";
import type { Receipt } from "./types.ts";
import { canon } from "./canon.ts";
import { fail } from "./errors.ts";
import { verify } from "./receipts.ts";
import { hmac, sha256 } from "./sha256.ts";
import { check } from "./validate.ts";

/** The integrity value of a state of machine `m`. */
const mac = (m: MachineDefinition, state: unknown, key?: string) => {
  const body = canon({ flow: m.id, version: m.version, state });
  return key ? hmac(key, body) : sha256(body);
};

export const seal = (m: MachineDefinition, state: State, key?: string): string =>
  canon({ lawflow: 1, flow: m.id, version: m.version, state, integrity: { alg: key ? "hmac-sha256" : "sha256", value: mac(m, state, key) } });

/**
 * Compare a claimed MAC with the right one by their hashes, so the time a
 * comparison takes tells an attacker nothing about how much of a guess is right.
 */
const same = (a: unknown, b: string) => typeof a === "string" && sha256(a) === sha256(b);

const bad = (why: string): never => fail("snapshot_malformed", why);
const obj = (x: unknown, keys: number): x is Record<string, any> => !!x && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length === keys;
const int = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const time = (v: unknown) => Number.isFinite(v);
const each = (v: unknown, f: (x: any, i: number) => unknown) => Array.isArray(v) && v.every(f);

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
  try {
    o = JSON.parse(json, (k, v) => {
      if (/^(__proto__|constructor|prototype)$/.test(k)) throw 0;
      return v;
    });
  } catch {
    bad("not JSON, or a forbidden key");
  }
  if (!obj(o, 5) || o.lawflow !== 1 || !obj(o.integrity, 2)) bad("not a snapshot");
  if (o.flow !== m.id || o.version !== m.version) fail("snapshot_version", `${o.flow} ${o.version}`);
  if ((o.integrity.alg === "hmac-sha256") !== !!key) fail("snapshot_key", key ? "not signed" : "signed");
  // The flow and version are the machine's, checked above.
  if (!same(o.integrity.value, mac(m, o.state, key))) fail("snapshot_tampered", "integrity");
  const x = o.state;
  const { nodes: N, fields: F, purposes: P } = m;
  const k = N[x?.n]?.kind;
  // Each member is checked against the machine; a member too many is refused as well.
  if (
    !(
      obj(x, 8) &&
      int(x.n) &&
      int(x.a) &&
      (k === "end" ? typeof x.x === "string" : (k === "ask" || k === "consent") && (x.x === null || x.x === "erased")) &&
      each(x.m, (i) => int(i) && N[i]?.kind === "say") &&
      each(x.o, (i) => int(i) && P[i] && P[i]!.basis !== "consent") &&
      each(x.r, (r) => r && typeof r === "object") &&
      x.v?.length === F.length &&
      each(x.v, (h, f) =>
        h === null ||
        (obj(h, 2) &&
          check(F[f]!.type, h.v, false) === h.v &&
          h.p?.length &&
          each(h.p, (e) => e?.length === 3 && int(e[0]) && P[e[0]]?.needs.includes(F[f]!.name) && time(e[1]) && (e[2] === null || time(e[2])))),
      ) &&
      x.c?.length === P.length &&
      each(x.c, (c, i) => c === null || (obj(c, 3) && /^(given|refused|withdrawn)$/.test(c.s) && time(c.at) && (c.x === null || time(c.x)) && P[i]!.basis === "consent"))
    )
  )
    bad("state");
  // The chain, and a receipt for every consent decision and objection the state claims:
  // dropping the newest receipt leaves the chain whole but not this.
  const last = (i: number) => x.r.filter((r: Receipt) => r.purpose === P[i]!.name).pop()?.decision;
  if (!verify(x.r) || x.c.some((c: State["c"][0], i: number) => c && last(i) !== c.s) || x.o.some((i: number) => last(i) !== "objected"))
    fail("snapshot_tampered", "receipts");
  return x;
}
