// Exactly-once answers: a request names the step it answers, so a double
// click, a retry or a second tab can never answer the next question; with an
// idempotency key, a retried request gets the original response.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileFile } from "../../compiler/compile.ts";
import { SqliteStore } from "../../examples/bot-server/sqlite-store.ts";
import { SealKeys } from "../../examples/bot-server/seal.ts";
import { call, Person, startBot, type Running } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "lawflow-once-"));
const store = new SqliteStore(join(dir, "bot.db"));
const workers: Running[] = [];

beforeAll(async () => {
  // Two workers on one database file, as two processes behind a load balancer would be.
  workers.push(await startBot({ store }), await startBot({ store: new SqliteStore(join(dir, "bot.db")) }));
});
afterAll(async () => {
  for (const w of workers) await w.bot.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const held = async (p: Person) => Object.fromEntries((await p.get("data")).json.data.map((v: any) => [v.field, v.value]));

describe("exactly-once answers", () => {
  it("a double-submitted answer is applied once and never to the next question (50 of 50 trials)", async () => {
    for (let trial = 0; trial < 50; trial++) {
      const person = await Person.start(workers[0]!.base);
      const twin = new Person(workers[trial % 2]!.base, person.id, person.token);
      twin.step = person.step;
      // "Enterprise" is a valid company name and a valid plan: sent twice at the company question.
      const replies = await Promise.all([person.say("Enterprise"), twin.say("Enterprise")]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      const refused = replies.find((r) => r.status === 409)!;
      expect(refused.json.error.code).toBe("stale_step");
      expect(refused.json.prompt.step).toBe("plan");
      expect(await held(person)).toEqual({ company: "Enterprise" });
      person.step = "plan";
      expect((await person.say("pro")).json.prompt.step).toBe("birth_year");
    }
  });

  it("a late retry of an answer already taken gets the current prompt, and changes nothing", async () => {
    const person = await Person.start(workers[0]!.base);
    await person.say("Acme");
    const revision = (await store.get(person.id))!.revision;
    const late = await call(workers[1]!.base, "POST", `/conversations/${person.id}/messages`, { token: person.token, body: { step: "company", text: "Acme" } });
    expect(late).toMatchObject({ status: 409, json: { error: { code: "stale_step" }, prompt: { step: "plan" }, ended: false } });
    expect((await store.get(person.id))!.revision).toBe(revision);
  });

  it("rights commands are taken at any step: they answer no question", async () => {
    const person = await Person.start(workers[0]!.base);
    for (const t of ["Acme", "pro", "skip", "yes"]) await person.say(t);
    const stop = await call(workers[0]!.base, "POST", `/conversations/${person.id}/messages`, { token: person.token, body: { step: "company", text: "stop" } });
    expect(stop.status).toBe(200);
    expect(stop.json.result.command).toBe("withdraw");
    const skip = await call(workers[0]!.base, "POST", `/conversations/${person.id}/messages`, { token: person.token, body: { step: "plan", text: "skip" } });
    expect(skip.json.error.code).toBe("stale_step");
  });

  it('erasure asked twice — "forget me" double-clicked, or DELETE again — records one erasure and answers the same', async () => {
    const person = await Person.start(workers[0]!.base);
    for (const text of ["Acme", "pro", "1990", "yes", "ann@acme.example"]) expect((await person.say(text)).status).toBe(200);
    const twin = new Person(workers[1]!.base, person.id, person.token);
    twin.step = person.step;
    const replies = await Promise.all([person.say("forget me"), twin.say("Forget me!")]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map((r) => r.json.result.command)).toEqual(["erase", "erase"]);
    // Both carry the code of the one erasure receipt: the person keeps one code, whichever answer arrived.
    expect(replies[0]!.json.result.receipt).toBe(replies[1]!.json.result.receipt);
    expect((await person.say("delete my data")).json.result.receipt).toBe(replies[0]!.json.result.receipt);
    expect((await person.get("receipts")).json.receipts.map((r: any) => r.decision)).toEqual(["given", "erased"]);
  });

  it("erasure asked again records nothing more where a legal obligation keeps data through it", async () => {
    const shop = await startBot({ store, machine: compileFile("examples/shop/shop.flow", { until: "lower" }).machine! });
    try {
      const person = await Person.start(shop.base);
      for (const text of ["green", "Ann Smith", "1 High St", "ann@example.com", "no"]) expect((await person.say(text)).status).toBe(200);
      expect((await person.erase()).json).toMatchObject({ erased: ["product", "email"], alreadyErased: false });
      // The invoice's name and address stay (tax law): nothing more to erase, so nothing more to record.
      expect((await person.erase()).json).toMatchObject({ erased: [], alreadyErased: true });
      expect((await person.say("forget me")).json.result).toMatchObject({ command: "erase", erased: [] });
      expect((await person.get("receipts")).json.receipts.map((r: any) => r.decision)).toEqual(["refused", "erased"]);
      expect(Object.keys(await held(person)).sort()).toEqual(["address", "name"]);
    } finally {
      await shop.bot.close();
    }
  });

  it("erasure after the end says what a legal obligation keeps, and why, as erasure during the conversation does (Art. 17(3)(b))", async () => {
    const shop = await startBot({ store, machine: compileFile("examples/shop/shop.flow", { until: "lower" }).machine! });
    try {
      const kept = [expect.stringMatching(/^We keep the data we need for “Keep the invoice for your order” \(Tax law requires invoices/)];
      const during = await Person.start(shop.base);
      for (const text of ["green", "Ann Smith"]) expect((await during.say(text)).status).toBe(200);
      expect((await during.say("forget me")).json.prompt).toMatchObject({ kind: "erased", messages: kept });
      // The shop's closing message tells the person to type "forget me": after the end, the answer says the same.
      const after = await Person.start(shop.base);
      for (const text of ["green", "Ann Smith", "1 High St", "ann@example.com", "no"]) expect((await after.say(text)).status).toBe(200);
      expect((await after.say("forget me")).json.prompt).toMatchObject({ kind: "erased", messages: kept });
      expect((await after.erase()).json.prompt).toMatchObject({ kind: "erased", messages: kept });
      const deleted = await Person.start(shop.base);
      for (const text of ["green", "Ann Smith", "1 High St", "ann@example.com", "no"]) expect((await deleted.say(text)).status).toBe(200);
      expect((await deleted.erase()).json.prompt).toMatchObject({ kind: "erased", messages: kept });
    } finally {
      await shop.bot.close();
    }
  });

  it("a message must name its step", async () => {
    const person = await Person.start(workers[0]!.base);
    const r = await call(workers[0]!.base, "POST", `/conversations/${person.id}/messages`, { token: person.token, body: { text: "Acme" } });
    expect(r).toMatchObject({ status: 400, json: { error: { code: "missing_step" } } });
  });
});

describe("idempotency keys", () => {
  it("a retried request gets the original response, on any worker, and is applied once", async () => {
    const person = await Person.start(workers[0]!.base);
    const key = { "idempotency-key": "answer-1" };
    const first = await person.say("Acme", key);
    const revision = (await store.get(person.id))!.revision;
    // The response was lost; the client retries the same request on another worker.
    const retry = await call(workers[1]!.base, "POST", `/conversations/${person.id}/messages`, {
      token: person.token,
      body: { step: "company", text: "Acme" },
      headers: key,
    });
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect((await store.get(person.id))!.revision).toBe(revision);
  });

  it("two copies racing with one key are applied once and both get the same response", async () => {
    for (let trial = 0; trial < 20; trial++) {
      const person = await Person.start(workers[0]!.base);
      const headers = { "idempotency-key": `k-${trial}` };
      const send = (w: Running) =>
        call(w.base, "POST", `/conversations/${person.id}/messages`, { token: person.token, body: { step: "company", text: "Enterprise" }, headers });
      const [a, b] = await Promise.all([send(workers[0]!), send(workers[1]!)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.json).toEqual(b.json);
      expect(await held(person)).toEqual({ company: "Enterprise" });
      expect((await person.get("receipts")).json.receipts).toEqual([]);
    }
  });

  it("a key reused for another request is refused; a malformed key too", async () => {
    const person = await Person.start(workers[0]!.base);
    await person.say("Acme", { "idempotency-key": "same" });
    const other = await call(workers[0]!.base, "POST", `/conversations/${person.id}/messages`, {
      token: person.token,
      body: { step: "plan", text: "pro" },
      headers: { "idempotency-key": "same" },
    });
    expect(other).toMatchObject({ status: 422, json: { error: { code: "idempotency_key_reused" } } });
    const bad = await call(workers[0]!.base, "POST", `/conversations/${person.id}/messages`, {
      token: person.token,
      body: { step: "plan", text: "pro" },
      headers: { "idempotency-key": "no spaces" },
    });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: "invalid_idempotency_key" } } });
  });

  it("a retried start with a key gets the original conversation, on any worker, even after answers and a seal-key rotation", async () => {
    const key = "8d1e7c2a-5b0f-4e7a-9c3d-2f6b1a0e4d95";
    const start = (w: number, k = key) => call(workers[w]!.base, "POST", "/conversations", { headers: { "idempotency-key": k } });
    const before = (await store.counts()).conversations;
    const [first, raced] = await Promise.all([start(0), start(1)]);
    expect(first.status).toBe(201);
    expect(raced).toMatchObject({ status: 201, json: first.json });
    const person = new Person(workers[0]!.base, first.json.id, first.json.token);
    person.step = first.json.prompt.step;
    await person.say("Acme");
    // Retried after the response was lost and the person went on: the same conversation, the original response, nothing reset.
    expect(await start(1)).toMatchObject({ status: 201, json: first.json });
    expect(await held(person)).toEqual({ company: "Acme" });
    expect((await store.counts()).conversations).toBe(before + 1);
    // Another key is another conversation.
    const other = await start(0, "3f0c9b8e-1d2a-4c5b-8e7f-6a9b0c1d2e3f");
    expect(other.json.id).not.toBe(first.json.id);
    expect((await store.counts()).conversations).toBe(before + 2);
    // After the seal key is rotated, the old key still finds it.
    const rotated = await startBot({ store, keys: SealKeys.parse(`k2=${"z".repeat(32)},k1=0123456789abcdef0123456789abcdef`) });
    try {
      expect(await call(rotated.base, "POST", "/conversations", { headers: { "idempotency-key": key } })).toMatchObject({ status: 201, json: first.json });
    } finally {
      await rotated.bot.close();
    }
    // A key short enough to be guessed would let a stranger in: refused.
    expect(await start(0, "retry-1")).toMatchObject({ status: 400, json: { error: { code: "invalid_idempotency_key" } } });
  });

  it("kept responses are dropped on erasure (they may quote what was erased) and after 24 hours", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const local = await startBot({ store, clock: () => new Date(now) });
    try {
      const person = await Person.start(local.base);
      for (const [i, t] of ["Hooli", "pro", "1990", "no", "gavin@hooli.example"].entries()) await person.say(t, { "idempotency-key": `k${i}` });
      expect((await store.response(person.id, "k4"))!.body).toContain("Thanks, Hooli!");
      const keep = await Person.start(local.base);
      await keep.say("Pied Piper", { "idempotency-key": "k0" });
      await person.erase();
      for (let i = 0; i < 5; i++) expect(await store.response(person.id, `k${i}`)).toBeUndefined();
      expect(await store.response(keep.id, "k0")).toBeDefined();
      now += 25 * 3600 * 1000;
      expect((await local.bot.purge()).expiredResponses).toBeGreaterThanOrEqual(1);
      expect(await store.response(keep.id, "k0")).toBeUndefined();
    } finally {
      await local.bot.close();
    }
  });
});
