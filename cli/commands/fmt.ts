/**
 * `lawflow fmt [--check] <files…>` — rewrites each `.flow` file in the one
 * canonical layout (the `lawflow/prettier` plugin's). With `--check`, writes
 * nothing and fails when a file is not formatted: for CI. A file with a syntax
 * error is reported, never rewritten; files are written whole or not at all.
 */
import type { Command } from "commander";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { printReport } from "../report.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";

interface FmtFlags {
  readonly check?: boolean;
}

export function registerFmt(program: Command, ctx: CliContext): void {
  program
    .command("fmt")
    .description("format .flow files in the canonical layout (--check: only say which are not)")
    .argument("<files...>", "the .flow files to format")
    .option("--check", "write nothing; exit 1 if a file is not formatted")
    .action(async (files: string[], flags: FmtFlags, command: Command) => {
      const { nodeReader } = await import("../../compiler/compile.ts");
      const { cannotRead } = await import("../../compiler/load.ts");
      const { parseFlow } = await import("../../compiler/syntax/parse.ts");
      const { sourceFile } = await import("../../compiler/source.ts");
      const { formatFlow } = await import("../../prettier/format.ts");
      const { writeAll } = await import("../output.ts");
      const diagnostics: Diagnostic[] = [];
      const notes: string[] = [];
      let unformatted = 0;
      const { distinctInputs } = await import("../inputs.ts");
      for (const input of distinctInputs(files)) {
        let text: string;
        try {
          // As every other command reads a flow: a file not in UTF-8 is refused, never rewritten with its bytes replaced.
          text = nodeReader(input);
        } catch (error) {
          diagnostics.push(cannotRead(input, error as { code?: string }));
          continue;
        }
        const errors = parseFlow(sourceFile(input, text)).diagnostics.filter((d) => d.severity === "error");
        if (errors.length > 0) {
          diagnostics.push(...errors);
          continue;
        }
        const formatted = await formatFlow(text, input);
        if (formatted === text) continue;
        if (flags.check) {
          unformatted++;
          notes.push(`${input}: not formatted`);
          continue;
        }
        const failed = writeAll([{ path: input, text: formatted }]);
        if (failed.length > 0) diagnostics.push(...failed);
        else notes.push(`${input}: formatted`);
      }
      if (flags.check && unformatted > 0) notes.push(`${unformatted} file${unformatted === 1 ? "" : "s"} not formatted; run \`lawflow fmt\` on ${unformatted === 1 ? "it" : "them"}`);
      printReport(ctx, "text", { diagnostics, files: [], notes }, useColor(ctx, command.optsWithGlobals().color));
      raiseExit(ctx, diagnostics.length > 0 || unformatted > 0 ? EXIT.errors : EXIT.ok);
    });
}
