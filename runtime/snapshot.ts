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
import { canon } from "./canon.ts";
import { fail } from "./errors.ts";
import { verify } from "./receipts.ts";
import { hmac, sha256 } from "./sha256.ts";
import { check } from "./validate.ts";

const mac = (body: string, key?: string) => (key ? hmac(key, body) : sha256(body));

export function seal(m: MachineDefinition, state: State, key?: string): string {
  const body = { flow: m.id, version: m.version, state };
  return canon({ lawflow: 1, ...body, integrity: { alg: key ? "hmac-sha256" : "sha256", value: mac(canon(body), key) } });
}

/** Comparison whose time does not depend on where two hashes first differ. */
const same = (a: unknown, b: string) => {
  let d = typeof a === "string" && a.length === b.length ? 0 : 1;
  for (let i = 0; i < b.length; i++) d |= (a as string).charCodeAt?.(i) ^ b.charCodeAt(i);
  return !d;
};

const bad = (why: string): never => fail("snapshot_malformed", why);
const obj = (x: unknown): x is Record<string, any> => !!x && typeof x === "object" && !Array.isArray(x);
const int = (v: unknown, hi: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < hi;
const time = (v: unknown) => typeof v === "number" && Number.isFinite(v);

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
      if (k === "__proto__" || k === "constructor" || k === "prototype") throw 0;
      return v;
    });
  } catch {
    bad("not JSON, or it has a __proto__, constructor or prototype key");
  }
  if (!obj(o) || o.lawflow !== 1 || !obj(o.integrity) || !obj(o.state)) bad("not a Lawflow snapshot");
  if (o.flow !== m.id || o.version !== m.version) fail("snapshot_version", `a snapshot of ${o.flow} ${o.version} cannot resume ${m.id} ${m.version}`);
  if ((o.integrity.alg === "hmac-sha256") !== !!key) fail("snapshot_key", key ? "the snapshot is not signed but a key was given" : "the snapshot is signed: restore it with its key");
  if (!same(o.integrity.value, mac(canon({ flow: o.flow, version: o.version, state: o.state }), key))) fail("snapshot_tampered", "the integrity check failed");
  const s = shape(m, o.state);
  // Anything the rebuilt state does not have (an extra member) is refused too.
  if (canon(s) !== canon(o.state)) bad("the state has unexpected members");
  if (!verify(s.r)) fail("snapshot_tampered", "the receipt chain is broken");
  return s;
}

/** Rebuild a state member by member, checking each against the machine. */
function shape(m: MachineDefinition, x: Record<string, any>): State {
  const { nodes: N, fields: F, purposes: P } = m;
  const ok = (c: unknown) => c || bad("the state does not fit the machine");
  const list = <T>(v: unknown, f: (e: any, i: number) => T): T[] => (ok(Array.isArray(v)), (v as unknown[]).map(f));
  const n = x.n;
  ok(int(n, N.length) && N[n]!.kind !== "say" && N[n]!.kind !== "branch" && int(x.a, 1e9) && (x.x === null ? N[n]!.kind !== "end" : typeof x.x === "string"));
  const s: State = {
    n,
    a: x.a,
    m: list(x.m, (i) => (ok(int(i, N.length) && N[i]!.kind === "say"), i)),
    v: list(x.v, (h, f) => {
      if (h === null) return null;
      const fd = F[f];
      ok(obj(h) && fd && check(fd.type, h.v, false) === h.v);
      return {
        v: h.v,
        p: list(h.p, (e) => (ok(Array.isArray(e) && e.length === 3 && int(e[0], P.length) && P[e[0]]!.needs.includes(fd!.name) && time(e[1]) && (e[2] === null || time(e[2]))), [e[0], e[1], e[2]] as [number, number, number | null])),
      };
    }),
    c: list(x.c, (c, i) =>
      c === null ? null : (ok(obj(c) && ["given", "refused", "withdrawn"].includes(c.s) && time(c.at) && (c.x === null || time(c.x)) && P[i]?.basis === "consent"), { s: c.s, at: c.at, x: c.x }),
    ),
    o: list(x.o, (i) => (ok(int(i, P.length)), i)),
    r: list(x.r, (r) => (ok(obj(r)), r)),
    x: x.x,
  };
  ok(s.v.length === F.length && s.c.length === P.length && s.v.every((h) => !h || h.p.length));
  return s;
}
