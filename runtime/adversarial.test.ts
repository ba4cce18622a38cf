/**
 * Hostile input: megabyte answers, prototype keys, truncated and reordered
 * snapshots, author names that are JavaScript's own. After every refusal the
 * conversation must be exactly as it was (but for the attempt count).
 */
import { describe, expect, it } from "vitest";
import type { MachineDefinition } from "./machine.ts";
import { LawflowError, createConversation, restoreConversation } from "./index.ts";
import { candidates, checkText } from "../test/runtime/test-kit.ts";
import { intake, leadCapture } from "../test/runtime/test-machines.ts";
import { check } from "./validate.ts";
import { chatReader } from "./chat.ts";

const MB = 1 << 20;
const state = (json: string) => ({ ...JSON.parse(json).state, attempts: 0 });

describe("adversarial input", () => {
  it("refuses a megabyte at every prompt of every machine quickly, changing nothing", () => {
    // Without retry limits, so five refusals in a row stay at the same step.
    const patient: MachineDefinition = { ...intake, nodes: intake.nodes.map((n) => (n.kind === "ask" ? { ...n, retry: undefined } : n)) };
    for (const m of [leadCapture, patient]) {
      const c = createConversation(m, { chatReader, clock: () => new Date(0) });
      const path = m === leadCapture ? ["Acme", "pro", "1990", "yes", "a@b.cd"] : ["Ann", "Cough", "no", "2025-02-03", "3", "yes", "+4930123456", "yes", "12.5"];
      for (const next of path) {
        const before = c.snapshot();
        const t = performance.now();
        for (const big of ["9".repeat(MB), "x".repeat(MB), " ".repeat(MB), "a".repeat(MB) + "@b.cd", "stop".repeat(MB / 4)]) {
          const r = c.answerText(big);
          expect(r.ok, `${m.id} ${c.prompt.step}`).toBe(false);
          if (c.prompt.kind === "ask") expect(() => c.answer(c.prompt.step as never, big as never)).not.toThrow();
        }
        expect(performance.now() - t).toBeLessThan(3000);
        expect(state(c.snapshot())).toEqual(state(before));
        expect(c.answerText(next).ok).toBe(true);
      }
    }
  });

  it("changes nothing on any refused candidate answer at any prompt", () => {
    for (const m of [leadCapture, intake]) {
      const c = createConversation(m, { chatReader, clock: () => new Date(0) });
      while (!c.ended) {
        const p = c.prompt;
        if (p.kind !== "ask") {
          c.answerText("yes");
          continue;
        }
        const t = m.fields.find((f) => f.name === p.field)!.type;
        for (const raw of [true, false]) {
          for (const x of candidates(t, raw)) {
            if (typeof (raw ? checkText(t, x) : check(t, x)) !== "object") continue;
            if (x === null || (raw && /^(\s*|skip)$/.test(String(x)))) continue; // skips of optional asks move on
            const before = c.snapshot();
            let r: { ok: boolean; prompt?: { step: unknown } } | undefined;
            try {
              r = raw ? c.answerText(x as string) : c.answer(p.step as never, x as never);
            } catch (e) {
              expect(e).toBeInstanceOf(LawflowError);
            }
            if (r?.prompt?.step !== p.step) break; // a retry limit moved on
            expect(r?.ok ?? false).toBe(false);
            expect(state(c.snapshot())).toEqual(state(before));
          }
          if (c.prompt.step !== p.step) break;
        }
        if (c.prompt.step === p.step) c.answer(p.step as never, candidates(t, false).find((x) => typeof check(t, x) !== "object") as never);
      }
    }
  });

  it("refuses snapshots with prototype keys and pollutes nothing", () => {
    const s = createConversation(leadCapture, { chatReader }).snapshot();
    for (const [at, inject] of [
      ['"state":{', '"__proto__":{"isAdmin":true},'],
      ['"integrity":{', '"constructor":{"prototype":{"isAdmin":true}},'],
      ['"values":[', '{"__proto__":1},'],
      ["{", '"__proto__":null,'],
    ] as const) {
      const bad = s.replace(at, at + inject);
      expect(() => restoreConversation(leadCapture, bad, { chatReader }), inject).toThrow(expect.objectContaining({ code: "snapshot_malformed" }));
    }
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it("refuses every truncation of a snapshot", () => {
    const c = createConversation(leadCapture, { chatReader, clock: () => new Date(0) });
    for (const a of ["Acme", "pro", "skip", "yes", "a@b.cd"]) c.answerText(a);
    c.withdraw("newsletter");
    const s = c.snapshot();
    for (let n = 0; n < s.length; n += 5) expect(() => restoreConversation(leadCapture, s.slice(0, n), { chatReader })).toThrow(LawflowError);
  });

  it("gives dropped, reordered or duplicated receipts away even with a valid-looking seal", async () => {
    const { sha256 } = await import("./sha256.ts");
    const { canon } = await import("./canon.ts");
    const c = createConversation(leadCapture, { chatReader, clock: () => new Date(0) });
    for (const a of ["Acme", "pro", "skip", "yes", "a@b.cd", "stop"]) c.answerText(a);
    const o = JSON.parse(c.snapshot());
    const before = c.snapshot();
    // The receipts are outside the seal; their count and last hash are under it, here recomputed to match.
    const reseal = (ledger: { hash: string }[]) => {
      const x = { ...o, ledger, receipts: { count: ledger.length, head: ledger.at(-1)!.hash } };
      delete x.integrity;
      return JSON.stringify({ ...x, integrity: { alg: "sha256", value: sha256(canon({ ...x, ledger: undefined })) } });
    };
    // Dropping the newest receipt keeps the chain whole, but the withdrawal in the state then has no receipt;
    // a reordered or duplicated one breaks the chain. Each restores (the plain seal was recomputed), and is given away when read.
    for (const ledger of [[o.ledger[0]], [o.ledger[1], o.ledger[0]], [o.ledger[0], o.ledger[1], o.ledger[1]]]) {
      const r = restoreConversation(leadCapture, reseal(ledger), { chatReader });
      const s = r.snapshot();
      expect(r.verify()).toBe(false);
      expect(() => r.receipts()).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
      expect(() => r.export()).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
      expect(() => r.answerText("What do you know about me?")).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
      expect(r.snapshot()).toBe(s);
    }
    expect(c.snapshot()).toBe(before);
  });

  it("keeps author names that are JavaScript's own off every prototype", () => {
    const m: MachineDefinition = JSON.parse(
      JSON.stringify(leadCapture)
        .replaceAll('"company"', '"__proto__"')
        .replaceAll('"quote"', '"constructor"')
        .replaceAll('{"field":"__proto__"}', '{"field":"__proto__"}'),
    );
    const c = createConversation(m, { chatReader, clock: () => new Date(0) });
    c.answerText("Acme");
    const d = c.dataFor("constructor");
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(Object.keys(d)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(d, "__proto__")?.value).toBe("Acme");
    expect(({} as Record<string, unknown>).Acme).toBeUndefined();
    expect(restoreConversation(m, c.snapshot(), { chatReader }).snapshot()).toBe(c.snapshot());
  });
});
