/**
 * `lawflow run <file.flow>` — talk to a flow in the terminal. The flow is
 * compiled in memory and run by the runtime directly: no generated module is
 * written. Lines come from standard input, so a transcript can be piped in
 * and replayed; `--clock` fixes the time for deterministic output.
 */
import type { Command } from "commander";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { renderText } from "../report.ts";

interface RunFlags {
  readonly clock?: string;
}

export interface RunInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}

export function registerRun(program: Command, ctx: CliContext, input: RunInput = process.stdin): void {
  program
    .command("run")
    .description("talk to a flow in the terminal (reads answers from standard input)")
    .argument("<file>", "the .flow file to run")
    .option("--clock <iso>", "use a fixed time (ISO 8601) instead of the system clock, for replayable transcripts")
    .action(async (file: string, flags: RunFlags, command: Command) => {
      let fixed: Date | undefined;
      if (flags.clock !== undefined) {
        fixed = new Date(flags.clock);
        if (Number.isNaN(fixed.getTime())) {
          ctx.stderr.write(`lawflow run: --clock must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z, not ${JSON.stringify(flags.clock)}\n`);
          raiseExit(ctx, EXIT.usage);
          return;
        }
      }
      const { compileFile } = await import("../../compiler/index.ts");
      const result = compileFile(file, { until: "lower" });
      if (result.diagnostics.length > 0) {
        // Diagnostics go to stderr: stdout is the conversation.
        ctx.stderr.write(renderText(result.diagnostics, useColor({ ...ctx, stdout: ctx.stderr }, command.optsWithGlobals().color)) + "\n");
      }
      if (!result.machine) {
        raiseExit(ctx, EXIT.errors);
        return;
      }
      const { createConversation } = await import("../../runtime/index.ts");
      const { chatReader } = await import("../../runtime/chat.ts");
      const { TerminalChat, runChat } = await import("../chat/terminal-chat.ts");
      const clock = fixed ? () => new Date(fixed.getTime()) : () => new Date();
      const conversation = createConversation(result.machine, { clock, method: "terminal", chatReader });

      const interactive = input.isTTY === true && ctx.stdout.isTTY === true;
      const chat = new TerminalChat(conversation, result.machine, {
        print: (line) => ctx.stdout.write(line + "\n"),
        // Piped input is not shown by a terminal: repeat it so the output reads as a transcript.
        echo: !interactive,
      });
      // Loaded here: a module imported at the top of the bundle is loaded by every command.
      const { createInterface } = await import("node:readline");
      const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
      if (interactive) {
        await runChat(chat, prompted(rl, (p) => ctx.stdout.write(p)));
      } else {
        await runChat(chat, rl);
      }
      rl.close();
    });
}

/** At a terminal, writes `> ` before waiting for each line. */
async function* prompted(lines: AsyncIterable<string>, write: (s: string) => void): AsyncIterable<string> {
  const it = lines[Symbol.asyncIterator]();
  for (;;) {
    write("> ");
    const next = await it.next();
    if (next.done) {
      write("\n");
      return;
    }
    yield next.value;
  }
}
