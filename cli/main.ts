/**
 * The `lawflow` command line. Each command lives in its own file under
 * cli/commands/ and registers itself here with one line. Commands load the
 * compiler only when they run, so `lawflow --help` stays instant: the CLI
 * reaches the compiler only through entry points — `compiler/index.ts`
 * (`lawflow/compiler`), imported when a command runs, and at start-up the
 * entry points of its diagnostics and documents rooms, which `lawflow/compiler`
 * re-exports and which load nothing of the parser.
 *
 * Exit codes: 0 success (warnings allowed), 1 an error diagnostic, 2 a usage
 * error (unknown command or option, no files).
 */
import { Command, CommanderError } from "commander";
import pkg from "../package.json" with { type: "json" };
import { writeSync } from "node:fs";
import { processContext, raiseExit, EXIT, type CliContext } from "./context.ts";
import { cannotWriteOutput } from "./output.ts";
import { registerCheck } from "./commands/check.ts";
import { registerCompile } from "./commands/compile.ts";
import { registerRun } from "./commands/run.ts";
import { registerNotice } from "./commands/notice.ts";
import { registerRecord } from "./commands/record.ts";
import { registerReceipt } from "./commands/receipt.ts";
import { registerGraph } from "./commands/graph.ts";
import { registerFmt } from "./commands/fmt.ts";
import { registerLsp } from "./commands/lsp.ts";

/** One line per command. */
const commands: readonly ((program: Command, ctx: CliContext) => void)[] = [
  registerCompile,
  registerCheck,
  registerRun,
  registerNotice,
  registerRecord,
  registerReceipt,
  registerGraph,
  registerFmt,
  registerLsp,
];

export function createProgram(ctx: CliContext): Command {
  const program = new Command("lawflow")
    .description("Lawflow: GDPR-aware chat flows. Compile .flow files to typed state machines, notices and records.")
    .version(pkg.version, "-V, --version", "print the version")
    .option("--no-color", "never colour the output (colour is used only at a terminal, and never when NO_COLOR is set)")
    .helpCommand("help [command]", "show help for a command")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  for (const register of commands) register(program, ctx);
  return program;
}

/** Runs the CLI on `argv` (as `process.argv`); resolves to the exit code. */
export async function main(argv: readonly string[], ctx: CliContext = processContext()): Promise<number> {
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.stderr.write(`error[LF900]: internal error — a bug in Lawflow; please report it (${message})\n`);
      if (ctx.env.LAWFLOW_DEBUG === "1" && error instanceof Error && error.stack) ctx.stderr.write(error.stack + "\n");
      raiseExit(ctx, EXIT.errors);
      return ctx.exitCode;
    }
    // Help and version asked for are a success (`--help`, `help`, `help compile`); help shown because nothing
    // was asked, or asked for a command that does not exist, is a usage error (commander's exit code 1 there).
    const asked = error.code === "commander.helpDisplayed" || error.code === "commander.version" || (error.code === "commander.help" && error.exitCode === 0);
    raiseExit(ctx, asked ? EXIT.ok : EXIT.usage);
  }
  return ctx.exitCode;
}

// `lawflow check x.flow | head -1` closes the pipe early: that is not an error worth a stack trace.
// Output that cannot be written at all (`> FILE` on a full disk) is LF504 in one line, exit 1.
const outputFailed = (error: NodeJS.ErrnoException): never => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  try {
    writeSync(2, cannotWriteOutput(error));
  } catch {
    // standard error cannot be written either: the exit code says it
  }
  process.exit(EXIT.errors);
};
for (const stream of [process.stdout, process.stderr]) stream.on("error", outputFailed);

try {
  process.exitCode = await main(process.argv);
} catch (error) {
  // A write to a file that fails throws where it is made, inside a command; main() reports it as LF900 unless
  // it is a write error, which is the output's fault and said as one.
  if ((error as NodeJS.ErrnoException).syscall === "write") outputFailed(error as NodeJS.ErrnoException);
  throw error;
}
