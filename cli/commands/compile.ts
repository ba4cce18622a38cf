/**
 * `lawflow compile <files…>` — compiles each flow to a TypeScript module,
 * `<name>.flow.ts` beside it or in `--out DIR` (with `--emit js`, a
 * JavaScript module and its declarations, `<name>.flow.js` and
 * `<name>.flow.d.ts`; with `--emit mjs`, `<name>.flow.mjs` and
 * `<name>.flow.d.mts`, an ES module for Node even in a CommonJS package).
 * With several inputs, if any
 * has an error none is written: a build either gets all its modules or keeps
 * the ones it had.
 */
import { Option, type Command } from "commander";
import type { Diagnostic } from "../../compiler/index.ts";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { collisions, commonjsScopes, outputPath, sourcePathFor, writeAll } from "../output.ts";
import { compileInputs, distinctInputs, fileReports } from "../inputs.ts";
import { counts, printReport, FORMATS, type Format } from "../report.ts";

interface CompileFlags {
  readonly out?: string;
  readonly runtimeImport?: string;
  readonly emit: "ts" | "js" | "mjs";
  readonly format: Format;
  readonly color?: boolean;
}

export function registerCompile(program: Command, ctx: CliContext): void {
  program
    .command("compile")
    .description("compile .flow files to typed TypeScript modules")
    .argument("<files...>", "the .flow files to compile")
    .option("-o, --out <dir>", "write the modules into DIR instead of beside each input")
    .option("--runtime-import <spec>", "module the generated code imports the runtime from", undefined)
    .addOption(
      new Option("--emit <form>", "ts: one TypeScript module; js: a JavaScript module and its .d.ts; mjs: the same as .mjs and .d.mts")
        .choices(["ts", "js", "mjs"])
        .default("ts"),
    )
    .addOption(new Option("--format <format>", "how to print the results").choices(FORMATS).default("text"))
    .action(async (files: string[], flags: CompileFlags, command: Command) => {
      const extension = `.${flags.emit}`;
      /** The declarations beside a JavaScript module: `.d.ts` for `.js`, `.d.mts` for `.mjs`; none for TypeScript. */
      const declarationsOf = (output: string) => (flags.emit === "ts" ? undefined : output.slice(0, -extension.length) + (flags.emit === "mjs" ? ".d.mts" : ".d.ts"));
      const planned = distinctInputs(files).map((input) => ({ input, output: outputPath(input, flags.out, extension) }));
      const outputOf = new Map(planned.map((p) => [p.input, p.output] as const));
      const compiled = await compileInputs(files, (input) => ({
        runtimeImport: flags.runtimeImport,
        sourcePath: sourcePathFor(input, outputOf.get(input)!),
        emit: flags.emit === "ts" ? "ts" : "js",
      }));
      const results = compiled.results.map((r) => ({ ...r, output: outputOf.get(r.input)! }));

      let diagnostics: readonly Diagnostic[] = compiled.diagnostics;
      const failed = counts(diagnostics).errors > 0;
      let written = false;
      if (!failed) {
        diagnostics = [...diagnostics, ...collisions(planned)];
        if (counts(diagnostics).errors === 0) {
          const files = results.flatMap(({ output, result }) =>
            flags.emit === "ts"
              ? [{ path: output, text: result.typescript! }]
              : [
                  { path: output, text: result.javascript! },
                  { path: declarationsOf(output)!, text: result.declarations! },
                ],
          );
          const writeProblems = writeAll(files);
          diagnostics = [...diagnostics, ...writeProblems];
          written = writeProblems.length === 0;
          if (written) diagnostics = [...diagnostics, ...commonjsScopes(results.map((r) => r.output))];
        }
      }

      const reports = fileReports(results, (r) => (written ? outputOf.get(r.input) : undefined));
      const notes = written
        ? results.map((r) => (flags.emit === "ts" ? `wrote ${r.output}` : `wrote ${r.output} and ${declarationsOf(r.output)}`))
        : [];
      const color = useColor(ctx, command.optsWithGlobals().color);
      printReport(ctx, flags.format, { diagnostics, files: reports, notes }, color);
      raiseExit(ctx, counts(diagnostics).errors > 0 ? EXIT.errors : EXIT.ok);
    });
}
