/**
 * The compiler pipeline, as data. Each phase reads what the earlier ones left
 * in the {@link CompileState} and adds its own result and diagnostics:
 *
 *   load     read the flow file and the files it `use`s; parse each once
 *   program  gather declarations and steps into one indexed program
 *   check    the names, types, privacy-law and flow-graph checks
 *   lower    the program → the machine definition (dense state table)
 *   emit     the machine → a TypeScript module, or JavaScript and its declarations
 *
 * (Parsing happens inside `load`, because the `use` lines a file names are
 * known only once it is parsed.) A phase after which errors are known stops
 * the pipeline: nothing is lowered or emitted from a program with errors.
 *
 * The pipeline never throws for a user's input. An unexpected exception is a
 * bug in Lawflow and becomes one LF900 diagnostic.
 */
import { readFileSync } from "node:fs";
import { runChecks } from "./checks/index.ts";
import { diagnostic, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.ts";
import { emitTypeScript } from "./emit/typescript.ts";
import { loadProgram, type LoadResult, type SourceReader } from "./load.ts";
import { lower } from "./lower.ts";
import { noticeStamp } from "./emit/notice.ts";
import { buildProgram, type Program } from "./program.ts";
import type { SourceFile } from "./source.ts";
import type { MachineDefinition } from "../runtime/machine.ts";

export type PhaseName = "load" | "program" | "check" | "lower" | "emit";

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

/** What the phases share. Each phase fills in its own part. */
export interface CompileState {
  readonly path: string;
  readonly text?: string;
  readonly read: SourceReader;
  readonly options: CompileOptions;
  readonly diagnostics: Diagnostic[];
  loaded?: LoadResult;
  program?: Program;
  machine?: MachineDefinition;
  typescript?: string;
  javascript?: string;
  declarations?: string;
}

export interface Phase {
  readonly name: PhaseName;
  readonly run: (state: CompileState) => void;
}

/** The phases in order. Adding a phase is adding a line. */
export const phases: readonly Phase[] = [
  {
    name: "load",
    run(s) {
      s.loaded = loadProgram(s.path, s.read, s.text);
      s.diagnostics.push(...s.loaded.diagnostics);
    },
  },
  {
    name: "program",
    run(s) {
      const { main, used } = s.loaded!;
      if (main) s.program = buildProgram(main.ast, used.map((f) => f.ast));
    },
  },
  {
    name: "check",
    run(s) {
      s.diagnostics.push(...runChecks(s.program!));
    },
  },
  {
    name: "lower",
    run(s) {
      // The machine names the privacy notice built from the same program, so prompts and consent receipts can cite it.
      s.machine = { ...lower(s.program!), notice: noticeStamp(s.program!) };
    },
  },
  {
    name: "emit",
    run(s) {
      const options = { runtimeImport: s.options.runtimeImport, sourcePath: s.options.sourcePath ?? s.path };
      if (s.options.emit === "js") {
        s.javascript = emitTypeScript(s.machine!, { ...options, form: "js" });
        s.declarations = emitTypeScript(s.machine!, { ...options, form: "dts" });
      } else {
        s.typescript = emitTypeScript(s.machine!, options);
      }
    },
  },
];

const hasErrors = (list: readonly Diagnostic[]) => list.some((d) => d.severity === "error");

function runPipeline(state: CompileState): CompileResult {
  const until = state.options.until ?? "emit";
  for (const phase of phases) {
    try {
      phase.run(state);
    } catch (error) {
      state.diagnostics.push(internalError(error, phase.name, state.path));
      break;
    }
    if (hasErrors(state.diagnostics) || phase.name === until) break;
    if (phase.name === "program" && !state.program) break;
  }
  const ok = !hasErrors(state.diagnostics);
  const loaded = state.loaded;
  return {
    diagnostics: sortDiagnostics(state.diagnostics),
    ok,
    files: loaded ? [...(loaded.main ? [loaded.main.source] : []), ...loaded.used.map((f) => f.source)] : [],
    program: state.program,
    // Never hand out a machine or code from a compilation with errors.
    machine: ok ? state.machine : undefined,
    typescript: ok ? state.typescript : undefined,
    javascript: ok ? state.javascript : undefined,
    declarations: ok ? state.declarations : undefined,
  };
}

/** Reads files from disk. Errors keep Node's `code` (`ENOENT`, `EACCES`…), which loading turns into LF501. */
export const nodeReader: SourceReader = (path) => readFileSync(path, "utf8");

/** Compiles the flow file at `path` (and the files it uses). Never throws. */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  return runPipeline({ path, read: options.read ?? nodeReader, options, diagnostics: [] });
}

/**
 * Compiles flow source held in memory. `path` names it in diagnostics and
 * anchors its `use` lines, which are read through `options.read` (by default
 * nothing can be used). Never throws.
 */
export function compileSource(text: string, path = "input.flow", options: CompileOptions = {}): CompileResult {
  return runPipeline({ path, text, read: options.read ?? noFiles, options, diagnostics: [] });
}

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
  return diagnostic("LF900", `internal compiler error — a bug in Lawflow; please report it (in phase \`${phase}\`: ${message})`, {
    path,
    hint: debugEnabled() && stack ? stack : "run again with LAWFLOW_DEBUG=1 to see the stack trace, and include it in the report",
  });
}
