/**
 * `lawflow notice <files…> [--format md|html] [--out FILE]` — the privacy
 * notice of GDPR Art. 13 for the flows, from the same source as the machine.
 * Its version is the flow's version and its content hash is the one the
 * compiled machine carries in `notice`, so a consent receipt names this text.
 *
 * Also the shared plumbing of the document commands (notice, record, graph):
 * check the inputs, then write one document to a file or to stdout.
 */
import { Option, type Command } from "commander";
import type { Program } from "../../compiler/program.ts";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { counts, dedupe, printReport, renderText, type FileReport } from "../report.ts";

/**
 * Checks every input; a program with errors gives no document. Errors are
 * printed like `lawflow check` prints them; warnings go to stderr, so that a
 * document printed on stdout stays clean.
 */
export async function checkedPrograms(ctx: CliContext, files: readonly string[], command: Command): Promise<Program[] | undefined> {
  const { compileFile } = await import("../../compiler/compile.ts");
  const inputs = [...new Set(files)];
  const results = inputs.map((input) => ({ input, result: compileFile(input, { until: "check" }) }));
  const diagnostics = dedupe(results.flatMap((r) => r.result.diagnostics));
  const color = useColor(ctx, command.optsWithGlobals().color);
  if (counts(diagnostics).errors > 0 || results.some((r) => !r.result.program)) {
    const reports: FileReport[] = results.map((r) => ({ input: r.input, ...counts(r.result.diagnostics) }));
    printReport(ctx, "text", { diagnostics, files: reports }, color);
    raiseExit(ctx, EXIT.errors);
    return undefined;
  }
  if (diagnostics.length > 0) ctx.stderr.write(renderText(diagnostics, color) + "\n");
  return results.map((r) => r.result.program!);
}

/** Writes the document to `out` (atomically, like compiled modules) or to stdout. */
export async function writeDocument(ctx: CliContext, text: string, out: string | undefined, command: Command): Promise<void> {
  if (out === undefined) {
    ctx.stdout.write(text);
    return;
  }
  const { writeAll } = await import("../output.ts");
  const problems = writeAll([{ path: out, text }]);
  if (problems.length > 0) {
    printReport(ctx, "text", { diagnostics: problems, files: [] }, useColor(ctx, command.optsWithGlobals().color));
    raiseExit(ctx, EXIT.errors);
  }
}

interface NoticeFlags {
  readonly format: "md" | "html";
  readonly out?: string;
}

export function registerNotice(program: Command, ctx: CliContext): void {
  program
    .command("notice")
    .description("write the privacy notice (GDPR Art. 13) of .flow files")
    .argument("<files...>", "the .flow files the notice covers (normally one)")
    .addOption(new Option("--format <format>", "Markdown or a complete HTML page").choices(["md", "html"]).default("md"))
    .option("-o, --out <file>", "write the notice to FILE instead of stdout")
    .action(async (files: string[], flags: NoticeFlags, command: Command) => {
      const programs = await checkedPrograms(ctx, files, command);
      if (!programs) return;
      const { buildDocumentsModel } = await import("../../compiler/emit/documents-model.ts");
      const { buildNotice, renderNotice } = await import("../../compiler/emit/notice.ts");
      await writeDocument(ctx, renderNotice(buildNotice(buildDocumentsModel(programs)), flags.format), flags.out, command);
    });
}
