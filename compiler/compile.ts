/**
 * The compiler pipeline, read top to bottom in {@link runPipeline}:
 *
 *   load     read the flow file and the files it `use`s; parse each once
 *   program  gather declarations and steps into one indexed program
 *   check    the names, types, privacy-law and flow-graph checks
 *   stamp    the version and hash of the privacy notice (documents/stamp.ts)
 *   lower    the program → the machine definition (dense state table), stamped
 *   emit     the machine → a TypeScript module, or JavaScript and its declarations (codegen/)
 *
 * (Parsing happens inside `load`, because the `use` lines a file names are
 * known only once it is parsed.) A phase after which errors are known stops
 * the pipeline: nothing is lowered or emitted from a program with errors.
 *
 * The pipeline never throws for a user's input. An unexpected exception is a
 * bug in Lawflow and becomes one LF900 diagnostic naming the phase.
 */
import { readFileSync } from "node:fs";
import type { MachineDefinition } from "../runtime/machine.ts";
import { runChecks } from "./checks/index.ts";
import { emitTypeScript } from "./codegen/index.ts";
import { sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.ts";
import { report, type Hint } from "./diagnostics/messages.ts";
import { noticeStamp } from "./documents/stamp.ts";
import { loadProgram, type ParseCache, type SourceReader } from "./load.ts";
import { lower } from "./lower.ts";
import { buildProgram, type Program } from "./program.ts";
import type { SourceFile } from "./source.ts";

/** The phases in the order they run. */
export const PHASES = ["load", "program", "check", "stamp", "lower", "emit"] as const;
export type PhaseName = (typeof PHASES)[number];

export interface CompileOptions {
  /** How files are read; defaults to the file system (`compileFile`) or memory (`compileSource`). */
  readonly read?: SourceReader;
  /** The module specifier the generated code imports the runtime from (default: the emitter's, `lawflow/runtime`). */
  readonly runtimeImport?: string;
  /** The source path written in the generated module's header (default: the path compiled). */
  readonly sourcePath?: string;
  /**
   * What `emit` writes: `ts` one TypeScript module (`typescript`); `js` a
   * JavaScript module and its declarations (`javascript`, `declarations`),
   * for JavaScript apps and bundler plugins. Default `ts`.
   */
  readonly emit?: "ts" | "js";
  /** The last phase to run: `check` for `lawflow check`, `lower` when only the machine is wanted. Default `emit`. */
  readonly until?: PhaseName;
  /** Called after each phase that ran, with its duration in milliseconds: for profiling and benchmarks. */
  readonly onPhase?: (phase: PhaseName, milliseconds: number) => void;
  /** Parses to reuse for files whose text has not changed since the last compilation (the language server keeps one). */
  readonly parseCache?: ParseCache;
}

export interface CompileResult {
  /** Every diagnostic, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when no diagnostic is an error. */
  readonly ok: boolean;
  /** The source files read, the flow file first. */
  readonly files: readonly SourceFile[];
  readonly program?: Program;
  /** Present only when there were no errors and the `lower` phase ran. */
  readonly machine?: MachineDefinition;
  /** Present only when there were no errors and the `emit` phase ran with `emit: "ts"`. */
  readonly typescript?: string;
  /** Present only when there were no errors and the `emit` phase ran with `emit: "js"`: the module… */
  readonly javascript?: string;
  /** …and its declarations, the `.d.ts` beside it. */
  readonly declarations?: string;
}

interface PipelineInput {
  readonly path: string;
  /** The flow's text when it is held in memory (`compileSource`). */
  readonly text?: string;
  readonly read: SourceReader;
  readonly options: CompileOptions;
}

const hasErrors = (list: readonly Diagnostic[]) => list.some((d) => d.severity === "error");

function runPipeline({ path, text, read, options }: PipelineInput): CompileResult {
  const until = options.until ?? "emit";
  const diagnostics: Diagnostic[] = [];
  let files: readonly SourceFile[] = [];
  let program: Program | undefined;
  let current: PhaseName = "load";
  /** Runs one phase: named for LF900 and timed for `onPhase`. */
  const phase = <T>(name: PhaseName, run: () => T): T => {
    current = name;
    const started = options.onPhase ? performance.now() : 0;
    const result = run();
    options.onPhase?.(name, performance.now() - started);
    return result;
  };
  /** Whether to stop after `name`: an error is known, or it is the last phase asked for. */
  const stopAfter = (name: PhaseName) => hasErrors(diagnostics) || name === until;
  const done = (results: { machine?: MachineDefinition; typescript?: string; javascript?: string; declarations?: string } = {}): CompileResult => {
    const ok = !hasErrors(diagnostics);
    // Never hand out a machine or code from a compilation with errors.
    return { diagnostics: sortDiagnostics(diagnostics), ok, files, program, ...(ok ? results : {}) };
  };

  try {
    const loaded = phase("load", () => loadProgram(path, read, text, options.parseCache));
    diagnostics.push(...loaded.diagnostics);
    files = [...(loaded.main ? [loaded.main.source] : []), ...loaded.used.map((f) => f.source)];
    const main = loaded.main;
    if (!main || stopAfter("load")) return done();

    program = phase("program", () => buildProgram(main.ast, loaded.used.map((f) => f.ast)));
    if (stopAfter("program")) return done();

    const checked = program;
    diagnostics.push(...phase("check", () => runChecks(checked)));
    if (stopAfter("check")) return done();

    const stamp = phase("stamp", () => noticeStamp(checked));
    if (until === "stamp") return done();

    const machine = phase("lower", () => lower(checked, stamp));
    if (until === "lower") return done({ machine });

    const emitted = phase("emit", () => {
      const emitOptions = { runtimeImport: options.runtimeImport, sourcePath: options.sourcePath ?? path };
      return options.emit === "js"
        ? { javascript: emitTypeScript(machine, { ...emitOptions, form: "js" }), declarations: emitTypeScript(machine, { ...emitOptions, form: "dts" }) }
        : { typescript: emitTypeScript(machine, emitOptions) };
    });
    return done({ machine, ...emitted });
  } catch (error) {
    diagnostics.push(internalError(error, current, path));
    return done();
  }
}

/**
 * Reads files from disk. Errors keep Node's `code` (`ENOENT`, `EACCES`…), which
 * loading turns into LF501. A file that is not UTF-8 is refused (`EILSEQ`, with
 * the line of its first bad byte) rather than read with its bytes replaced by
 * U+FFFD, which would reach the prompts, the notice, and `lawflow fmt`'s rewrite.
 */
export const nodeReader: SourceReader = (path) => {
  const bytes = readFileSync(path);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let line = 1;
    for (let start = 0; start <= bytes.length; line++) {
      const end = bytes.indexOf(10, start) === -1 ? bytes.length : bytes.indexOf(10, start);
      try {
        strictUtf8.decode(bytes.subarray(start, end));
      } catch {
        break;
      }
      start = end + 1;
    }
    throw Object.assign(new Error(`EILSEQ: not UTF-8 text, line ${line}: ${path}`), { code: "EILSEQ", line });
  }
};
/** `ignoreBOM`: a byte-order mark stays in the text, as `readFileSync(path, "utf8")` kept it. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Compiles the flow file at `path` (and the files it uses). Never throws for
 * what a flow holds or a file system does; a `path` that is not a string (a
 * caller's mistake in JavaScript) is a TypeError, not an internal error.
 */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  if (typeof path !== "string") throw new TypeError(`compileFile(path): path must be a string, not ${describe(path)}`);
  return runPipeline({ path, read: options.read ?? nodeReader, options });
}

/**
 * Compiles flow source held in memory. `path` names it in diagnostics and
 * anchors its `use` lines, which are read through `options.read` (by default
 * nothing can be used). Never throws but for arguments of the wrong type (TypeError).
 */
export function compileSource(text: string, path = "input.flow", options: CompileOptions = {}): CompileResult {
  if (typeof text !== "string") throw new TypeError(`compileSource(text, path?): text must be the flow's source as a string, not ${describe(text)}`);
  if (typeof path !== "string") throw new TypeError(`compileSource(text, path?): path must be a string, not ${describe(path)}`);
  return runPipeline({ path, text, read: options.read ?? noFiles, options });
}

const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);

const noFiles: SourceReader = (path) => {
  throw Object.assign(new Error(`no file system: cannot read '${path}'`), { code: "ENOENT" });
};

function debugEnabled(): boolean {
  return typeof process !== "undefined" && process.env?.LAWFLOW_DEBUG === "1";
}

/** LF900: an exception in a phase is a bug in Lawflow, never the user's fault. */
export function internalError(error: unknown, phase: string, path?: string): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  // With LAWFLOW_DEBUG=1 the hint is the stack trace itself: text of Lawflow's own, not of the flow.
  return report("internal.phase", { phase, reason: message }, { path, hint: debugEnabled() && stack ? (stack as Hint) : undefined });
}
