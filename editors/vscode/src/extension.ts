/**
 * The Lawflow extension: starts `lawflow lsp --stdio` for `.flow` files.
 * Highlighting and editing rules are declarative (syntaxes/,
 * language-configuration.json); everything else comes from the server.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type Executable } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The `lawflow` command: the setting, else the workspace's own install, else the PATH. */
function lawflowCommand(): string {
  const configured = workspace.getConfiguration("lawflow").get<string>("server.path");
  if (configured) return configured;
  for (const folder of workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, "node_modules", ".bin", process.platform === "win32" ? "lawflow.cmd" : "lawflow");
    if (existsSync(local)) return local;
  }
  return "lawflow";
}

export async function activate(_context: ExtensionContext): Promise<void> {
  const server: Executable = { command: lawflowCommand(), args: ["lsp", "--stdio"], transport: TransportKind.stdio };
  client = new LanguageClient("lawflow", "Lawflow", { run: server, debug: server }, {
    documentSelector: [{ language: "lawflow" }],
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/*.flow") },
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
