/**
 * The document commands (`notice`, `record`, `graph`) are one command over
 * the registry of document formats (`documentFormats` of `lawflow/compiler`):
 * check the inputs, render the document in the format asked for, write it to
 * a file or to stdout. Each command file only names its kind and its words.
 */
import { Option, type Command } from "commander";
import type { DocumentKind, Program } from "../compiler/index.ts";
import { raiseExit, useColor, EXIT, type CliContext } from "./context.ts";
import { compileInputs, fileReports } from "./inputs.ts";
import { counts, printReport, renderText } from "./report.ts";

export interface DocumentCommand {
  readonly name: string;
  readonly kind: DocumentKind;
  /** The formats the command offers, its default first: the registry's names for the kind. */
  readonly formats: readonly string[];
  readonly description: string;
  /** `<files...>`, or `<file>` for a document of one flow. */
  readonly argument: string;
  readonly argumentDescription: string;
  readonly formatDescription: string;
  readonly outDescription: string;
  /** Offer `--archive DIR`: each flow's notice written under its hash (notices only). */
  readonly archive?: boolean;
}

interface DocumentFlags {
  readonly format: string;
  readonly out?: string;
  readonly archive?: string;
}

export function registerDocumentCommand(program: Command, ctx: CliContext, spec: DocumentCommand): void {
  const command = program.command(spec.name);
  if (spec.archive) command.option("--archive <dir>", "also keep each flow's notice in DIR under its hash (<hash>.json, .md, .html), the text its consent receipts name");
  command
    .description(spec.description)
    .argument(spec.argument, spec.argumentDescription)
    .addOption(new Option("--format <format>", spec.formatDescription).choices(spec.formats).default(spec.formats[0]))
    .option("-o, --out <file>", spec.outDescription)
    .action(async (files: string | string[], flags: DocumentFlags, command: Command) => {
      const programs = await checkedPrograms(ctx, typeof files === "string" ? [files] : files, command);
      if (!programs) return;
      if (flags.archive !== undefined) {
        await archiveNotices(ctx, programs, flags.archive, command);
        // With an archive and no --out, stdout lists what was archived instead of printing the notice.
        if (flags.out === undefined) return;
      }
      const { DocumentRefused, renderDocument } = await import("../compiler/index.ts");
      let text: string;
      try {
        text = await renderDocument(spec.kind, flags.format as never, programs);
      } catch (error) {
        if (!(error instanceof DocumentRefused)) throw error;
        printReport(ctx, "text", { diagnostics: [error.diagnostic], files: [] }, useColor(ctx, command.optsWithGlobals().color));
        raiseExit(ctx, EXIT.errors);
        return;
      }
      await writeDocument(ctx, text, flags.out, command);
    });
}

/**
 * Checks every input; a program with errors gives no document. Errors are
 * printed like `lawflow check` prints them; warnings go to stderr, so that a
 * document printed on stdout stays clean.
 */
async function checkedPrograms(ctx: CliContext, files: readonly string[], command: Command): Promise<Program[] | undefined> {
  const { results, diagnostics } = await compileInputs(files, () => ({ until: "check" }));
  const color = useColor(ctx, command.optsWithGlobals().color);
  if (counts(diagnostics).errors > 0 || results.some((r) => !r.result.program)) {
    printReport(ctx, "text", { diagnostics, files: fileReports(results) }, color);
    raiseExit(ctx, EXIT.errors);
    return undefined;
  }
  if (diagnostics.length > 0) ctx.stderr.write(renderText(diagnostics, color) + "\n");
  return results.map((r) => r.result.program!);
}

/**
 * Writes each flow's notice under its hash in `dir` (every file or none) and
 * lists them: flow, version, hash, files. The `.json` is the content the
 * hash is of; the `.md` and `.html` are the notice as it reads.
 */
async function archiveNotices(ctx: CliContext, programs: readonly Program[], dir: string, command: Command): Promise<void> {
  const { noticeArchive } = await import("../compiler/index.ts");
  const { join } = await import("node:path");
  const { writeAll } = await import("./output.ts");
  const archived = noticeArchive(programs);
  const problems = writeAll(archived.flatMap((a) => a.files.map((f) => ({ path: join(dir, f.name), text: f.text }))));
  if (problems.length > 0) {
    printReport(ctx, "text", { diagnostics: problems, files: [] }, useColor(ctx, command.optsWithGlobals().color));
    raiseExit(ctx, EXIT.errors);
    return;
  }
  for (const a of archived) ctx.stdout.write(`${a.flow} ${a.version} notice ${a.hash} -> ${join(dir, a.hash)}.{json,md,html}\n`);
}

/** Writes the document to `out` (atomically, like compiled modules) or to stdout. */
async function writeDocument(ctx: CliContext, text: string, out: string | undefined, command: Command): Promise<void> {
  if (out === undefined) {
    ctx.stdout.write(text);
    return;
  }
  const { writeAll } = await import("./output.ts");
  const problems = writeAll([{ path: out, text }]);
  if (problems.length > 0) {
    printReport(ctx, "text", { diagnostics: problems, files: [] }, useColor(ctx, command.optsWithGlobals().color));
    raiseExit(ctx, EXIT.errors);
  }
}
