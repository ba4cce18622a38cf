/**
 * The bot server under load, side by side: several server processes on one
 * PostgreSQL database against one process on SQLite, the same bounded load
 * from the same client, on loopback only.
 *
 *   node examples/bot-server/build.mjs && npx tsx examples/bot-server/load.ts \
 *     [--workers 3] [--users 32] [--conversations 600] [--seed 100000] [--time-limit 120]
 *
 * Both stores run at once, idle in turn; each phase runs on one store, then
 * on the other:
 *
 * 1. steady — `--conversations` conversations by `--users` concurrent
 *    people (a start, then five answers, each with an idempotency key; a
 *    start's key is a random UUID, as a client sends; then the start is sent
 *    again with its key, as by a client whose response was lost, and must
 *    return the same conversation: same id and token, its first prompt);
 * 2. crash — the same load, with one worker killed with `kill -9` when a
 *    third of it is done and started again; a request that fails on the
 *    connection is retried with the same key on the next worker;
 * 3. purge — `--seed` conversations whose data expired were written into the
 *    store beforehand, and the purge job runs beside the load (on every
 *    worker at once: on PostgreSQL they share the work);
 * 4. steady again: with the first, the baseline the others are compared to.
 *
 * After each phase every conversation is read back: every acknowledged
 * answer must be held, and every receipt chain must hold exactly one receipt
 * and be verified. PostgreSQL comes from LAWFLOW_TEST_DATABASE_URL, or is
 * started with scripts/setup-postgres.sh; its processes share one key vault
 * (`--key-vault`, vault.ts), as a deployment that must erase does, so the
 * figures include encrypting every answer written. Prints a Markdown table; with
 * `--write`, also puts it in bench/results.json and bench/results.md.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { compileFile } from "../../compiler/compile.ts";
import { createConversation } from "../../runtime/index.ts";
import { chatReader } from "../../runtime/chat.ts";
import { machineKeyOf } from "./server.ts";
import { rowParts, SealKeys, sha256Hex } from "./seal.ts";
import { SqliteStore } from "./sqlite-store.ts";
import { KeyVault } from "./vault.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const serverFile = join(root, "examples/bot-server/dist/server.mjs");
const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "3" },
    users: { type: "string", default: "32" },
    conversations: { type: "string", default: "600" },
    seed: { type: "string", default: "100000" },
    "time-limit": { type: "string", default: "120" },
    only: { type: "string" },
    write: { type: "boolean", default: false },
  },
});
const WORKERS = Number(values.workers);
const USERS = Number(values.users);
const CONVERSATIONS = Number(values.conversations);
const SEED = Number(values.seed);
const TIME_LIMIT_MS = Number(values["time-limit"]) * 1000;
for (const [name, v] of Object.entries({ WORKERS, USERS, CONVERSATIONS, SEED, TIME_LIMIT_MS }))
  if (!Number.isInteger(v) || v < 0 || (name !== "SEED" && v < 1)) {
    console.error(`load: bad --${name.toLowerCase().replace("_ms", "").replace("_", "-")}`);
    process.exit(2);
  }

const SEAL_KEYS = `load=${randomBytes(24).toString("base64url")}`;
const OPERATOR = randomBytes(24).toString("base64url");
const keys = SealKeys.parse(SEAL_KEYS);
const machine = compileFile(join(root, "examples/lead-capture/lead.flow"), { until: "lower" }).machine!;
const machineKey = machineKeyOf(machine);

interface Worker {
  child: ChildProcess;
  base: string;
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
}

async function spawnWorker(args: string[], env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(process.execPath, [serverFile, "--host", "127.0.0.1", "--port", "0", "--purge-every", "0", ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => {
    // Per-request log lines would fill memory over a long run; keep only the tail for errors.
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${stderr}`)), 30_000);
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}: ${stderr}`));
    });
  });
  return { child, base, args, env };
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise((r) => w.child.once("exit", r));
  w.child.kill("SIGTERM");
  await exited;
}

async function killAndRestart(w: Worker): Promise<void> {
  const exited = new Promise((r) => w.child.once("exit", r));
  w.child.kill("SIGKILL");
  await exited;
  const fresh = await spawnWorker(w.args, w.env);
  w.child = fresh.child;
  w.base = fresh.base;
}

interface Reply {
  status: number;
  json: any;
}

/** One HTTP request; a failure on the connection (a killed worker) is retried with the same idempotency key on the next worker. */
async function request(workers: Worker[], start: number, method: string, path: string, token?: string, body?: unknown, key?: string): Promise<Reply> {
  const deadline = Date.now() + 15_000;
  for (let attempt = 0; ; attempt++) {
    const w = workers[(start + attempt) % workers.length]!;
    try {
      const res = await fetch(w.base + path, {
        method,
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(key ? { "idempotency-key": key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

interface Acknowledged {
  id: string;
  token: string;
  answers: Record<string, unknown>;
}

interface PhaseResult {
  conversations: number;
  answers: number;
  seconds: number;
  latencies: number[];
  acknowledged: Acknowledged[];
  errors: number;
  /** Starts sent again with their key after the answers, and how many returned the same conversation. */
  repeated: number;
  sameConversation: number;
}

/** `count` conversations by `users` concurrent people; `during(progress)` runs at a third of the way. */
async function load(workers: Worker[], count: number, onThird?: () => Promise<void>): Promise<PhaseResult> {
  const latencies: number[] = [];
  const acknowledged: Acknowledged[] = [];
  let next = 0;
  let done = 0;
  let answers = 0;
  let errors = 0;
  let repeated = 0;
  let sameConversation = 0;
  let third: Promise<void> | undefined;
  const began = performance.now();
  const stopAt = Date.now() + TIME_LIMIT_MS;
  async function person(u: number): Promise<void> {
    while (next < count && Date.now() < stopAt) {
      const n = next++;
      // A start's key names its conversation (at least 16 characters, as secret as the token): a fresh UUID per conversation.
      const startKey = randomUUID();
      const created = await request(workers, u, "POST", "/conversations", undefined, undefined, startKey);
      if (created.status !== 201) {
        errors++;
        continue;
      }
      const { id, token } = created.json as { id: string; token: string };
      const firstStep: string = created.json.prompt.step;
      let step: string | null = firstStep;
      const ack: Acknowledged = { id, token, answers: {} };
      const script: [string, string, unknown][] = [
        ["company", `Load ${n} Ltd`, `Load ${n} Ltd`],
        ["plan", "pro", "pro"],
        ["birth_year", "1980", 1980],
        ["newsletter", n % 2 ? "yes" : "no", undefined],
        [n % 2 ? "email" : "quote_email", `user${n}@load.example`, `user${n}@load.example`],
      ];
      for (const [i, [expected, text, value]] of script.entries()) {
        if (step !== expected) throw new Error(`conversation ${n}: at ${step}, expected ${expected}`);
        const t0 = performance.now();
        const r = await request(workers, u + i, "POST", `/conversations/${id}/messages`, token, { step, text }, `a${i}`);
        latencies.push(performance.now() - t0);
        if (r.status !== 200) {
          errors++;
          break;
        }
        answers++;
        if (value !== undefined) ack.answers[expected === "quote_email" ? "email" : expected] = value;
        step = r.json.prompt.step;
      }
      // The start again with its key, however far the conversation has gone: the same conversation, its first prompt.
      const again = await request(workers, u + script.length, "POST", "/conversations", undefined, undefined, startKey);
      repeated++;
      if (again.status === 201 && again.json.id === id && again.json.token === token && again.json.prompt?.step === firstStep) sameConversation++;
      acknowledged.push(ack);
      done++;
      if (onThird && !third && done >= count / 3) third = onThird();
    }
  }
  await Promise.all(Array.from({ length: USERS }, (_, u) => person(u)));
  await third;
  return { conversations: done, answers, seconds: (performance.now() - began) / 1000, latencies, acknowledged, errors, repeated, sameConversation };
}

/** Every acknowledged answer is held; every receipt chain has exactly its one receipt and is verified. */
async function verify(workers: Worker[], acknowledged: Acknowledged[]): Promise<{ lost: number; duplicated: number; unverified: number }> {
  let lost = 0;
  let duplicated = 0;
  let unverified = 0;
  for (const a of acknowledged) {
    const data = await request(workers, 0, "GET", `/conversations/${a.id}/data`, a.token);
    const held = Object.fromEntries((data.json.data ?? []).map((v: { field: string; value: unknown }) => [v.field, v.value]));
    for (const [field, value] of Object.entries(a.answers)) if (held[field] !== value) lost++;
    const receipts = await request(workers, 0, "GET", `/conversations/${a.id}/receipts`, a.token);
    if (receipts.json.verified !== true) unverified++;
    const expected = "newsletter" in a.answers || "email" in a.answers ? 1 : 0;
    if ((receipts.json.receipts?.length ?? 0) > expected) duplicated++;
  }
  return { lost, duplicated, unverified };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** A sealed snapshot of a conversation whose quote data ran out long ago: what the purge job will find. */
function expiredSnapshot(): { snapshot: string; purgeAt: number } {
  const conv = createConversation(machine, {
    clock: () => new Date("2025-01-01T00:00:00Z"),
    method: "bot-server",
    erasedText: "Your data has been erased. Thank you.",
    chatReader,
  });
  conv.answerText("Seeded Ltd");
  conv.answerText("basic");
  return { snapshot: conv.snapshot(), purgeAt: Date.parse("2025-04-01T00:00:00Z") };
}

function seedRows(count: number, each: (row: unknown[]) => void): void {
  const { snapshot, purgeAt } = expiredSnapshot();
  for (let i = 0; i < count; i++) {
    const id = `seed-${String(i).padStart(7, "0")}`;
    const tokenHash = sha256Hex(id);
    const { keyId, mac } = keys.seal(rowParts(id, machineKey, tokenHash, snapshot));
    each([id, snapshot, machineKey, tokenHash, keyId, mac, purgeAt, "2025-01-01T00:00:00.000Z"]);
  }
}

function seedSqlite(path: string, count: number): void {
  const db = new Database(path);
  const insert = db.prepare(
    "INSERT INTO conversations (id, revision, snapshot, machine, token_hash, key_id, seal, purge_at, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  db.transaction(() => seedRows(count, (row) => insert.run(...row, row.at(-1))))();
  db.close();
}

/** Rows as the PostgreSQL store writes them with a key vault: each snapshot encrypted under its conversation's key. */
async function seedPostgres(url: string, count: number, vaultPath: string): Promise<void> {
  const vault = new KeyVault(vaultPath);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const at = params.length;
      params.push(...row);
      return `($${at + 1}, 1, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}, $${at + 8}, $${at + 8})`;
    });
    await client.query(
      `INSERT INTO conversations (id, revision, snapshot, machine, token_hash, key_id, seal, purge_at, created_at, updated_at) VALUES ${tuples.join(", ")}`,
      params,
    );
    batch = [];
  };
  const rows: unknown[][] = [];
  seedRows(count, (row) => {
    const id = row[0] as string;
    rows.push([id, vault.encrypt(id, vault.key(id), row[1] as string), ...row.slice(2)]);
  });
  vault.close();
  for (const row of rows) {
    batch.push(row);
    if (batch.length === 1000) await flush();
  }
  await flush();
  await client.query("ANALYZE conversations");
  await client.end();
}

interface Report {
  store: string;
  phase: string;
  workers: number;
  result: PhaseResult;
  checked: { lost: number; duplicated: number; unverified: number };
  purge?: { seconds: number; purged: number };
}

interface Deployment {
  readonly name: string;
  readonly workers: Worker[];
  readonly cleanup: () => Promise<void>;
}

async function deploy(
  name: string,
  workerCount: number,
  prepare: () => Promise<{ args: string[]; seed: (n: number) => Promise<void>; cleanup: () => Promise<void> }>,
): Promise<Deployment> {
  const { args, seed, cleanup } = await prepare();
  const env = { ...process.env, LAWFLOW_SEAL_KEYS: SEAL_KEYS, LAWFLOW_OPERATOR_TOKEN: OPERATOR, DATABASE_URL: "" };
  // Seeded before the workers start, so the purge phase finds them; no other phase claims them (the job is off).
  await seed(SEED);
  const workers: Worker[] = [];
  for (let i = 0; i < workerCount; i++) workers.push(await spawnWorker(args, env));
  // Warm-up: compiled code paths, connection pools.
  await load(workers, Math.min(50, CONVERSATIONS));
  return { name, workers, cleanup };
}

async function phase(d: Deployment, name: string, run: () => Promise<PhaseResult>, purge?: { seconds: number; purged: number }): Promise<Report> {
  const result = await run();
  return { store: d.name, phase: name, workers: d.workers.length, result, checked: await verify(d.workers, result.acknowledged), purge };
}

async function besidePurge(d: Deployment): Promise<Report> {
  let report: { seconds: number; purged: number } | undefined;
  const purging = (async () => {
    const t0 = performance.now();
    // Every worker purges at once; on PostgreSQL they share the batches (SKIP LOCKED), on SQLite they take turns.
    const results = await Promise.all(d.workers.map((_, i) => request(d.workers, i, "POST", "/purge", OPERATOR)));
    report = { seconds: (performance.now() - t0) / 1000, purged: results.reduce((sum, r) => sum + (r.json.purged ?? 0), 0) };
  })();
  const r = await phase(d, `beside purge of ${SEED.toLocaleString("en")}`, () => load(d.workers, CONVERSATIONS));
  await purging;
  return { ...r, purge: report };
}

function postgresUrl(): string {
  if (process.env.LAWFLOW_TEST_DATABASE_URL) return process.env.LAWFLOW_TEST_DATABASE_URL;
  const out = execFileSync("bash", [join(root, "scripts/setup-postgres.sh"), "start"], { encoding: "utf8" });
  const m = /LAWFLOW_TEST_DATABASE_URL=(\S+)/.exec(out);
  if (!m) throw new Error("scripts/setup-postgres.sh did not print a database URL");
  return m[1]!;
}

const started = new Date();
const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
const deployments: Deployment[] = [];
const all: Report[] = [];
try {
  if (values.only !== "postgres")
    deployments.push(
      await deploy("SQLite", 1, async () => {
        const dir = mkdtempSync(join(tmpdir(), "lawflow-load-"));
        const path = join(dir, "bot.db");
        await new SqliteStore(path).close();
        return { args: ["--db", path], seed: async (n) => seedSqlite(path, n), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
      }),
    );
  if (values.only !== "sqlite")
    deployments.push(
      await deploy("PostgreSQL", WORKERS, async () => {
        const base = postgresUrl();
        const schema = `load_${randomBytes(4).toString("hex")}`;
        const admin = new pg.Client({ connectionString: base });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.end();
        const url = new URL(base);
        url.searchParams.set("options", `-c search_path=${schema}`);
        execFileSync(process.execPath, [serverFile, "migrate", "--database-url", url.toString()], { stdio: "pipe" });
        const vaultDir = mkdtempSync(join(tmpdir(), "lawflow-load-vault-"));
        const vaultPath = join(vaultDir, "keys.db");
        return {
          args: ["--database-url", url.toString(), "--key-vault", vaultPath],
          seed: (n) => seedPostgres(url.toString(), n, vaultPath),
          cleanup: async () => {
            rmSync(vaultDir, { recursive: true, force: true });
            const c = new pg.Client({ connectionString: base });
            await c.connect();
            await c.query(`DROP SCHEMA ${schema} CASCADE`);
            await c.end();
          },
        };
      }),
    );
  // Phases alternate between the stores, and the steady load runs before and after the others, so a
  // change in what else the machine is doing falls on both stores and on the baseline alike.
  for (const d of deployments) all.push(await phase(d, "steady (before)", () => load(d.workers, CONVERSATIONS)));
  for (const d of deployments) all.push(await phase(d, "kill -9 one worker", () => load(d.workers, CONVERSATIONS, () => killAndRestart(d.workers[0]!))));
  for (const d of deployments) all.push(await besidePurge(d));
  for (const d of deployments) all.push(await phase(d, "steady (after)", () => load(d.workers, CONVERSATIONS)));
} finally {
  for (const d of deployments) {
    for (const w of d.workers) await stopWorker(w);
    await d.cleanup();
  }
}

const f = (x: number, d = 0) => x.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  `${USERS} concurrent people over loopback, ${f(CONVERSATIONS)} conversations per phase (a start + 5 answers each, every request with an idempotency key, then the start repeated with its key); PostgreSQL with ${WORKERS} server processes sharing one key vault behind a round-robin client, SQLite with one.`,
  "",
  "| store | processes | phase | conversations/s | answers/s | answer p50 ms | answer p99 ms | p99 ÷ steady p99 | errors | acknowledged answers lost | receipts duplicated | chains unverified | repeated starts: same conversation | purge |",
  "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
];
const order = (r: Report) => deployments.findIndex((d) => d.name === r.store);
for (const r of [...all].sort((a, b) => order(a) - order(b))) {
  const x = r.result;
  // The baseline: the steady runs before and after, their latencies taken together.
  const steady = all.filter((s) => s.store === r.store && s.phase.startsWith("steady")).flatMap((s) => s.result.latencies);
  const ratio = r.phase.startsWith("steady") ? "" : `${f(percentile(x.latencies, 99) / percentile(steady, 99), 2)}×`;
  const purge = r.purge ? `${f(r.purge.purged)} purged in ${f(r.purge.seconds, 1)} s` : "";
  lines.push(
    `| ${r.store} | ${r.workers} | ${r.phase} | ${f(x.conversations / x.seconds, 1)} | ${f(x.answers / x.seconds)} | ${f(percentile(x.latencies, 50), 1)} | ${f(percentile(x.latencies, 99), 1)} | ${ratio} | ${x.errors} | ${r.checked.lost} | ${r.checked.duplicated} | ${r.checked.unverified} | ${f(x.sameConversation)} of ${f(x.repeated)} | ${purge} |`,
  );
}
const markdown = lines.join("\n") + "\n";
console.log("\n" + markdown);

if (values.write) {
  const { renderMarkdown } = await import("../../bench/run.ts");
  const jsonPath = join(root, "bench/results.json");
  const results = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, "utf8")) : {};
  const command = ["npx tsx examples/bot-server/load.ts", ...process.argv.slice(2).filter((a) => a !== "--write")].join(" ");
  results.botServer = {
    date: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 100) / 10,
    loadAverage: loadAtStart,
    data: { command, markdown },
  };
  writeFileSync(jsonPath, JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(root, "bench/results.md"), renderMarkdown(results));
}
const bad = all.some(
  (r) => r.checked.lost + r.checked.duplicated + r.checked.unverified > 0 || r.result.sameConversation < r.result.repeated || (r.purge && r.purge.purged < SEED),
);
process.exit(bad ? 1 : 0);
