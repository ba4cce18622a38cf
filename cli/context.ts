/**
 * What every command shares: where output goes, whether it is coloured, and
 * the exit code. Commands never call `process.exit` (it can cut off output
 * still on its way to a pipe); they set `ctx.exitCode` and return.
 */

/** Exit codes: 0 success (warnings allowed), 1 an error diagnostic, 2 a usage error. */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;

export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliContext {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  exitCode: number;
}

export function processContext(): CliContext {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: EXIT.ok };
}

/**
 * Colour only for a person at a terminal: stdout is a TTY, `NO_COLOR` is unset
 * (https://no-color.org) and `--no-color` was not given. `FORCE_COLOR` forces it.
 */
export function useColor(ctx: CliContext, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = ctx.env.FORCE_COLOR;
  if (force !== undefined && force !== "0" && force !== "false") return true;
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== "") return false;
  return ctx.stdout.isTTY === true;
}

/** Raises the exit code, never lowers it: a usage error outranks diagnostics, which outrank success. */
export function raiseExit(ctx: CliContext, code: number): void {
  if (code > ctx.exitCode) ctx.exitCode = code;
}
