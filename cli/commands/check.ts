/**
 * `lawflow check <files…>` — runs every check (names, types, the privacy-law
 * rules, the flow graph) and prints the diagnostics; writes nothing. For
 * editors and CI: `--format json` is stable.
 */
import { Option, type Command } from "commander";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { compileInputs, fileReports } from "../inputs.ts";
import { counts, printReport, FORMATS, type Format } from "../report.ts";

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
      const { results, diagnostics } = await compileInputs(files, () => ({ until: "check" }));
      const reports = fileReports(results);
      const notes = reports.filter((r) => r.errors === 0).map((r) => `${r.input}: ok${r.warnings ? ` (${r.warnings} warning${r.warnings === 1 ? "" : "s"})` : ""}`);
      const color = useColor(ctx, command.optsWithGlobals().color);
      printReport(ctx, flags.format, { diagnostics, files: reports, notes }, color);
      raiseExit(ctx, counts(diagnostics).errors > 0 ? EXIT.errors : EXIT.ok);
    });
}
