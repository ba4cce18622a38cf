/**
 * `lawflow lsp` — the language server, speaking LSP over standard input and
 * output (the VS Code extension and other editors start it this way).
 */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";

export function registerLsp(program: Command, _ctx: CliContext): void {
  program
    .command("lsp")
    .description("start the language server (LSP over stdio), for editors")
    .option("--stdio", "speak over standard input and output (the default and only transport)")
    .action(async () => {
      const { startServer } = await import("../../lsp/server.ts");
      startServer();
      // The connection keeps the process alive until the editor closes it.
      await new Promise<never>(() => {});
    });
}
