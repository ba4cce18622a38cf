/**
 * `npx tsx bench/lsp.ts [lines]` — how long the language server takes to
 * answer an edit of a generated flow (default 1,000 lines) with its
 * diagnostics: `lawflow lsp --stdio` as a separate process, spoken to over
 * JSON-RPC as an editor would, 30 edits, each timed from sending
 * `didChange` to receiving `publishDiagnostics`. Beside it, the same
 * compilation in this process: the difference is what the protocol and the
 * process boundary cost. Build first (`npm run build`).
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from "vscode-languageserver-protocol/node";
import { compileSource } from "../compiler/compile.ts";
import { generateFlow } from "./generate-flow.ts";
import { fmt, summarize } from "./stats.ts";

const lines = Number(process.argv[2] ?? 1000);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const text = generateFlow({ lines, seed: 1 });
const uri = pathToFileURL(`${ROOT}bench/generated.flow`).href;

const server = spawn(process.execPath, [`${ROOT}bin/lawflow.mjs`, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
let resolveNext: ((p: PublishDiagnosticsParams) => void) | undefined;
connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => resolveNext?.(p));
connection.listen();
await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
void connection.sendNotification("initialized", {});

const next = () => new Promise<PublishDiagnosticsParams>((r) => (resolveNext = r));
let version = 1;
let waiting = next();
void connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "lawflow", version, text } });
await waiting;

const editMs: number[] = [];
for (let i = 0; i < 30; i++) {
  // An edit that changes a step text: the whole flow is checked again.
  const edited = text.replace(/^say "/m, `say "edit ${i} `);
  waiting = next();
  const t0 = performance.now();
  void connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ text: edited }] });
  const p = await waiting;
  editMs.push(performance.now() - t0);
  if (p.diagnostics.length > 0) throw new Error(`the generated flow has diagnostics: ${p.diagnostics[0]!.message}`);
}
const inProcessMs: number[] = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  compileSource(text, "generated.flow", { until: "check" });
  inProcessMs.push(performance.now() - t0);
}
await connection.sendRequest("shutdown");
void connection.sendNotification("exit");
connection.dispose();

const edit = summarize(editMs);
const inProcess = summarize(inProcessMs);
console.log(`${lines} lines: edit → diagnostics ${fmt(edit.median)} ms (${fmt(edit.min)}–${fmt(edit.max)}, n = ${edit.runs}); the same check in process ${fmt(inProcess.median)} ms; ratio ${(edit.median / inProcess.median).toFixed(2)} (target: under 50 ms)`);
