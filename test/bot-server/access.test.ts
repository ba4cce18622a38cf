// Access control: a conversation answers only to its own token, operator
// endpoints only to the operator's, state changes only to JSON, and a
// browser on another site gets nothing unless CORS was configured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../../examples/bot-server/sqlite-store.ts";
import { checkReceiptCode } from "../../runtime/records.ts";
import { call, OPERATOR, Person, startBot, type Running } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "lawflow-access-"));
const store = new SqliteStore(join(dir, "bot.db"));
let bot: Running;
let noOperator: Running;
let withCors: Running;

beforeAll(async () => {
  bot = await startBot({ store });
  noOperator = await startBot({ store, operatorToken: undefined });
  withCors = await startBot({ store, corsOrigins: ["https://www.acme.example"] });
});
afterAll(async () => {
  for (const b of [bot, noOperator, withCors]) await b.bot.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a conversation's token", () => {
  it("is 256 random bits, stored only as its SHA-256", async () => {
    const person = await Person.start(bot.base);
    expect(person.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(person.token, "base64url")).toHaveLength(32);
    const other = await Person.start(bot.base);
    expect(other.token).not.toBe(person.token);
    expect((await store.get(person.id))!.tokenHash).toBe(createHash("sha256").update(person.token).digest("hex"));
    await store.scrub();
    expect(readFileSync(join(dir, "bot.db")).includes(person.token)).toBe(false);
  });

  it("is needed for every request about the conversation; a wrong one looks like an unknown id", async () => {
    const person = await Person.start(bot.base);
    await person.say("Initech");
    const stranger = await Person.start(bot.base);
    const paths: [string, string, unknown?][] = [
      ["GET", `/conversations/${person.id}/data`],
      ["GET", `/conversations/${person.id}/receipts`],
      ["GET", `/conversations/${person.id}/record`],
      ["POST", `/conversations/${person.id}/messages`, { step: "plan", text: "pro" }],
      ["POST", `/conversations/${person.id}/withdraw`, { purpose: "newsletter" }],
      ["POST", `/conversations/${person.id}/rectify`, { field: "company", value: "Evil" }],
      ["DELETE", `/conversations/${person.id}`],
    ];
    for (const [method, path, body] of paths) {
      expect(await call(bot.base, method, path, { body })).toMatchObject({ status: 401, json: { error: { code: "missing_token" } } });
      expect(await call(bot.base, method, path, { body, token: stranger.token })).toMatchObject({
        status: 404,
        json: { error: { code: "unknown_conversation" } },
      });
      expect(await call(bot.base, method, path, { body, token: "x".repeat(43) })).toMatchObject({
        status: 404,
        json: { error: { code: "unknown_conversation" } },
      });
    }
    // Unknown ids answer exactly like a wrong token.
    const unknown = await call(bot.base, "GET", "/conversations/nope/data", { token: person.token });
    expect(unknown).toMatchObject({ status: 404, json: { error: { code: "unknown_conversation" } } });
    // None of that touched the conversation.
    const data = await person.get("data");
    expect(data.json.data.map((v: any) => [v.field, v.value])).toEqual([["company", "Initech"]]);
    expect((await person.get("receipts")).json.receipts).toEqual([]);
  });

  it("Art. 7(1): a consent decision's reply carries the person's receipt code, which checks against the stored receipts and names the ISO/IEC TS 27560 record", async () => {
    const person = await Person.start(bot.base);
    await person.say("Initech");
    await person.say("pro");
    await person.say("skip");
    const yes = await person.say("yes");
    const code = yes.json.result.receipt as string;
    expect(code).toMatch(/^0-[0-9a-f]{16}$/);
    const receipts = (await person.get("receipts")).json.receipts;
    expect(checkReceiptCode(code, receipts).ok).toBe(true);
    const record = (await person.get("record")).json;
    expect(record["@graph"][0]).toMatchObject({ "@type": "dpv:ConsentRecord", "dct:identifier": person.id });
    expect(JSON.stringify(record)).toContain(`"dct:identifier":"${code}"`);
  });

  it("does not percent-decode ids: a broken escape is an unknown id, not a server error", async () => {
    const person = await Person.start(bot.base);
    for (const path of ["/%E0%A4%A", "/conversations/%E0%A4%A/data", "/conversations/%E0%A4%A", `/conversations/${person.id}%2F..%2Fdata/data`]) {
      const r = await call(bot.base, "GET", path, { token: person.token });
      expect(r.status, path).toBeLessThan(500);
      expect(r.json.error.code).toMatch(/^(not_found|unknown_conversation|method_not_allowed)$/);
    }
  });
});

describe("operator endpoints", () => {
  it("need the operator token, which no conversation token can stand in for", async () => {
    const person = await Person.start(bot.base);
    for (const [method, path] of [
      ["POST", "/purge"],
      ["GET", "/conversations"],
      ["GET", "/quarantine"],
      ["GET", "/versions"],
      ["GET", "/metrics"],
    ] as const) {
      expect((await call(bot.base, method, path)).status, path).toBe(401);
      expect(await call(bot.base, method, path, { token: person.token })).toMatchObject({ status: 401, json: { error: { code: "invalid_token" } } });
      expect((await call(bot.base, method, path, { token: OPERATOR })).status, path).toBe(200);
      expect(await call(noOperator.base, method, path, { token: OPERATOR })).toMatchObject({ status: 403, json: { error: { code: "operator_disabled" } } });
    }
  });

  it("a purge, even with the operator token, answers with counts and field names, never values or ids", async () => {
    const person = await Person.start(bot.base);
    await person.say("Umbrella Corp");
    const purge = await call(bot.base, "POST", "/purge", { token: OPERATOR });
    expect(purge.status).toBe(200);
    expect(Object.keys(purge.json).sort()).toEqual(["abandoned", "due", "expiredResponses", "fields", "purged", "quarantined"]);
    expect(JSON.stringify(purge.json)).not.toContain(person.id);
    expect(JSON.stringify(purge.json)).not.toContain("Umbrella");
  });

  it("lists ids in pages and serves Prometheus metrics", async () => {
    const first = await call(bot.base, "GET", "/conversations?limit=2", { token: OPERATOR });
    expect(first.json.ids).toHaveLength(2);
    const next = await call(bot.base, "GET", `/conversations?limit=2&after=${first.json.next}`, { token: OPERATOR });
    expect(next.json.ids[0] > first.json.ids[1]).toBe(true);
    const metrics = await call(bot.base, "GET", "/metrics", { token: OPERATOR });
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.json).toMatch(/^lawflow_bot_conversations \d+$/m);
    expect(metrics.json).toMatch(/^lawflow_bot_requests_total\{route="POST \/conversations",status="201"\} \d+$/m);
  });

  it("may erase a conversation for a request made elsewhere (e-mail, post)", async () => {
    const person = await Person.start(bot.base);
    await person.say("Wayne Enterprises");
    const erased = await call(bot.base, "DELETE", `/conversations/${person.id}`, { token: OPERATOR });
    expect(erased.json.erased).toEqual(["company"]);
    expect((await person.get("data")).json.data).toEqual([]);
    // The operator token reads no one's data.
    expect((await call(bot.base, "GET", `/conversations/${person.id}/data`, { token: OPERATOR })).status).toBe(404);
  });
});

describe("what a browser on another site can do", () => {
  it("nothing that changes state without JSON: text/plain and form posts are refused before anything runs", async () => {
    const person = await Person.start(bot.base);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await call(bot.base, "DELETE", `/conversations/${person.id}`, { token: person.token, headers: { "content-type": type } });
      expect(r).toMatchObject({ status: 415, json: { error: { code: "unsupported_media_type" } } });
      const m = await call(bot.base, "POST", `/conversations/${person.id}/messages`, {
        token: person.token,
        raw: JSON.stringify({ step: "company", text: "x" }),
        headers: { "content-type": type },
      });
      expect(m.status).toBe(415);
      expect((await call(bot.base, "POST", "/conversations", { headers: { "content-type": type } })).status).toBe(415);
    }
    expect((await person.get("data")).status).toBe(200);
    expect(person.step).toBe("company");
  });

  it("no CORS unless configured, and then only for the origins given", async () => {
    const preflight = (base: string, origin: string) =>
      fetch(`${base}/conversations`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const off = await preflight(bot.base, "https://www.acme.example");
    expect(off.headers.get("access-control-allow-origin")).toBeNull();
    expect(off.status).toBe(405);
    const created = await fetch(`${bot.base}/conversations`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
    });
    expect(created.headers.get("access-control-allow-origin")).toBeNull();

    const on = await preflight(withCors.base, "https://www.acme.example");
    expect(on.status).toBe(204);
    expect(on.headers.get("access-control-allow-origin")).toBe("https://www.acme.example");
    expect(on.headers.get("access-control-allow-headers")).toContain("authorization");
    const other = await preflight(withCors.base, "https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
