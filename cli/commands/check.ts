/**
 * `lawflow check <files…>` — runs every check (names, types, the privacy-law
 * rules, the flow graph) and prints the diagnostics; writes nothing. For
 * editors and CI: `--format json` is stable.
 */
import { Option, type Command } from "commander";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { counts, dedupe, printReport, FORMATS, type FileReport, type Format } from "../report.ts";

interface CheckFlags {
  readonly format: Format;
}

export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command("check")
    .description("check .flow files without writing anything")
    .argument("<files...>", "the .flow files to check")
    .addOption(new Option("--format <format>", "how to print the results").choices(FORMATS).default("text"))
    .action(async (files: string[], flags: CheckFlags, command: Command) => {
      const { compileFile } = await import("../../compiler/compile.ts");
      const inputs = [...new Set(files)];
      const results = inputs.map((input) => ({ input, result: compileFile(input, { until: "check" }) }));
      const diagnostics = dedupe(results.flatMap((r) => r.result.diagnostics));
      const reports: FileReport[] = results.map((r) => ({ input: r.input, ...counts(r.result.diagnostics) }));
      const notes = reports.filter((r) => r.errors === 0).map((r) => `${r.input}: ok${r.warnings ? ` (${r.warnings} warning${r.warnings === 1 ? "" : "s"})` : ""}`);
      const color = useColor(ctx, command.optsWithGlobals().color);
      printReport(ctx, flags.format, { diagnostics, files: reports, notes }, color);
      raiseExit(ctx, counts(diagnostics).errors > 0 ? EXIT.errors : EXIT.ok);
    });
}
