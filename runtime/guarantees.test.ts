/**
 * The ten guarantees of docs/runtime.md, one property each, checked after
 * every step of random action sequences on the hand-written machines and on
 * random machines. An independent model (test-kit.ts `validAt`) says what the
 * law allows; the engine must agree with it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Receipt } from "./types.ts";
import { canon } from "./canon.ts";
import { LawflowError, restoreConversation } from "./index.ts";
import { receipts, verifyChain } from "./receipts.ts";
import { hmacSha256 } from "./hmac.ts";
import { consentRecord } from "./records.ts";
import { sha256 } from "./sha256.ts";
import { addDuration } from "./time.ts";
import { check } from "./validate.ts";
import { MARKED, action, machineArb, onLoop, run, stateOf, validAt, type Step } from "../test/runtime/test-kit.ts";

const runs = { seed: 20250131, numRuns: 40 };
const actions = fc.array(action, { minLength: 5, maxLength: 30, size: "max" });
const property = (f: (s: Step) => void, key?: string) =>
  fc.assert(
    fc.property(machineArb, actions, (m, as) => {
      run(m, as, f, key);
    }),
    runs,
  );

/** Every held entry of a state, with its field and purpose indices. */
const entries = (s: Step["after"]) => s.values.flatMap((h, f) => (h ? h.map((u) => ({ f, p: u.purpose, at: u.at, exp: u.until, v: u.value })) : []));

describe("the runtime's guarantees", () => {
  it("the random sequences reach every kind of event (so the properties below are not vacuous)", () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(machineArb, actions, (m, as) => {
        run(m, as, (s) => {
          for (const e of s.events) seen.set(e.type, (seen.get(e.type) ?? 0) + 1);
          const r = s.result as { ok?: boolean; command?: string } | undefined;
          const k = s.error ? "error" : r?.ok === false ? "refusal" : r?.command ? "command:" + r.command : "";
          if (k) seen.set(k, (seen.get(k) ?? 0) + 1);
        });
      }),
      runs,
    );
    for (const k of ["prompt", "stored", "refused", "skipped", "consent", "withdrawn", "objected", "erased", "purged", "rectified", "ended", "error", "refusal"])
      expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
    for (const k of ["command:withdraw", "command:export", "command:erase", "command:skip"]) expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
    // Withdrawals that erased something, and purges that did.
    expect(seen.get("stored")!).toBeGreaterThan(60);
  });

  it("1. lawful collection: stored only for the asked field and purposes valid at that moment; asks without one are skipped", () => {
    property((s) => {
      const { m, before, after, at } = s;
      for (const e of s.events.filter((e) => e.type === "stored")) {
        if (e.type !== "stored") continue;
        const ask = m.nodes[before.node]!;
        expect(ask.kind).toBe("ask");
        if (ask.kind !== "ask") continue;
        expect(e.field).toBe(ask.field);
        const lawful = ask.purposes.map((p) => m.purposes.findIndex((q) => q.name === p.purpose)).filter((i) => validAt(m, before, i, at));
        expect(e.purposes).toEqual(lawful.map((i) => m.purposes[i]!.name));
        expect(lawful.length).toBeGreaterThan(0);
      }
      // No value is ever held for no purpose.
      expect(after.values.every((h) => h === null || h.length > 0)).toBe(true);
      // Whatever is newly held was collected now, by an ask for that field and purpose.
      const old = new Set(entries(before).map((x) => `${x.f}/${x.p}/${x.at}`));
      for (const x of entries(after)) {
        if (old.has(`${x.f}/${x.p}/${x.at}`)) continue;
        expect(x.at).toBe(at);
        expect(validAt(m, before, x.p, at)).toBe(true);
      }
      // The prompt is never an ask with nothing lawful to collect, nor one off a loop with all of it already held.
      const n = m.nodes[after.node]!;
      if (!s.c.ended && n.kind === "ask") {
        const lawful = n.purposes.map((p) => m.purposes.findIndex((q) => q.name === p.purpose)).filter((i) => validAt(m, after, i, at));
        expect(lawful.length).toBeGreaterThan(0);
        const h = after.values[m.fields.findIndex((f) => f.name === n.field)];
        if (!onLoop(m, after.node)) expect(lawful.every((i) => h?.some((u) => u.purpose === i && (u.until === null || at < u.until)))).toBe(false);
        if (s.c.prompt.kind === "ask") expect(s.c.prompt.purposes.map((p) => p.purpose)).toEqual(lawful.map((i) => m.purposes[i]!.name));
      }
    });
  });

  it("2. purpose-scoped access: dataFor(P) is exactly the values collected for P, basis valid, not expired", () => {
    property((s) => {
      const { m, after } = s;
      const now = Date.parse(s.c.export().exportedAt);
      m.purposes.forEach((p, i) => {
        const expected: Record<string, unknown> = {};
        for (const x of entries(after)) if (x.p === i && validAt(m, after, i, now) && (x.exp === null || now < x.exp)) expected[m.fields[x.f]!.name] = x.v;
        expect(s.c.dataFor(p.name)).toEqual(expected);
      });
    });
  });

  it("3. withdrawal: the purpose leaves every value at once, values left with none are erased, phrases work at any prompt", () => {
    property((s) => {
      const { m, before, after, result } = s;
      const r = result as { command?: string; purpose?: string; erased?: string[] } | undefined;
      let withdrawn: string | undefined;
      if (s.a.k === "withdraw" && !s.error) withdrawn = (s.events.find((e) => e.type === "withdrawn") as { purpose: string }).purpose;
      if (s.a.k === "phrase" && r?.command === "withdraw") withdrawn = r.purpose;
      if (s.a.k === "phrase" && s.events.some((e) => e.type === "consent" && e.decision === "refused")) return; // a "stop" at its own request is a no
      if (withdrawn === undefined) return;
      const i = m.purposes.findIndex((p) => p.name === withdrawn);
      expect(m.purposes[i]!.basis).toBe("consent");
      expect(entries(after).some((x) => x.p === i)).toBe(false);
      expect(after.values.every((h) => h === null || h.length > 0)).toBe(true);
      expect(s.c.dataFor(withdrawn)).toEqual({});
      expect(after.consents[i]?.status).not.toBe("given");
      // Exactly the fields whose value for this purpose no other purpose holds were erased.
      const only = before.values.flatMap((h, f) => (h?.some((u) => u.purpose === i && !h.some((k) => k.purpose !== i && k.value === u.value)) ? [m.fields[f]!.name] : []));
      expect([...(r && Array.isArray(r) ? r : (r?.erased ?? []))].sort()).toEqual(only.sort());
    });
  });

  it("4. storage limitation: per-purpose expiry from retention; purge erases what ran out; session values go at the end; consent lapses", () => {
    property((s) => {
      const { m, after, at } = s;
      for (const x of entries(after)) {
        const r = m.purposes[x.p]!.retention;
        expect(x.exp).toBe(r.kind === "period" ? addDuration(x.at, r.period) : null);
        if (s.c.ended && m.nodes[after.node]!.kind === "end") expect(r.kind).not.toBe("session");
        if (s.a.k === "purge") {
          expect(x.exp === null || at < x.exp).toBe(true);
          expect(validAt(m, after, x.p, at)).toBe(true);
        }
      }
      after.consents.forEach((c, i) => {
        const cv = m.purposes[i]!.consentValid;
        if (c?.status === "given") expect(c.until).toBe(cv ? addDuration(c.at, cv) : null);
      });
    });
  });

  it("5. validation: a refused answer or a rejected call changes nothing; what is stored is valid and normalised", () => {
    property((s) => {
      const { m, before, after, result, error } = s;
      if (error) expect(s.c.snapshot()).toBe(s.beforeSnapshot);
      const r = result as { ok?: boolean; code?: string; message?: string } | undefined;
      if (r?.ok === false) {
        expect(typeof r.code).toBe("string");
        expect(r.message).toBeTruthy();
        if (after.node === before.node) {
          expect({ ...after, attempts: 0 }).toEqual({ ...before, attempts: 0 });
          expect(after.attempts).toBe(s.a.k === "rectify" ? before.attempts : before.attempts + 1);
        } else {
          // `retry N then -> ID` moved on: nothing was stored on the way (an end may have dropped session values).
          expect(entries(after).every((x) => entries(before).some((y) => y.f === x.f && y.p === x.p && y.at === x.at && y.v === x.v))).toBe(true);
          expect({ ...after, values: 0, attempts: 0, node: 0, said: 0, outcome: 0 }).toEqual({ ...before, values: 0, attempts: 0, node: 0, said: 0, outcome: 0 });
        }
      }
      after.values.forEach((h, f) => h?.forEach((u) => expect(check(m.fields[f]!.type, u.value)).toBe(u.value)));
    });
  });

  it("6. no personal data in events, receipts or errors", () => {
    property((s) => {
      const logged = JSON.stringify([s.events, s.c.receipts(), consentRecord(s.c, s.m), String(s.error ?? "")]);
      const held = s.after.values.flatMap((h) => (h ?? []).flatMap((u) => (typeof u.value === "string" && u.value.length > 6 ? [u.value] : [])));
      for (const x of [...MARKED, ...held]) expect(logged).not.toContain(x);
    });
  });

  it("7. demonstrable consent: one receipt per decision, exact request and its hash, append-only, hash-chained, kept after erasure", () => {
    property((s) => {
      const { m, before, after } = s;
      // The receipts whole, as the snapshot keeps them short.
      const r = receipts(m, after.ledger, sha256);
      expect(verifyChain(m, after.ledger, sha256)).toBe(true);
      expect(s.c.verify()).toBe(true);
      expect(r.slice(0, before.ledger.length)).toEqual(receipts(m, before.ledger, sha256));
      expect(r).toEqual(s.c.receipts());
      const added = r.slice(before.ledger.length);
      const decisions = s.events.filter((e) => e.type === "consent");
      expect(added.filter((x) => x.decision === "given" || x.decision === "refused").length).toBe(decisions.length);
      for (const x of added as Receipt[]) {
        expect(x.flow).toBe(m.id);
        expect(x.version).toBe(m.version);
        expect(x.method).toBe("test");
        expect(x.notice).toBe(m.notice?.hash);
        if (x.request !== undefined) expect(x.requestHash).toBe(sha256(x.request));
        if (x.decision === "given" || x.decision === "refused") {
          const n = m.nodes[before.node]!;
          expect(n.kind).toBe("consent");
          if (n.kind === "consent") expect(x.request).toBe(n.text.map((t) => (typeof t === "string" ? t : `{${t.field}}`)).join(""));
        }
      }
      const record = consentRecord(s.c, s.m);
      expect(record.events).toEqual(s.c.receipts());
      expect(record.header.head).toBe(r[r.length - 1]?.hash ?? "0".repeat(64));
    });
  });

  it("8. rights: export shows exactly what is held; erase leaves nothing but a value-free record; rectify re-validates; objection stops the purpose", () => {
    property((s) => {
      const { m, after, a, result } = s;
      const ex = s.c.export();
      expect(ex.data.map((d) => [d.field, d.value, d.purposes.map((p) => p.purpose)])).toEqual(
        after.values.flatMap((h, f) =>
          [...new Set(h?.map((u) => u.value))].map((v) => [m.fields[f]!.name, v, h!.filter((u) => u.value === v).map((u) => m.purposes[u.purpose]!.name)]),
        ),
      );
      expect(JSON.parse(JSON.stringify(ex))).toEqual(ex);
      const erased = a.k === "erase" || (result as { command?: string })?.command === "erase";
      if (erased) {
        expect(ex.data).toEqual([]);
        expect(s.c.ended).toBe(true);
        expect(after.ledger[after.ledger.length - 1]!.decision).toBe("erased");
        for (const p of m.purposes) expect(s.c.dataFor(p.name)).toEqual({});
      }
      if (a.k === "object" && !s.error) {
        const i = m.purposes.findIndex((p) => p.name === (s.events.find((e) => e.type === "objected") as { purpose: string }).purpose);
        expect(after.objections).toContain(i);
        expect(entries(after).some((x) => x.p === i)).toBe(false);
      }
      if (a.k === "rectify" && (result as { ok?: boolean })?.ok) {
        const f = m.fields[a.i % m.fields.length]!;
        const h = after.values[m.fields.indexOf(f)]!;
        for (const u of h) expect(check(f.type, u.value)).toBe(u.value);
        expect(h.map((u) => ({ ...u, value: 0 }))).toEqual(s.before.values[m.fields.indexOf(f)]!.map((u) => ({ ...u, value: 0 })));
      }
    });
  });

  it("9. durable, exact resume: every snapshot restores to the same snapshot and prompt", () => {
    property((s) => {
      const snap = s.c.snapshot();
      // Canonical as printed: the seal is of this print, and restoring takes its quick path only when it is.
      expect(canon(JSON.parse(snap))).toBe(snap);
      const back = restoreConversation(s.m, snap, { clock: () => new Date(s.at), method: "test" });
      expect(back.snapshot()).toBe(snap);
      // As a database's JSON type may give it back: every object's members reversed, spaces added.
      const reversed = (x: unknown): unknown =>
        x && typeof x === "object" ? (Array.isArray(x) ? x.map(reversed) : Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, reversed(v)]))) : x;
      expect(restoreConversation(s.m, JSON.stringify(reversed(JSON.parse(snap)), null, 1), { clock: () => new Date(s.at) }).snapshot()).toBe(snap);
      if (!s.c.ended) expect(back.prompt).toEqual(s.c.prompt);
      expect(back.ended).toBe(s.c.ended);
      expect(back.outcome).toBe(s.c.outcome);
    });
  });

  it("9. tampering: any one-character change to a snapshot is refused (or changes nothing), never half-loaded", () => {
    fc.assert(
      fc.property(machineArb, actions, fc.nat(), fc.integer({ min: 32, max: 126 }), fc.boolean(), (m, as, pos, ch, keyed) => {
        const key = keyed ? "secret" : undefined;
        const snap = run(m, as, () => {}, key).c.snapshot();
        const i = pos % snap.length;
        const bad = snap.slice(0, i) + String.fromCharCode(ch) + snap.slice(i + 1);
        if (bad === snap) return;
        try {
          const c = restoreConversation(m, bad, { key, hashes: { hmacSha256 } });
          const back = c.snapshot();
          // What the seal covers is as it was; only the receipts' text, which a restore does not
          // read, can differ, and then reading the receipts is refused and changes nothing.
          const sealed = (x: string) => x.replace(/,"ledger":\[.*\],"machine":/, ',"machine":');
          expect(sealed(back)).toBe(sealed(snap));
          if (back !== snap) {
            expect(() => c.receipts()).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
            expect(() => c.export()).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
            expect(c.verify()).toBe(false);
            expect(c.snapshot()).toBe(back);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(LawflowError);
          expect((e as LawflowError).code).toMatch(/^snapshot_/);
        }
      }),
      { ...runs, numRuns: 80 },
    );
  });

  it("10. determinism: the same actions and clock give the same states, events and results", () => {
    fc.assert(
      fc.property(machineArb, actions, (m, as) => {
        const results: unknown[][] = [[], []];
        const a = run(m, as, (s) => results[0]!.push(s.result ?? String(s.error)));
        const b = run(m, as, (s) => results[1]!.push(s.result ?? String(s.error)));
        expect(b.log).toEqual(a.log);
        expect(b.events).toEqual(a.events);
        expect(JSON.stringify(results[1])).toBe(JSON.stringify(results[0]));
      }),
      { ...runs, numRuns: 25 },
    );
  });
});
