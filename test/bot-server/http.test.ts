// The bot server over real HTTP on loopback, as a child process with its own
// SQLite file — stopped and started again in the middle of a conversation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lawflow-bot-"));
const db = join(dir, "bot.db");

interface Running {
  readonly child: ChildProcess;
  readonly base: string;
}

const running = new Set<ChildProcess>();

async function startServer(clock = "2026-01-01T00:00:00Z"): Promise<Running> {
  const child = spawn(process.execPath, ["examples/bot-server/dist/server.mjs", "--port", "0", "--db", db, "--clock", clock, "--purge-every", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`bot server did not start: ${stderr}`)), 30_000);
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bot server exited with ${code}: ${stderr}`));
    });
  });
  return { child, base };
}

async function stopServer(s: Running): Promise<void> {
  const exited = new Promise<number | null>((resolve) => s.child.once("exit", (code) => resolve(code)));
  s.child.kill("SIGTERM");
  expect(await exited).toBe(0);
  running.delete(s.child);
}

async function call(base: string, method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(base + path, {
    method,
    headers: body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {},
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const json = (await res.json()) as any;
  return { status: res.status, json };
}
const say = (base: string, id: string, text: string) => call(base, "POST", `/conversations/${id}/messages`, { text });

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("bot server", () => {
  let server: Running;
  beforeAll(async () => {
    // The bundled server starts in well under a second, so restarts stay cheap.
    execFileSync(process.execPath, ["examples/bot-server/build.mjs"], { cwd: root, stdio: "pipe" });
    server = await startServer();
  });

  it("keeps a conversation across a restart: nothing lost, nothing duplicated", async () => {
    const created = await call(server.base, "POST", "/conversations");
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json.prompt.step).toBe("company");
    expect(created.json.prompt.messages).toEqual(["Hi! I can put a quote together for you."]);

    expect((await say(server.base, id, "Acme")).json.prompt.step).toBe("plan");
    const refused = await say(server.base, id, "gold");
    expect(refused.status).toBe(200);
    expect(refused.json.result.ok).toBe(false);
    expect(refused.json.prompt.step).toBe("plan");
    expect((await say(server.base, id, "pro")).json.prompt.step).toBe("birth_year");
    expect((await say(server.base, id, "1987")).json.prompt.step).toBe("newsletter");
    const consented = await say(server.base, id, "yes");
    expect(consented.json.prompt.step).toBe("email");

    const receiptsBefore = (await call(server.base, "GET", `/conversations/${id}/receipts`)).json.receipts;
    expect(receiptsBefore.map((r: any) => [r.purpose, r.decision])).toEqual([["newsletter", "given"]]);
    const dataBefore = (await call(server.base, "GET", `/conversations/${id}/data`)).json;
    expect(Object.fromEntries(dataBefore.data.map((v: any) => [v.field, v.value]))).toEqual({ company: "Acme", plan: "pro", birth_year: 1987 });

    // Stop the process between two messages of the same conversation.
    await stopServer(server);
    server = await startServer();

    const last = await say(server.base, id, "bob@example.com");
    expect(last.status).toBe(200);
    expect(last.json.ended).toBe(true);
    expect(last.json.outcome).toBe("thanks");
    expect(last.json.prompt.text).toBe("Thanks, Acme! Your quote is on its way.");

    const receiptsAfter = (await call(server.base, "GET", `/conversations/${id}/receipts`)).json.receipts;
    expect(receiptsAfter).toEqual(receiptsBefore);
    const dataAfter = (await call(server.base, "GET", `/conversations/${id}/data`)).json;
    expect(dataAfter.data.filter((v: any) => v.field !== "email")).toEqual(dataBefore.data);
    const email = dataAfter.data.filter((v: any) => v.field === "email");
    expect(email).toHaveLength(1);
    expect(email[0].purposes.map((p: any) => p.purpose).sort()).toEqual(["newsletter", "quote"]);

    // A finished conversation takes no more answers.
    const late = await say(server.base, id, "hello");
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("conversation_ended");

    // Withdrawal works after the end (Art. 7(3)); erasure keeps the receipts (Art. 7(1), 17).
    const stop = await say(server.base, id, "stop");
    expect(stop.status).toBe(200);
    expect(stop.json.result).toMatchObject({ ok: true, command: "withdraw", purpose: "newsletter", erased: [] });
    const receiptsStopped = (await call(server.base, "GET", `/conversations/${id}/receipts`)).json.receipts;
    expect(receiptsStopped.map((r: any) => r.decision)).toEqual(["given", "withdrawn"]);
    const erased = await call(server.base, "DELETE", `/conversations/${id}`);
    expect(erased.status).toBe(200);
    expect([...erased.json.erased].sort()).toEqual(["birth_year", "company", "email", "plan"]);
    expect((await call(server.base, "GET", `/conversations/${id}/data`)).json.data).toEqual([]);
    const receiptsErased = (await call(server.base, "GET", `/conversations/${id}/receipts`)).json.receipts;
    expect(receiptsErased.slice(0, 2)).toEqual(receiptsStopped);
    expect(receiptsErased.at(-1).decision).toBe("erased");
    expect(JSON.stringify(receiptsErased)).not.toContain("bob@example.com");
  });

  it("withdraws consent with the flow's own phrase mid-conversation", async () => {
    const id = (await call(server.base, "POST", "/conversations")).json.id as string;
    for (const text of ["Initech", "basic", "skip", "yes"]) expect((await say(server.base, id, text)).status).toBe(200);
    const withdrawn = await say(server.base, id, "unsubscribe");
    expect(withdrawn.json.result.command).toBe("withdraw");
    expect(withdrawn.json.result.purpose).toBe("newsletter");
    const receipts = (await call(server.base, "GET", `/conversations/${id}/receipts`)).json.receipts;
    expect(receipts.map((r: any) => r.decision)).toEqual(["given", "withdrawn"]);
    const access = await say(server.base, id, "what do you know about me");
    expect(access.json.result.command).toBe("export");
    expect(access.json.result.data.data.map((v: any) => v.field)).toEqual(["company", "plan"]);
  });

  it("answers bad requests with JSON errors and codes", async () => {
    const id = (await call(server.base, "POST", "/conversations")).json.id as string;
    const bad = await call(server.base, "POST", `/conversations/${id}/messages`, undefined, "{not json");
    expect(bad).toMatchObject({ status: 400, json: { error: { code: "invalid_json" } } });
    expect(await call(server.base, "POST", `/conversations/${id}/messages`, { txt: "x" })).toMatchObject({ status: 400, json: { error: { code: "missing_text" } } });
    expect(await call(server.base, "POST", `/conversations/${id}/messages`, ["x"])).toMatchObject({ status: 400, json: { error: { code: "missing_text" } } });
    const big = await call(server.base, "POST", `/conversations/${id}/messages`, { text: "x".repeat(70 * 1024) });
    expect(big).toMatchObject({ status: 413, json: { error: { code: "body_too_large" } } });
    expect(await call(server.base, "GET", "/conversations/nope/data")).toMatchObject({ status: 404, json: { error: { code: "unknown_conversation" } } });
    expect(await say(server.base, "nope", "hi")).toMatchObject({ status: 404, json: { error: { code: "unknown_conversation" } } });
    expect(await call(server.base, "GET", "/elsewhere")).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
    expect(await call(server.base, "GET", "/conversations")).toMatchObject({ status: 405, json: { error: { code: "method_not_allowed" } } });
    // Nothing above changed the conversation.
    expect((await say(server.base, id, "Acme")).json.prompt.step).toBe("plan");
  });

  it("purges expired data on demand, by the clock of the restarted server", async () => {
    const id = (await call(server.base, "POST", "/conversations")).json.id as string;
    for (const text of ["Hooli", "pro", "1990", "yes", "gavin@example.com"]) expect((await say(server.base, id, text)).status).toBe(200);
    const purgeNow = await call(server.base, "POST", "/purge");
    expect(purgeNow.json.purged.find((p: any) => p.id === id)).toBeUndefined();

    // 2026-06-01: the quote's 90 days and the audience's 30 days have run out; the newsletter's consent has not.
    await stopServer(server);
    server = await startServer("2026-06-01T00:00:00Z");
    const purged = await call(server.base, "POST", "/purge");
    expect(purged.status).toBe(200);
    expect(purged.json.failed).toEqual([]);
    const mine = purged.json.purged.find((p: any) => p.id === id);
    expect([...mine.fields].sort()).toEqual(["birth_year", "company", "plan"]);
    const data = (await call(server.base, "GET", `/conversations/${id}/data`)).json.data;
    expect(data.map((v: any) => [v.field, v.purposes.map((p: any) => p.purpose)])).toEqual([["email", ["newsletter"]]]);
    // A second run finds nothing more to erase and writes nothing.
    expect((await call(server.base, "POST", "/purge")).json.purged).toEqual([]);
  });

  afterAll(async () => {
    if (running.has(server.child)) await stopServer(server);
  });
});
