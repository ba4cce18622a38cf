/**
 * Starts the bot server:
 *
 *   npx tsx examples/bot-server/main.ts [--port 8080] [--host 127.0.0.1]
 *     [--db bot.db] [--flow examples/lead-capture/lead.flow]
 *     [--purge-every 3600] [--clock 2026-01-01T00:00:00Z]
 *
 * The flow is compiled in memory at start-up; a flow with errors prints its
 * diagnostics and exits 1. `--port 0` binds a random free port; the bound
 * address is printed as `listening on http://HOST:PORT`.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { compileFile, renderDiagnostics } from "../../compiler/index.ts";
import { createConversation, restoreConversation } from "../../runtime/index.ts";
import { createBotServer } from "./server.ts";
import { SqliteStore } from "./sqlite-store.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8080" },
    host: { type: "string", default: "127.0.0.1" },
    db: { type: "string", default: "bot.db" },
    flow: { type: "string", default: defaultFlow() },
    "purge-every": { type: "string", default: "3600" },
    clock: { type: "string" },
  },
});

const port = Number(values.port);
const purgeEvery = Number(values["purge-every"]);
const fixed = values.clock === undefined ? undefined : new Date(values.clock);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, not ${values.port}`);
if (!(purgeEvery >= 0)) fail(`--purge-every must be a number of seconds, not ${values["purge-every"]}`);
if (fixed && Number.isNaN(fixed.getTime())) fail(`--clock must be an ISO date-time, not ${values.clock}`);

const compiled = compileFile(values.flow);
if (!compiled.machine) {
  process.stderr.write(renderDiagnostics(compiled.diagnostics) + "\n");
  process.exit(1);
}
const machine = compiled.machine;
const clock = fixed ? () => new Date(fixed.getTime()) : () => new Date();
const runtimeOptions = { clock, method: "bot-server" };

const store = new SqliteStore(values.db);
const bot = createBotServer({
  store,
  clock,
  start: () => createConversation(machine, runtimeOptions),
  restore: (json) => restoreConversation(machine, json, runtimeOptions),
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
    void bot.close().then(() => store.close()).then(() => process.exit(0));
  });
}

/** The lead-capture example, from the source file or from the bundle in dist/. */
function defaultFlow(): string {
  const candidates = ["../lead-capture/lead.flow", "../../lead-capture/lead.flow"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

function fail(message: string): never {
  process.stderr.write(`bot-server: ${message}\n`);
  process.exit(2);
}
