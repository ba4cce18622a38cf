import { describe, expect, it } from "vitest";
import { LawflowError, createConversation, restoreConversation } from "./index.ts";
import { canon } from "./canon.ts";
import { sha256 } from "./sha256.ts";
import { leadCapture } from "./test-machines.ts";

const clock = () => new Date(Date.UTC(2025, 0, 31));

/** A lead-capture conversation with consent given and three values held. */
function conversation(key?: string) {
  const c = createConversation(leadCapture, { clock, key });
  c.answerText("Acme");
  c.answerText("pro");
  c.answerText("skip");
  c.answerText("yes");
  return c;
}

/** Change a snapshot's state and recompute its plain SHA-256, as someone who read docs/runtime.md could. */
function reseal(json: string, change: (state: any) => void): string {
  const o = JSON.parse(json);
  change(o.state);
  o.integrity.value = sha256(canon({ flow: o.flow, version: o.version, state: o.state }));
  return JSON.stringify(o);
}

const refused = (json: string, code: string, key?: string) => {
  let error: unknown;
  try {
    restoreConversation(leadCapture, json, { clock, key });
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
    const b = restoreConversation(leadCapture, s, { clock });
    expect(b.snapshot()).toBe(s);
    expect(b.prompt).toEqual(a.prompt);
    expect(b.answerText("ann@example.com")).toEqual(a.answerText("ann@example.com"));
    expect(b.snapshot()).toBe(a.snapshot());
    // Key order and spacing do not matter (a database may reorder JSON members and add spaces).
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(s)).reverse()));
    expect(restoreConversation(leadCapture, reordered, { clock }).snapshot()).toBe(s);
    const deep = (x: unknown): unknown =>
      x && typeof x === "object" ? (Array.isArray(x) ? x.map(deep) : Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, deep(v)]))) : x;
    expect(restoreConversation(leadCapture, JSON.stringify(deep(JSON.parse(s)), null, 2), { clock }).snapshot()).toBe(s);
  });

  it("refuse another flow or version", () => {
    const s = conversation().snapshot();
    expect(() => restoreConversation({ ...leadCapture, version: "1.0.1" }, s)).toThrow(/snapshot_version/);
    expect(() => restoreConversation({ ...leadCapture, id: "Other" }, s)).toThrow(/snapshot_version/);
  });

  it("refuse a changed value, a dropped or reordered receipt", () => {
    const s = conversation().snapshot();
    refused(s.replace('"Acme"', '"Evil"'), "snapshot_tampered");
    const o = JSON.parse(s);
    o.state.r = [];
    refused(JSON.stringify(o), "snapshot_tampered");
    // With the hash recomputed, the receipt chain still gives a dropped or reordered receipt away.
    const two = conversation();
    two.withdraw("newsletter");
    const t = two.snapshot();
    refused(reseal(t, (st) => st.r.shift()), "snapshot_tampered");
    refused(reseal(t, (st) => st.r.reverse()), "snapshot_tampered");
    refused(reseal(t, (st) => (st.r[0].decision = "refused")), "snapshot_tampered");
  });

  it("refuse a resealed state that does not fit the machine", () => {
    const s = conversation().snapshot();
    refused(reseal(s, (st) => (st.extra = 1)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.v[0].v = 42)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.v[0].v = "x".repeat(101))), "snapshot_malformed");
    refused(reseal(s, (st) => (st.v[0].p[0][0] = 1)), "snapshot_malformed"); // newsletter does not need company
    refused(reseal(s, (st) => (st.v[0].p = [])), "snapshot_malformed");
    refused(reseal(s, (st) => (st.n = 0)), "snapshot_malformed"); // a say node is not a state
    refused(reseal(s, (st) => (st.n = "5")), "snapshot_malformed");
    refused(reseal(s, (st) => (st.n = 99)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.c[0] = { s: "given", at: 0, x: null })), "snapshot_malformed"); // quote is not consent-based
    refused(reseal(s, (st) => (st.c[1].s = "maybe")), "snapshot_malformed");
    refused(reseal(s, (st) => (st.o = [1])), "snapshot_malformed");
    refused(reseal(s, (st) => (st.m = [1])), "snapshot_malformed");
    refused(reseal(s, (st) => (st.r = [null])), "snapshot_malformed");
    refused(reseal(s, (st) => (st.v = st.v.slice(1))), "snapshot_malformed");
    refused(reseal(s, (st) => (st.x = "thanks")), "snapshot_malformed");
    // Times a Date cannot hold (export could not print them), and 1e400, which parses as Infinity and prints as null.
    refused(reseal(s, (st) => (st.c[1].at = 9e15)), "snapshot_malformed");
    refused(reseal(s, (st) => (st.v[0].p[0][1] = -9e15)), "snapshot_malformed");
    expect(s).toMatch(/"c":\[null,\{"at":\d+/);
    refused(s.replace(/"c":\[null,\{"at":\d+/, '"c":[null,{"at":1e400'), "snapshot_malformed");
  });

  it("refuse __proto__, constructor and prototype keys anywhere", () => {
    const s = conversation().snapshot();
    refused(s.replace('"state":{', '"state":{"__proto__":{"polluted":1},'), "snapshot_malformed");
    refused(s.replace('"lawflow":2', '"lawflow":2,"constructor":{"prototype":{}}'), "snapshot_malformed");
    refused(reseal(s, (st) => (st.r[0].prototype = 1)), "snapshot_malformed");
    // The same in a snapshot whose members a database reordered.
    const reordered = (json: string) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(json)).reverse()));
    refused(reordered(s.replace('"state":{', '"state":{"__proto__":{"polluted":1},')), "snapshot_malformed");
    refused(reordered(reseal(s, (st) => (st.constructor = 1))), "snapshot_malformed");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuse what is not a snapshot: truncated, empty, other JSON, a megabyte", () => {
    const s = conversation().snapshot();
    for (const bad of [s.slice(0, -1), s.slice(0, s.length / 2), "", "null", "[]", "42", '"x"', "{}", '{"lawflow":2}', "x".repeat(1 << 20), "[".repeat(5000)])
      refused(bad, "snapshot_malformed");
    refused(s.replace('"lawflow":2', '"lawflow":1'), "snapshot_malformed"); // the format before receipts were kept short
  });

  it("are sealed with HMAC-SHA-256 when a key is given, and need it back", () => {
    const s = conversation("k1").snapshot();
    expect(JSON.parse(s).integrity.alg).toBe("hmac-sha256");
    expect(restoreConversation(leadCapture, s, { clock, key: "k1" }).snapshot()).toBe(s);
    refused(s, "snapshot_key");
    refused(s, "snapshot_tampered", "k2");
    refused(conversation().snapshot(), "snapshot_key", "k1");
    // Recomputing a plain hash does not help without the key.
    refused(reseal(s, (st) => (st.v[0].v = "Evil")), "snapshot_key", undefined);
    const forged = JSON.parse(reseal(s, (st) => (st.v[0].v = "Evil")));
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
