import { describe, expect, it } from "vitest";
import { createHash, createHmac } from "node:crypto";
import { LawflowError, createConversation, defineMachine, restoreConversation } from "./index.ts";
import { canon } from "./canon.ts";
import { receipts } from "./receipts.ts";
import type { LedgerEntry } from "./state.ts";
import { sha256 } from "./sha256.ts";
import { hmacSha256 } from "./hmac.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";
import { chatReader } from "./chat.ts";

const clock = () => new Date(Date.UTC(2025, 0, 31));

/** A lead-capture conversation with consent given and three values held. */
function conversation(key?: string) {
  const c = createConversation(leadCapture, { chatReader, clock, key, hashes: { hmacSha256 } });
  c.answerText("Acme");
  c.answerText("pro");
  c.answerText("skip");
  c.answerText("yes");
  return c;
}

/** Change a snapshot's state (and the receipts' sealed count and head) and recompute its plain SHA-256, as someone who read docs/runtime.md could. */
function reseal(json: string, change: (state: any) => void, receipts?: { count: number; head: string }): string {
  const o = JSON.parse(json);
  change(o.state);
  if (receipts) o.receipts = receipts;
  const alg = o.integrity.alg;
  delete o.integrity;
  return JSON.stringify({ ...o, integrity: { alg, value: sha256(canon({ ...o, ledger: undefined })) } });
}

/** The whole receipts of ledger entries as a snapshot holds them. */
const receiptsOf = (list: LedgerEntry[]) => receipts(leadCapture, list.map((e) => ({ ...e })), sha256);

const refused = (json: string, code: string, key?: string) => {
  let error: unknown;
  try {
    restoreConversation(leadCapture, json, { chatReader, clock, key, hashes: { hmacSha256 } });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LawflowError);
  expect((error as LawflowError).code).toBe(code);
};

describe("snapshots", () => {
  it("round-trip exactly, and the restored conversation goes on the same way", () => {
    const a = conversation();
    const s = a.snapshot();
    const b = restoreConversation(leadCapture, s, { chatReader, clock });
    expect(b.snapshot()).toBe(s);
    expect(b.prompt).toEqual(a.prompt);
    expect(b.answerText("ann@example.com")).toEqual(a.answerText("ann@example.com"));
    expect(b.snapshot()).toBe(a.snapshot());
    // Key order and spacing do not matter (a database may reorder JSON members and add spaces).
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(s)).reverse()));
    expect(restoreConversation(leadCapture, reordered, { chatReader, clock }).snapshot()).toBe(s);
    const deep = (x: unknown): unknown =>
      x && typeof x === "object" ? (Array.isArray(x) ? x.map(deep) : Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, deep(v)]))) : x;
    expect(restoreConversation(leadCapture, JSON.stringify(deep(JSON.parse(s)), null, 2), { chatReader, clock }).snapshot()).toBe(s);
  });

  it("refuse another flow or version", () => {
    const s = conversation().snapshot();
    expect(() => restoreConversation({ ...leadCapture, version: "1.0.1" }, s, { chatReader })).toThrow(/snapshot_version/);
    expect(() => restoreConversation({ ...leadCapture, id: "Other" }, s, { chatReader })).toThrow(/snapshot_version/);
  });

  it("refuse a changed value; a dropped, reordered or changed receipt is refused when the receipts are read", () => {
    const s = conversation().snapshot();
    refused(s.replace('"Acme"', '"Evil"'), "snapshot_tampered");
    // The receipts are outside the seal, which pins their count and last hash instead: a
    // restore does not read them, and reading them finds any change, chain recomputed or not.
    const two = conversation();
    two.withdraw("newsletter");
    const t = two.snapshot();
    const o = JSON.parse(t);
    expect(o.receipts).toEqual({ count: 2, head: o.ledger[1].hash });
    const withLedger = (change: (ledger: any[]) => unknown) => {
      const x = JSON.parse(t);
      change(x.ledger);
      return JSON.stringify(x);
    };
    for (const bad of [
      withLedger((l) => l.pop()),
      withLedger((l) => l.reverse()),
      withLedger((l) => l.splice(1, 0, l[0])),
      withLedger((l) => (l[0].method = "post")),
      withLedger((l) => l.splice(0)),
      withLedger((l) => (l[0].prototype = 1)),
      withLedger((l) => (l[1].at = "2025-01-31T00:00:00.000Z")),
      t.replace(/"ledger":\[.*\],"machine"/, '"ledger":[{"at":1],"machine"'),
      t.replace(/"ledger":\[.*\],"machine"/, '"ledger":[{"at":1,"hash":"x"},],"machine"'), // not even JSON
    ]) {
      const r = restoreConversation(leadCapture, bad, { chatReader, clock });
      expect(r.verify()).toBe(false);
      for (const read of [() => r.receipts(), () => r.export(), () => r.answerText("What do you know about me?")])
        expect(read).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
      // Nothing in the conversation changed because of it.
      expect(r.snapshot()).toBe(bad);
      expect(r.revision).toBe(o.revision);
    }
  });

  it("pin the receipts by their sealed count and last hash: a chain recomputed over changed receipts is refused when read", () => {
    const two = conversation();
    two.withdraw("newsletter");
    const t = two.snapshot();
    const o = JSON.parse(t);
    // The withdrawal's receipt back-dated and its hash recomputed: the chain is whole, but it no longer ends at the sealed head.
    const forged = { ...o.ledger[1], at: o.ledger[1].at - 1000, hash: undefined };
    const list = [o.ledger[0], forged];
    forged.hash = receiptsOf(list)[1]!.hash;
    const bad = JSON.stringify({ ...o, ledger: list });
    const r = restoreConversation(leadCapture, bad, { clock });
    expect(() => r.receipts()).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
    // The same receipts with the head and count resealed read as a whole ledger, so the check above is the head's.
    expect(restoreConversation(leadCapture, reseal(bad, () => {}, { count: 2, head: forged.hash }), { clock }).receipts()[1]!.hash).toBe(forged.hash);
    // A count that does not match the ledger is refused too.
    expect(() => restoreConversation(leadCapture, reseal(t, () => {}, { count: 3, head: o.receipts.head }), { clock }).receipts()).toThrow(/snapshot_tampered/);
    // And a consent the state holds without its receipt: the receipts end at the sealed head, but the withdrawal in the state has none.
    const one = reseal(JSON.stringify({ ...o, ledger: [o.ledger[0]] }), () => {}, { count: 1, head: o.ledger[0].hash });
    expect(() => restoreConversation(leadCapture, one, { clock }).receipts()).toThrow(/snapshot_tampered/);
  });

  it("restore, answer and snapshot without hashing, parsing or printing the receipts", () => {
    let receiptHashes = 0;
    const counting = (t: string) => {
      if (t.includes('"decision"')) receiptHashes++;
      return createHash("sha256").update(t).digest("hex");
    };
    const c = createConversation(leadCapture, { chatReader, clock, hashes: { sha256: counting } });
    for (const a of ["Acme", "pro", "skip", "yes"]) c.answerText(a);
    c.withdraw("newsletter");
    c.object("audience");
    const s = c.snapshot();
    expect(receiptHashes).toBeGreaterThan(0);
    receiptHashes = 0;
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = (t: string, ...rest: any[]) => ((parsed += t.length), parse(t, ...rest));
    let r: ReturnType<typeof restoreConversation>;
    let after: string;
    try {
      r = restoreConversation(leadCapture, s, { chatReader, clock, hashes: { sha256: counting } });
      expect(r.answerText("ann@example.com")).toMatchObject({ ok: true });
      after = r.snapshot();
      expect(receiptHashes).toBe(0);
      // Only the part outside the receipts was parsed.
      expect(parsed).toBeLessThan(s.length - JSON.stringify(parse(s).ledger).length + 10);
    } finally {
      JSON.parse = parse;
    }
    // Its text went back as it came, with the answer.
    expect(after).toContain(JSON.stringify(JSON.parse(s).ledger));
    expect(JSON.parse(after).state.values).not.toEqual(JSON.parse(s).state.values);
    // Reading them hashes each once.
    r.receipts();
    expect(receiptHashes).toBe(JSON.parse(s).receipts.count);
  });

  it("keep receipts restored as text, and append the new ones to it", () => {
    const c = conversation();
    const back = restoreConversation(leadCapture, c.snapshot(), { chatReader, clock });
    for (const x of [c, back]) x.withdraw("newsletter"), x.answerText("ann@example.com");
    expect(back.snapshot()).toBe(c.snapshot());
    expect(back.receipts()).toEqual(c.receipts());
    // The new receipt's code counts the kept ones, and links to the last of them.
    const again = restoreConversation(leadCapture, back.snapshot(), { chatReader, clock });
    expect(again.verify()).toBe(true);
    expect(again.receipts().map((r) => r.seq)).toEqual([0, 1]);
    // With none kept, and with none made since.
    const none = restoreConversation(leadCapture, createConversation(leadCapture, { chatReader, clock }).snapshot(), { chatReader, clock });
    expect(JSON.parse(none.snapshot())).toMatchObject({ ledger: [], receipts: { count: 0, head: "0".repeat(64) } });
    none.answerText("Acme");
    none.answerText("pro");
    none.answerText("skip");
    expect(none.answerText("yes")).toMatchObject({ receipt: expect.stringMatching(/^0-[0-9a-f]{16}$/) });
    expect(none.verify()).toBe(true);
  });

  it("count the receipts and give those made since a restore without reading the kept ones, which are read and checked when the ledger is", () => {
    let receiptHashes = 0;
    const counting = (t: string) => {
      if (t.includes('"decision"')) receiptHashes++;
      return createHash("sha256").update(t).digest("hex");
    };
    const options = { chatReader, clock, hashes: { sha256: counting } };
    const s = conversation().snapshot();
    const o = JSON.parse(s);
    expect(o.receipts.count).toBe(1);
    // The kept text is not even JSON: nothing that reads no kept receipt may notice (the seal covers only their count and head).
    const bad = s.replace(JSON.stringify(o.ledger), "[not json at all]");
    expect(bad).not.toBe(s);
    for (const [json, whole] of [
      [s, true],
      [bad, false],
    ] as const) {
      receiptHashes = 0;
      const r = restoreConversation(leadCapture, json, options);
      const before = r.receiptCount;
      expect(before).toBe(1);
      expect(r.receipts(before)).toEqual([]);
      r.answerText("ann@example.com");
      r.withdraw("newsletter");
      expect(r.receiptCount).toBe(2);
      // The new receipt, chained from the sealed head: only it is hashed.
      const made = r.receipts(before);
      expect(made).toMatchObject([{ seq: 1, prev: o.receipts.head, decision: "withdrawn" }]);
      expect(receiptHashes).toBe(1);
      // What is held, with none of the kept receipts.
      expect(r.export(before)).toMatchObject({ consents: [{ purpose: "newsletter", status: "withdrawn" }], receipts: made });
      // The next snapshot writes the kept text back as it came, with the new receipt after it.
      const next = r.snapshot();
      expect(JSON.parse(/"receipts":(\{[^}]*\})/.exec(next)![1]!)).toEqual({ count: 2, head: made[0]!.hash });
      expect(next).toContain(whole ? JSON.stringify(o.ledger).slice(0, -1) : "[not json at all");
      expect(receiptHashes).toBe(1);
      // Reading into the kept receipts reads and checks them all.
      if (whole) {
        expect(r.receipts(0)).toEqual(r.receipts());
        expect(r.receipts().map((x) => x.seq)).toEqual([0, 1]);
        expect(r.receipts(1)).toEqual(made);
        expect(r.export().receipts).toHaveLength(2);
      } else {
        for (const read of [() => r.receipts(), () => r.receipts(0), () => r.export(), () => r.export(before - 1)]) expect(read).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
        expect(r.verify()).toBe(false);
      }
    }
  });

  it("refuse a resealed state that does not fit the machine", () => {
    const s = conversation().snapshot();
    refused(reseal(s, (st) => (st.extra = 1)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.values[0][0].value = 42)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.values[0][0].value = "x".repeat(101))), "snapshot_malformed");
    refused(reseal(s, (st) => (st.values[0][0].purpose = 1)), "snapshot_malformed"); // newsletter does not need company
    refused(reseal(s, (st) => (st.values[0] = [])), "snapshot_malformed");
    refused(reseal(s, (st) => (st.node = 0)), "snapshot_malformed"); // a say node is not a state
    refused(reseal(s, (st) => (st.node = "5")), "snapshot_malformed");
    refused(reseal(s, (st) => (st.node = 99)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.consents[0] = { at: 0, status: "given", until: null })), "snapshot_malformed"); // quote is not consent-based
    refused(reseal(s, (st) => (st.consents[1].status = "maybe")), "snapshot_malformed");
    refused(reseal(s, (st) => (st.objections = [1])), "snapshot_malformed");
    refused(reseal(s, (st) => (st.said = [1])), "snapshot_malformed");
    refused(reseal(s, () => {}, { count: -1, head: "" }), "snapshot_malformed");
    refused(reseal(s, () => {}, { count: 1, head: 1 as never }), "snapshot_malformed");
    refused(reseal(s, (st) => (st.values = st.values.slice(1))), "snapshot_malformed");
    refused(reseal(s, (st) => (st.outcome = "thanks")), "snapshot_malformed");
    // Times a Date cannot hold (export could not print them), and 1e400, which parses as Infinity and prints as null.
    refused(reseal(s, (st) => (st.consents[1].at = 9e15)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.values[0][0].at = -9e15)), "snapshot_malformed");
    expect(s).toMatch(/"consents":\[null,\{"at":\d+/);
    refused(s.replace(/"consents":\[null,\{"at":\d+/, '"consents":[null,{"at":1e400'), "snapshot_malformed");
  });

  it("refuse __proto__, constructor and prototype keys anywhere", () => {
    const s = conversation().snapshot();
    refused(s.replace('"state":{', '"state":{"__proto__":{"polluted":1},'), "snapshot_malformed");
    refused(s.replace('"lawflow":5', '"lawflow":3,"constructor":{"prototype":{}}'), "snapshot_malformed");
    refused(s.replace('"receipts":{', '"receipts":{"__proto__":{"polluted":1},'), "snapshot_malformed");
    // The same in a snapshot whose members a database reordered.
    const reordered = (json: string) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(json)).reverse()));
    refused(reordered(s.replace('"state":{', '"state":{"__proto__":{"polluted":1},')), "snapshot_malformed");
    refused(reordered(reseal(s, (st) => (st.constructor = 1))), "snapshot_malformed");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuse what is not a snapshot: truncated, empty, other JSON, a megabyte", () => {
    const s = conversation().snapshot();
    for (const bad of [s.slice(0, -1), s.slice(0, s.length / 2), "", "null", "[]", "42", '"x"', "{}", '{"lawflow":5}', '{"lawflow":5,"integrity":null}', '{"lawflow":2,"integrity":{}}', "x".repeat(1 << 20), "[".repeat(5000)])
      refused(bad, "snapshot_malformed");
    refused(s.replace('"lawflow":5', '"lawflow":1'), "snapshot_malformed"); // the format before receipts were kept short
    // From JavaScript, what a store gives for a row it does not have, or the parsed object instead of its text:
    // refused like any other non-snapshot, never taken for a new conversation at its first step.
    for (const missing of [undefined, null, 0, false, {}, JSON.parse(s)]) refused(missing as never, "snapshot_malformed");
    // With its integrity member missing or null, with or without a key.
    for (const key of [undefined, "k"]) {
      const o = JSON.parse(conversation(key).snapshot());
      refused(JSON.stringify({ ...o, integrity: null }), "snapshot_malformed", key);
      delete o.integrity;
      refused(JSON.stringify(o), "snapshot_malformed", key);
    }
  });

  it("are sealed with HMAC-SHA-256 when a key is given, and need it back", () => {
    const s = conversation("k1").snapshot();
    expect(JSON.parse(s).integrity.alg).toBe("hmac-sha256");
    expect(restoreConversation(leadCapture, s, { chatReader, clock, key: "k1", hashes: { hmacSha256 } }).snapshot()).toBe(s);
    refused(s, "snapshot_key");
    refused(s, "snapshot_tampered", "k2");
    refused(conversation().snapshot(), "snapshot_key", "k1");
    // Recomputing a plain hash does not help without the key.
    refused(reseal(s, (st) => (st.values[0][0].value = "Evil")), "snapshot_key", undefined);
    const forged = JSON.parse(reseal(s, (st) => (st.values[0][0].value = "Evil")));
    forged.integrity.alg = "hmac-sha256";
    refused(JSON.stringify(forged), "snapshot_tampered", "k1");
    // A claimed value is only compared, never read as a replacement pattern.
    for (const value of ["$'", "$&", "$`", "$$"]) refused(s.replace(/"value":"[0-9a-f]+"/, () => JSON.stringify({ value }).slice(1, -1)), "snapshot_tampered", "k1");
  });

  it("hold no functions or prototypes: plain JSON", () => {
    const s = conversation().snapshot();
    expect(JSON.stringify(JSON.parse(s))).toBe(s);
  });
});

describe("snapshots are bound", () => {
  const hashes = { hmacSha256 };

  it("to their conversation: Alice's snapshot does not restore as Bob's", () => {
    const alice = createConversation(leadCapture, { chatReader, clock, id: "alice", key: "k", hashes });
    alice.answerText("Alice Example Ltd");
    const s = alice.snapshot();
    expect(JSON.parse(s).conversation).toBe("alice");
    expect(restoreConversation(leadCapture, s, { chatReader, clock, id: "alice", key: "k", hashes }).id).toBe("alice");
    for (const id of ["bob", undefined]) expect(() => restoreConversation(leadCapture, s, { chatReader, clock, id, key: "k", hashes })).toThrow(/snapshot_conversation/);
    // Nor a conversation created without an id as one with.
    expect(() => restoreConversation(leadCapture, conversation("k").snapshot(), { chatReader, clock, id: "alice", key: "k", hashes })).toThrow(/snapshot_conversation/);
  });

  it("to a revision that only grows, so a host can refuse a copy older than the newest it has seen", () => {
    const c = createConversation(leadCapture, { chatReader, clock, id: "c", key: "k", hashes });
    const at = (x: string) => JSON.parse(x).revision as number;
    const first = c.snapshot();
    for (const a of ["Acme", "pro", "skip", "yes", "ann@example.com"]) c.answerText(a);
    const beforeWithdrawal = c.snapshot();
    c.withdraw("newsletter");
    const newest = c.snapshot();
    expect(at(first)).toBe(0);
    expect(at(beforeWithdrawal)).toBeGreaterThan(at(first));
    expect(at(newest)).toBeGreaterThan(at(beforeWithdrawal));
    expect(c.revision).toBe(at(newest));
    // Reading changes nothing, so the revision stays.
    c.export();
    c.dataFor("quote");
    c.receipts();
    expect(c.snapshot()).toBe(newest);
    // The copy taken before the withdrawal, replayed: refused once the host says what it has seen.
    const options = { clock, id: "c", key: "k", hashes, minRevision: at(newest) };
    expect(() => restoreConversation(leadCapture, beforeWithdrawal, { ...options, chatReader })).toThrow(/snapshot_stale/);
    const back = restoreConversation(leadCapture, newest, { ...options, chatReader });
    expect(back.dataFor("newsletter")).toEqual({});
    expect(back.revision).toBe(at(newest));
    // A forged revision does not pass the seal.
    expect(() => restoreConversation(leadCapture, beforeWithdrawal.replace(/"revision":\d+/, `"revision":${at(newest) + 1}`), { ...options, chatReader })).toThrow(/snapshot_tampered/);
  });

  it("to the machine's content, not only its version: reordered fields are refused", () => {
    const s = conversation().snapshot();
    const reordered = { ...leadCapture, fields: [...leadCapture.fields].reverse() };
    expect(() => restoreConversation(reordered, s, { chatReader, clock })).toThrow(/snapshot_version/);
    const retold = { ...leadCapture, nodes: leadCapture.nodes.map((n) => (n.kind === "end" ? { ...n, text: ["Bye."] } : n)) };
    expect(() => restoreConversation(retold, s, { chatReader, clock })).toThrow(/snapshot_version/);
    expect(JSON.parse(s).machine).toMatch(/^[0-9a-f]{64}$/);
  });

  it("to a key that is not empty, and a MAC the host can supply", () => {
    for (const key of ["", "k"]) expect(() => createConversation(leadCapture, { chatReader, key })).toThrow(/snapshot_key/);
    expect(() => createConversation(leadCapture, { chatReader, key: "", hashes })).toThrow(/snapshot_key/);
    const s = conversation("k").snapshot();
    expect(() => restoreConversation(leadCapture, s, { chatReader, key: "", hashes })).toThrow(/snapshot_key/);
    // Node's HMAC and SHA-256, handed in, give the same seal.
    const node = { sha256: (t: string) => createHash("sha256").update(t).digest("hex"), hmacSha256: (k: string, t: string) => createHmac("sha256", k).update(t).digest("hex") };
    const n = createConversation(leadCapture, { chatReader, clock, key: "k", hashes: node });
    for (const a of ["Acme", "pro", "skip", "yes"]) n.answerText(a);
    expect(n.snapshot()).toBe(s);
    expect(restoreConversation(leadCapture, s, { chatReader, clock, key: "k", hashes: node }).snapshot()).toBe(s);
  });

  it("move on at once when a consent lapsed while the conversation waited, as it would have live", () => {
    // The email is asked for the newsletter alone, whose consent lasts a day.
    const lapsing = defineMachine({
      ...leadCapture,
      id: "Lapsing",
      purposes: leadCapture.purposes.map((p) => (p.name === "newsletter" ? { ...p, consentValid: { amount: 1, unit: "days" as const } } : p)),
      nodes: leadCapture.nodes.map((n) => (n.kind === "ask" && n.id === "email" ? { ...n, purposes: [{ purpose: "newsletter", basis: "consent" as const }] } : n)),
    });
    let now = Date.UTC(2025, 0, 31);
    const live = createConversation(lapsing, { chatReader, clock: () => new Date(now) });
    for (const a of ["Acme", "pro", "skip", "yes"]) live.answerText(a);
    expect(live.prompt.step).toBe("email");
    const s = live.snapshot();
    now += 2 * 864e5;
    // Live, the answer finds no lawful purpose left and moves on without storing; restored, it moves on at once.
    const back = restoreConversation(lapsing, s, { chatReader, clock: () => new Date(now) });
    expect(back.prompt.step).toBe("thanks");
    expect(back.revision).toBeGreaterThan(JSON.parse(s).revision);
    expect(live.answerText("ann@example.com")).toMatchObject({ ok: true, prompt: { step: "thanks" } });
    expect(live.dataFor("newsletter")).toEqual({});
    // Restored before the lapse, it stays.
    now -= 864e5 + 1;
    expect(restoreConversation(lapsing, s, { chatReader, clock: () => new Date(now) }).snapshot()).toBe(s);
  });
});
