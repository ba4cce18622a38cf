/**
 * `npx tsx bench/lsp.ts [lines] [--against DIR]` — how long the language
 * server takes to answer an edit of a generated flow (default 1,000 lines)
 * with its diagnostics: `lawflow lsp --stdio` as a separate process, spoken
 * to over JSON-RPC as an editor would, 30 edits, each timed from sending
 * `didChange` to receiving `publishDiagnostics`. Beside it, the same
 * compilation in this process: the difference is what the protocol and the
 * process boundary cost. Build first (`npm run build`).
 *
 * With `--against DIR` (a directory holding another build's `bin/` and
 * `dist/`, e.g. a copy made before a change), that server runs side by side
 * with this one, their edits interleaved so both see the same load, and the
 * ratio of their medians is printed: on a shared machine only the ratio means
 * anything.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from "vscode-languageserver-protocol/node";
import { compileSource } from "../compiler/compile.ts";
import { generateFlow } from "./generate-flow.ts";
import { fmt, summarize } from "./stats.ts";

const args = process.argv.slice(2);
const againstAt = args.indexOf("--against");
const against = againstAt >= 0 ? resolve(args.splice(againstAt, 2)[1]!) : undefined;
const lines = Number(args[0] ?? 1000);
const EDITS = 30;
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const text = generateFlow({ lines, seed: 1 });
const uri = pathToFileURL(`${ROOT}bench/generated.flow`).href;

/** A server started from `root` (its `bin/lawflow.mjs`), with the flow open; `edit(i)` times one edit. */
async function server(root: string) {
  const child = spawn(process.execPath, [...(process.env.LAWFLOW_BENCH_NODE_ARGS?.split(" ") ?? []), `${root}/bin/lawflow.mjs`, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let resolveNext: ((p: PublishDiagnosticsParams) => void) | undefined;
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => resolveNext?.(p));
  connection.listen();
  await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  void connection.sendNotification("initialized", {});
  const next = () => new Promise<PublishDiagnosticsParams>((r) => (resolveNext = r));
  let version = 1;
  const opened = next();
  void connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "lawflow", version, text } });
  await opened;
  return {
    async edit(i: number): Promise<number> {
      // An edit that changes a step text: the whole flow is checked again.
      const edited = text.replace(/^say "/m, `say "edit ${i} `);
      const waiting = next();
      const t0 = performance.now();
      void connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ text: edited }] });
      const p = await waiting;
      const ms = performance.now() - t0;
      if (p.diagnostics.length > 0) throw new Error(`the generated flow has diagnostics: ${p.diagnostics[0]!.message}`);
      return ms;
    },
    async close() {
      await connection.sendRequest("shutdown");
      void connection.sendNotification("exit");
      connection.dispose();
    },
  };
}

const mine = await server(ROOT);
const other = against ? await server(against) : undefined;
const editMs: number[] = [];
const otherMs: number[] = [];
for (let i = 0; i < EDITS; i++) {
  // Alternate which goes first, so neither always runs just after the other's garbage.
  if (other && i % 2 === 1) otherMs.push(await other.edit(i));
  editMs.push(await mine.edit(i));
  if (other && i % 2 === 0) otherMs.push(await other.edit(i));
}
const inProcessMs: number[] = [];
for (let i = 0; i < EDITS; i++) {
  const t0 = performance.now();
  compileSource(text, "generated.flow", { until: "check" });
  inProcessMs.push(performance.now() - t0);
}
await mine.close();
await other?.close();

if (process.env.LAWFLOW_BENCH_SERIES) console.log(editMs.map((m) => m.toFixed(0)).join(" "), "\n", otherMs.map((m) => m.toFixed(0)).join(" "));
const edit = summarize(editMs);
const inProcess = summarize(inProcessMs);
/** A new server's first edits run before its code is optimised: the cold and the warm halves, apart. */
const COLD = 10;
const halves = (ms: number[]) => `first ${COLD} edits ${fmt(summarize(ms.slice(0, COLD)).median)} ms, the rest ${fmt(summarize(ms.slice(COLD)).median)} ms`;
console.log(`${lines} lines: edit → diagnostics ${fmt(edit.median)} ms (${fmt(edit.min)}–${fmt(edit.max)}, n = ${edit.runs}; ${halves(editMs)}); the same check in process ${fmt(inProcess.median)} ms; ratio ${(edit.median / inProcess.median).toFixed(2)} (target: under 50 ms)`);
if (other) {
  const o = summarize(otherMs);
  const warm = (ms: number[]) => summarize(ms.slice(COLD)).median;
  console.log(`side by side with ${against}: ${fmt(o.median)} ms (${fmt(o.min)}–${fmt(o.max)}; ${halves(otherMs)}); this build / that build = ${(edit.median / o.median).toFixed(2)} (warm: ${(warm(editMs) / warm(otherMs)).toFixed(2)})`);
}
