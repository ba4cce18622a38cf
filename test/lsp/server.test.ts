/**
 * The language server as an editor uses it: a separate process started as
 * `lawflow lsp --stdio`, spoken to in JSON-RPC over its standard streams.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import { BIN, ensureBuilt, ROOT } from "../cli/helpers.ts";

const uri = pathToFileURL(join(ROOT, "test/lsp/untitled.flow")).href;

const FLOW = `flow Support version "1.0.0"
controller "Acme" contact "privacy@acme.example"

purpose reply "Answer the question you asked us" {
  basis contact
  needs email
  retain 30 days
  shared with "Helpdesk Ltd"
}

field email: email "your email address"

ask email "What's your email address?" for reply under contract
  -> thanks
thanks: end "Thanks!"
`;

let server: ChildProcess;
let connection: ProtocolConnection;
const published: PublishDiagnosticsParams[] = [];
/** Everything published, for any file. */
const all: PublishDiagnosticsParams[] = [];
let version = 1;

/** The next diagnostics published for the document after `action`. */
async function diagnosticsAfter(action: () => void): Promise<PublishDiagnosticsParams> {
  const before = published.length;
  action();
  for (let i = 0; i < 200 && published.length === before; i++) await new Promise((r) => setTimeout(r, 25));
  expect(published.length).toBeGreaterThan(before);
  return published[published.length - 1]!;
}

function change(text: string): void {
  void connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
}

/** The position of the `n`th occurrence of `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 1, n = 0) {
  let offset = -1;
  for (let k = 0; k <= n; k++) offset = text.indexOf(needle, offset + 1);
  const before = text.slice(0, offset + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}

beforeAll(async () => {
  ensureBuilt();
  server = spawn(process.execPath, [BIN, "lsp", "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    all.push(p);
    if (p.uri === uri) published.push(p);
  });
  connection.listen();
  const init = await connection.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {} });
  expect((init as { capabilities: Record<string, unknown> }).capabilities).toMatchObject({ hoverProvider: true, documentFormattingProvider: true });
  void connection.sendNotification("initialized", {});
}, 60_000);

afterAll(async () => {
  await connection.sendRequest("shutdown");
  void connection.sendNotification("exit");
  await new Promise((r) => server.once("exit", r));
  connection.dispose();
});

describe("lawflow lsp", () => {
  it("speaks over stdio without --stdio too, as `lawflow lsp [--stdio]` says (an editor configured with `lawflow lsp` alone)", async () => {
    const bare = spawn(process.execPath, [BIN, "lsp"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let errors = "";
    bare.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const client = createProtocolConnection(new StreamMessageReader(bare.stdout!), new StreamMessageWriter(bare.stdin!));
    client.listen();
    const exited = new Promise((r) => bare.once("exit", r));
    try {
      const init = await Promise.race([client.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} }), exited.then(() => errors)]);
      expect(init).toMatchObject({ capabilities: { hoverProvider: true } });
      await client.sendRequest("shutdown");
      void client.sendNotification("exit");
      await exited;
    } finally {
      client.dispose();
      bare.kill();
    }
  });

  it("publishes the compiler's diagnostics when a flow is opened, with the hint and a quick fix", async () => {
    const p = await diagnosticsAfter(() =>
      connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "lawflow", version, text: FLOW } }),
    );
    expect(p.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1])).toEqual([["LF211", 5, 9]]);
    expect(p.diagnostics[0]!.message).toBe("`contact` is not a lawful basis\nhint: did you mean `contract`?");
    const actions = (await connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: p.diagnostics[0]!.range,
      context: { diagnostics: p.diagnostics },
    })) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    expect(actions.map((a) => a.title)).toEqual(["Change to `contract`"]);
    expect(actions[0]!.edit.changes[uri]![0]!.newText).toBe("contract");
  });

  it("follows edits: a flow with errors fixed edit by edit ends with none", async () => {
    const broken = FLOW.replace("for reply under contract", "").replace("basis contact", "basis contract");
    let p = await diagnosticsAfter(() => change(broken));
    expect(p.diagnostics.map((d) => [d.code, d.range.start.line + 1])).toEqual([["LF102", 14]]);
    p = await diagnosticsAfter(() => change(broken.replace('address?"', 'address?" for reply under contract')));
    expect(p.diagnostics).toEqual([]);
  });

  it("hovers a field with its type and the purposes that need it, and a purpose with its basis and recipients", async () => {
    const text = FLOW.replace("basis contact", "basis contract");
    await diagnosticsAfter(() => change(text));
    const field = (await connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: positionOf(text, "ask email", 5) })) as { contents: { value: string } };
    expect(field.contents.value).toContain("**field** `email`: email — your email address");
    expect(field.contents.value).toContain("needed by `reply`: contract, kept 30 days");
    const purpose = (await connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: positionOf(text, "for reply", 5) })) as { contents: { value: string } };
    expect(purpose.contents.value).toContain("Answer the question you asked us");
    expect(purpose.contents.value).toContain("- shared with: Helpdesk Ltd");
  });

  it("goes to a definition, finds references and renames them all", async () => {
    const text = FLOW.replace("basis contact", "basis contract");
    const definition = (await connection.sendRequest("textDocument/definition", { textDocument: { uri }, position: positionOf(text, "-> thanks", 4) })) as { range: { start: { line: number } } };
    expect(definition.range.start.line + 1).toBe(15);
    const references = (await connection.sendRequest("textDocument/references", { textDocument: { uri }, position: positionOf(text, "needs email", 7), context: { includeDeclaration: true } })) as { range: { start: { line: number } } }[];
    expect(references.map((r) => r.range.start.line + 1).sort((a, b) => a - b)).toEqual([6, 11, 13]);
    const rename = (await connection.sendRequest("textDocument/rename", { textDocument: { uri }, position: positionOf(text, "purpose reply", 9), newName: "answer" })) as { changes: Record<string, { newText: string; range: { start: { line: number } } }[]> };
    expect(rename.changes[uri]!.map((e) => [e.range.start.line + 1, e.newText]).sort()).toEqual([[13, "answer"], [4, "answer"]].sort());
  });

  it("lists the flow's symbols and completes names", async () => {
    const symbols = (await connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } })) as { name: string }[];
    expect(symbols.map((s) => s.name)).toEqual(["reply", "email", "email", "thanks"]);
    const completion = (await connection.sendRequest("textDocument/completion", { textDocument: { uri }, position: { line: 12, character: 0 } })) as { label: string }[];
    expect(completion.map((c) => c.label)).toEqual(expect.arrayContaining(["ask", "legitimate_interests", "health", "reply", "email", "thanks"]));
  });

  it("formats the document", async () => {
    const messy = FLOW.replace("basis contact", "basis contract").replace("thanks: end", "thanks:   end");
    await diagnosticsAfter(() => change(messy));
    const edits = (await connection.sendRequest("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as { newText: string }[];
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe(FLOW.replace("basis contact", "basis contract"));
  });

  it("follows `use` paths: definition opens the file, references reach into it, and its problems are published though it is not open", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lawflow-lsp-"));
    const policyPath = join(dir, "policy.flow");
    const policyUri = pathToFileURL(policyPath).href;
    writeFileSync(policyPath, 'controller "Acme" contact "privacy@acme.example"\n\npurpose reply "Answer the question you asked us" {\n  basis contact\n  needs email\n  retain 30 days\n}\n\nfield email: email "your email address"\n');
    const flowUri = pathToFileURL(join(dir, "support.flow")).href;
    const flow = 'flow Support version "1.0.0"\nuse "./policy.flow"\n\nask email "What\'s your email address?" for reply under contract\nend "Thanks!"\n';
    const policyProblems = async () => {
      for (let i = 0; i < 200 && !all.some((p) => p.uri === policyUri); i++) await new Promise((r) => setTimeout(r, 25));
      return all.filter((p) => p.uri === policyUri).at(-1);
    };
    void connection.sendNotification("textDocument/didOpen", { textDocument: { uri: flowUri, languageId: "lawflow", version: 1, text: flow } });
    const problems = await policyProblems();
    expect(problems?.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1])).toEqual([["LF211", 4, 9]]);

    const definition = (await connection.sendRequest("textDocument/definition", { textDocument: { uri: flowUri }, position: positionOf(flow, "./policy", 3) })) as { uri: string };
    expect(definition.uri).toBe(policyUri);
    const purpose = (await connection.sendRequest("textDocument/definition", { textDocument: { uri: flowUri }, position: positionOf(flow, "for reply", 5) })) as { uri: string; range: { start: { line: number } } };
    expect([purpose.uri, purpose.range.start.line + 1]).toEqual([policyUri, 3]);
    const references = (await connection.sendRequest("textDocument/references", { textDocument: { uri: flowUri }, position: positionOf(flow, "ask email", 5), context: { includeDeclaration: true } })) as { uri: string; range: { start: { line: number } } }[];
    expect(references.map((r) => [r.uri === policyUri ? "policy" : "flow", r.range.start.line + 1]).sort()).toEqual([["flow", 4], ["policy", 5], ["policy", 9]]);
    const uses = (await connection.sendRequest("textDocument/references", { textDocument: { uri: flowUri }, position: positionOf(flow, "./policy", 3), context: { includeDeclaration: true } })) as { uri: string; range: { start: { line: number } } }[];
    expect(uses.map((r) => [r.uri, r.range.start.line + 1])).toEqual([[flowUri, 2]]);

    // Fixed on disk and the flow edited: the used file's problem is cleared.
    writeFileSync(policyPath, 'controller "Acme" contact "privacy@acme.example"\n\npurpose reply "Answer the question you asked us" {\n  basis contract\n  needs email\n  retain 30 days\n}\n\nfield email: email "your email address"\n');
    const before = all.length;
    void connection.sendNotification("textDocument/didChange", { textDocument: { uri: flowUri, version: 2 }, contentChanges: [{ text: flow + "\n" }] });
    for (let i = 0; i < 200 && !all.slice(before).some((p) => p.uri === policyUri); i++) await new Promise((r) => setTimeout(r, 25));
    expect(all.slice(before).filter((p) => p.uri === policyUri).at(-1)?.diagnostics).toEqual([]);
    void connection.sendNotification("textDocument/didClose", { textDocument: { uri: flowUri } });
  });
});
