/**
 * The colours of diagnostics, in one place for the renderer and the command
 * line. Whether to colour at all is the caller's decision (a terminal, no
 * NO_COLOR, no --no-color: cli/context.ts); picocolors only paints.
 */
import { createColors } from "picocolors";
import type { Severity } from "./catalogue.ts";

export interface Palette {
  /** `error[LF202]`, `warning[LF401]` and the carets under the place. */
  readonly severity: (severity: Severity, text: string) => string;
  /** The message after the code. */
  readonly emphasis: (text: string) => string;
  /** The `-->` before a place. */
  readonly pointer: (text: string) => string;
}

export function palette(enabled: boolean): Palette {
  const c = createColors(enabled);
  return {
    severity: (severity, text) => c.bold(severity === "error" ? c.red(text) : c.yellow(text)),
    emphasis: c.bold,
    pointer: c.blue,
  };
}
