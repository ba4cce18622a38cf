/**
 * Starts the bot server, or prepares its database:
 *
 *   npx tsx examples/bot-server/main.ts [serve] [--port 8080] [--host 127.0.0.1]
 *     [--db bot.db | --database-url postgres://…] [--flow examples/lead-capture/lead.flow]
 *     [--keys-file FILE] [--operator-token-file FILE] [--cors-origin ORIGIN]…
 *     [--purge-every 3600] [--clock 2026-01-01T00:00:00Z]
 *   npx tsx examples/bot-server/main.ts migrate --database-url postgres://…
 *
 * Secrets come from the environment or from files, never from the command
 * line (which other users of the machine can read): `LAWFLOW_SEAL_KEYS`
 * (`id=secret,…`, current key first) or `--keys-file`, and
 * `LAWFLOW_OPERATOR_TOKEN` or `--operator-token-file`. Without a seal key
 * the server does not start. `DATABASE_URL` chooses PostgreSQL, as
 * `--database-url` does; otherwise the SQLite file `--db` is used.
 *
 * The flow is compiled in memory at start-up; a flow with errors prints its
 * diagnostics and exits 1. Usage and configuration errors exit 2. `--port 0`
 * binds a random free port; the bound address is printed as
 * `listening on http://HOST:PORT`.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { compileFile, renderDiagnostics } from "../../compiler/index.ts";
import { createBotServer } from "./server.ts";
import { SealKeyError, SealKeys } from "./seal.ts";
import { SqliteStore } from "./sqlite-store.ts";
import { PostgresStore } from "./postgres-store.ts";
import { KeyVault } from "./vault.ts";
import { SchemaOutdated, type ConversationStore } from "./store.ts";

const args = process.argv.slice(2);
const command = args[0] === "migrate" || args[0] === "serve" ? args.shift()! : "serve";

let parsed;
try {
  parsed = parseArgs({
    args,
    options: {
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      db: { type: "string", default: "bot.db" },
      "database-url": { type: "string" },
      flow: { type: "string", default: defaultFlow() },
      "keys-file": { type: "string" },
      "operator-token-file": { type: "string" },
      "cors-origin": { type: "string", multiple: true, default: [] },
      "purge-every": { type: "string", default: "3600" },
      "pool-size": { type: "string", default: "10" },
      "key-vault": { type: "string" },
      clock: { type: "string" },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
const { values } = parsed;
const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;

if (command === "migrate") {
  if (!databaseUrl) fail("migrate needs --database-url or DATABASE_URL (the SQLite file is migrated by the server itself at start)");
  try {
    const { from, to } = await PostgresStore.migrate(databaseUrl);
    process.stdout.write(from === to ? `schema already at version ${to}\n` : `schema migrated from version ${from} to ${to}\n`);
    process.exit(0);
  } catch (e) {
    process.stderr.write(`bot-server: migration failed: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

const port = Number(values.port);
const purgeEvery = Number(values["purge-every"]);
const poolSize = Number(values["pool-size"]);
const fixed = values.clock === undefined ? undefined : new Date(values.clock);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, not ${values.port}`);
if (!(purgeEvery >= 0)) fail(`--purge-every must be a number of seconds, not ${values["purge-every"]}`);
if (!Number.isInteger(poolSize) || poolSize < 1) fail(`--pool-size must be a positive whole number, not ${values["pool-size"]}`);
if (fixed && Number.isNaN(fixed.getTime())) fail(`--clock must be an ISO date-time, not ${values.clock}`);
for (const origin of values["cors-origin"]!)
  if (!/^https?:\/\/[^/\s]+$/.test(origin)) fail(`--cors-origin must be an origin such as https://www.example.com, not ${origin}`);

let keys: SealKeys;
try {
  const text = values["keys-file"] !== undefined ? readSecret(values["keys-file"], "--keys-file") : process.env.LAWFLOW_SEAL_KEYS;
  if (text === undefined || text.trim() === "")
    fail("no seal key: set LAWFLOW_SEAL_KEYS=id=secret (at least 32 random characters; `openssl rand -base64 32`) or give --keys-file FILE");
  keys = SealKeys.parse(text);
} catch (e) {
  if (!(e instanceof SealKeyError)) throw e;
  fail(e.message);
}
const operatorToken =
  values["operator-token-file"] !== undefined ? readSecret(values["operator-token-file"], "--operator-token-file").trim() : process.env.LAWFLOW_OPERATOR_TOKEN;
if (operatorToken !== undefined && operatorToken.length < 32) fail("the operator token must be at least 32 random characters");

const compiled = compileFile(values.flow!);
if (!compiled.machine) {
  process.stderr.write(renderDiagnostics(compiled.diagnostics) + "\n");
  process.exit(1);
}
const clock = fixed ? () => new Date(fixed.getTime()) : () => new Date();

let store: ConversationStore;
// On PostgreSQL, answers are written encrypted under keys kept in this SQLite file, so erasure can shred them (vault.ts).
const vaultPath = values["key-vault"] ?? process.env.LAWFLOW_KEY_VAULT;
if (vaultPath && !databaseUrl) fail("--key-vault is for PostgreSQL; the SQLite store erases physically without one");
const vault = vaultPath ? new KeyVault(vaultPath) : undefined;
if (databaseUrl && !vault)
  process.stderr.write("bot-server: no --key-vault: erased answers stay readable in PostgreSQL's WAL until it is recycled (docs/security.md)\n");
try {
  store = databaseUrl ? await PostgresStore.open(databaseUrl, { max: poolSize, vault }) : new SqliteStore(values.db!);
} catch (e) {
  if (e instanceof SchemaOutdated) fail(e.message);
  process.stderr.write(`bot-server: cannot open the database: ${(e as Error).message}\n`);
  process.exit(1);
}

const bot = await createBotServer({
  store,
  machine: compiled.machine,
  keys,
  operatorToken,
  corsOrigins: values["cors-origin"],
  clock,
  log: (line) => process.stderr.write(line + "\n"),
});
if (purgeEvery > 0) bot.schedulePurge(purgeEvery * 1000);

bot.server.listen(port, values.host, () => {
  const address = bot.server.address();
  if (address && typeof address === "object") {
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    process.stdout.write(`listening on http://${host}:${address.port}\n`);
  }
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Finish the requests in flight, then close the database cleanly.
    void bot
      .close()
      .then(() => store.close())
      .then(() => vault?.close())
      .then(() => process.exit(0));
  });
}

/** The lead-capture example, from the source file or from the bundle in dist/. */
function defaultFlow(): string {
  const candidates = ["../lead-capture/lead.flow", "../../lead-capture/lead.flow"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

function readSecret(path: string, option: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    fail(`${option}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function fail(message: string): never {
  process.stderr.write(`bot-server: ${message}\n`);
  process.exit(2);
}
