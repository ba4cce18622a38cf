// The bot server as it is deployed: the bundled server in a child process,
// over real HTTP on loopback, on SQLite and on PostgreSQL — stopped and
// started again in the middle of a conversation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { call, OPERATOR, Person } from "./harness.ts";
import { freshPostgres, postgresUrl } from "./postgres.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lawflow-bot-"));
const server = join(root, "examples/bot-server/dist/server.mjs");
const env = { ...process.env, LAWFLOW_SEAL_KEYS: "k1=0123456789abcdef0123456789abcdef", LAWFLOW_OPERATOR_TOKEN: OPERATOR, DATABASE_URL: "" };

interface Running {
  readonly child: ChildProcess;
  readonly base: string;
}

const running = new Set<ChildProcess>();

async function startServer(args: string[], clock = "2026-01-01T00:00:00Z", extraEnv: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [server, "--port", "0", "--clock", clock, "--purge-every", "0", ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
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

/** Runs the server to completion (for start-up errors). */
function runServer(args: string[], extraEnv: Record<string, string> = {}) {
  try {
    const stdout = execFileSync(process.execPath, [server, ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: "pipe", encoding: "utf8" });
    return { code: 0, stdout, stderr: "" };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(() => {
  // The bundled server starts in well under a second, so restarts stay cheap.
  execFileSync(process.execPath, ["examples/bot-server/build.mjs"], { cwd: root, stdio: "pipe" });
});
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const pg = postgresUrl();
const backends: [string, () => Promise<string[]>][] = [["SQLite", async () => ["--db", join(dir, `bot-${Math.random().toString(36).slice(2)}.db`)]]];
if (pg) backends.push(["PostgreSQL", async () => ["--database-url", await freshPostgres(pg)]]);

describe.each(backends)("bot server on %s", (_name, database) => {
  let args: string[];
  let server: Running;
  beforeAll(async () => {
    args = await database();
    server = await startServer(args);
  });
  afterAll(async () => {
    if (running.has(server.child)) await stopServer(server);
  });

  it("keeps a conversation across a restart: nothing lost, nothing duplicated", async () => {
    const person = await Person.start(server.base);
    expect(person.step).toBe("company");

    expect((await person.say("Acme")).json.prompt.step).toBe("plan");
    const refused = await person.say("gold");
    expect(refused.status).toBe(200);
    expect(refused.json.result.ok).toBe(false);
    expect(refused.json.prompt.step).toBe("plan");
    expect((await person.say("pro")).json.prompt.step).toBe("birth_year");
    expect((await person.say("1987")).json.prompt.step).toBe("newsletter");
    expect((await person.say("yes")).json.prompt.step).toBe("email");

    const receiptsBefore = (await person.get("receipts")).json;
    expect(receiptsBefore.verified).toBe(true);
    expect(receiptsBefore.receipts.map((r: any) => [r.purpose, r.decision])).toEqual([["newsletter", "given"]]);
    const dataBefore = (await person.get("data")).json;
    expect(Object.fromEntries(dataBefore.data.map((v: any) => [v.field, v.value]))).toEqual({ company: "Acme", plan: "pro", birth_year: 1987 });

    // Stop the process between two messages of the same conversation.
    await stopServer(server);
    server = await startServer(args);
    const resumed = new Person(server.base, person.id, person.token);
    resumed.step = person.step;

    const last = await resumed.say("bob@example.com");
    expect(last.status).toBe(200);
    expect(last.json).toMatchObject({ ended: true, outcome: "thanks", prompt: { text: "Thanks, Acme! Your quote is on its way." } });
    expect((await resumed.get("receipts")).json.receipts).toEqual(receiptsBefore.receipts);

    // A finished conversation takes no more answers; rights commands still work (Art. 7(3)).
    expect((await resumed.say("hello")).json.error.code).toBe("conversation_ended");
    const stop = await resumed.say("stop");
    expect(stop.json.result).toMatchObject({ ok: true, command: "withdraw", purpose: "newsletter", erased: [] });

    // Erasure keeps the receipts (Art. 7(1), 17) and does not greet anyone by an erased name.
    const erased = await resumed.erase();
    expect(erased.status).toBe(200);
    expect([...erased.json.erased].sort()).toEqual(["birth_year", "company", "email", "plan"]);
    expect(erased.json.prompt).toEqual({ kind: "erased", step: null, messages: [], text: "Your data has been erased. Thank you." });
    expect((await resumed.get("data")).json.data).toEqual([]);
    const receiptsErased = (await resumed.get("receipts")).json.receipts;
    expect(receiptsErased.map((r: any) => r.decision)).toEqual(["given", "withdrawn", "erased"]);
    expect(JSON.stringify(receiptsErased)).not.toContain("bob@example.com");
    // Erasing again records nothing more.
    const again = await resumed.erase();
    expect(again.json).toMatchObject({ erased: [], alreadyErased: true });
    expect((await resumed.get("receipts")).json.receipts).toHaveLength(3);
  });

  it("purges expired data on demand, by the clock of the restarted server", async () => {
    const person = await Person.start(server.base);
    for (const text of ["Hooli", "pro", "1990", "yes", "gavin@example.com"]) expect((await person.say(text)).status).toBe(200);
    const purgeNow = await call(server.base, "POST", "/purge", { token: OPERATOR });
    expect(purgeNow.json.purged).toBe(0);

    // 2026-06-01: the quote's 90 days and the audience's 30 days have run out; the newsletter's consent has not.
    await stopServer(server);
    server = await startServer(args, "2026-06-01T00:00:00Z");
    const resumed = new Person(server.base, person.id, person.token);
    const purged = await call(server.base, "POST", "/purge", { token: OPERATOR });
    expect(purged.status).toBe(200);
    expect(purged.json.quarantined).toEqual([]);
    expect(purged.json.purged).toBeGreaterThanOrEqual(1);
    expect(purged.json.fields).toMatchObject({ birth_year: expect.any(Number), company: expect.any(Number), plan: expect.any(Number) });
    const data = (await resumed.get("data")).json.data;
    expect(data.map((v: any) => [v.field, v.purposes.map((p: any) => p.purpose)])).toEqual([["email", ["newsletter"]]]);
    // A second run finds nothing due and writes nothing.
    expect((await call(server.base, "POST", "/purge", { token: OPERATOR })).json).toMatchObject({ due: 0, purged: 0 });
  });

  it("answers bad requests with JSON errors and codes", async () => {
    const person = await Person.start(server.base);
    const path = `/conversations/${person.id}/messages`;
    const token = person.token;
    expect(await call(server.base, "POST", path, { token, raw: "{not json" })).toMatchObject({ status: 400, json: { error: { code: "invalid_json" } } });
    expect(await call(server.base, "POST", path, { token, body: { step: "company", txt: "x" } })).toMatchObject({
      status: 400,
      json: { error: { code: "missing_text" } },
    });
    expect(await call(server.base, "POST", path, { token, body: ["x"] })).toMatchObject({ status: 400, json: { error: { code: "invalid_body" } } });
    const big = await call(server.base, "POST", path, { token, body: { step: "company", text: "x".repeat(70 * 1024) } });
    expect(big).toMatchObject({ status: 413, json: { error: { code: "body_too_large" } } });
    expect(await call(server.base, "GET", "/elsewhere")).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
    expect(await call(server.base, "PUT", "/conversations")).toMatchObject({ status: 405, json: { error: { code: "method_not_allowed" } } });
    expect(await person.post("withdraw", { purpose: "nope" })).toMatchObject({ status: 400, json: { error: { code: "unknown_purpose" } } });
    expect(await person.post("object", { purpose: "quote" })).toMatchObject({ status: 400, json: { error: { code: "wrong_basis" } } });
    expect(await person.post("rectify", { field: "email", value: "a@b.example" })).toMatchObject({ status: 400, json: { error: { code: "not_held" } } });
    // Nothing above changed the conversation.
    expect((await person.say("Acme")).json.prompt.step).toBe("plan");
  });
});

describe("start-up errors", () => {
  it("refuses to start without a seal key, or with a short one, saying what to do", () => {
    const none = runServer(["--db", join(dir, "x.db")], { LAWFLOW_SEAL_KEYS: "" });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("bot-server: no seal key: set LAWFLOW_SEAL_KEYS=id=secret");
    const short = runServer(["--db", join(dir, "x.db")], { LAWFLOW_SEAL_KEYS: "k1=short" });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("seal key k1 is 5 characters long; use at least 32 random characters");
    const missingFile = runServer(["--db", join(dir, "x.db"), "--keys-file", join(dir, "absent")]);
    expect(missingFile).toMatchObject({ code: 2 });
    expect(missingFile.stderr).toContain("--keys-file: cannot read");
    writeFileSync(join(dir, "keys"), "# current first\nk2=abcdefghijklmnopqrstuvwxyz0123456789\nk1=0123456789abcdef0123456789abcdef\n");
  });

  it.skipIf(!pg)("on PostgreSQL, refuses a database that was not migrated, then migrates it", async () => {
    const url = await freshPostgres(pg!, { migrate: false });
    const refused = runServer(["--database-url", url, "--port", "0"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("run `node examples/bot-server/dist/server.mjs migrate`");
    expect(runServer(["migrate", "--database-url", url])).toMatchObject({ code: 0, stdout: "schema migrated from version 0 to 1\n" });
    expect(runServer(["migrate"], { DATABASE_URL: url })).toMatchObject({ code: 0, stdout: "schema already at version 1\n" });
    const s = await startServer(["--keys-file", join(dir, "keys")], "2026-01-01T00:00:00Z", { DATABASE_URL: url });
    expect((await Person.start(s.base)).step).toBe("company");
    await stopServer(s);
  });
});
