/**
 * Loading: reads a flow file and, recursively, the policy files it `use`s,
 * parsing each one exactly once. Files are read through an injectable
 * {@link SourceReader}, so tests, the playground and `lawflow run` can compile
 * in memory; the CLI passes {@link nodeReader}.
 *
 * Loading reports; it never throws for a user's mistake:
 *   LF501  a file cannot be read (at the `use` string, or place-less for the root)
 *   LF502  files use each other in a cycle (the cycle as related places)
 *   LF503  a used (policy) file declares steps or a `flow`
 */
import type { FlowFile, UseDecl } from "./ast.ts";
import type { Diagnostic, RelatedPlace } from "./diagnostics/diagnostic.ts";
import { note, phrase, report } from "./diagnostics/messages.ts";
import { parseFlow } from "./syntax/parse.ts";
import { normalizePath, resolveUsePath } from "./paths.ts";
import { sourceFile, type SourceFile } from "./source.ts";

/**
 * Reads the text of a file. Throws an error carrying a Node-style `code`
 * (`ENOENT`, `EACCES`, `EISDIR`…) when the file cannot be read; any other
 * exception is treated as a bug and reported as LF900 by the pipeline.
 */
export type SourceReader = (path: string) => string;

/** An error a {@link SourceReader} throws for a file that cannot be read. */
export interface ReadError {
  readonly code?: string;
  readonly message?: string;
  /** For `EILSEQ` (not UTF-8): the line of the first byte that is not. */
  readonly line?: number;
}

/** A reader over an in-memory map of path → text (paths as `use` resolves them). */
export function memoryReader(files: Readonly<Record<string, string>> | ReadonlyMap<string, string>): SourceReader {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return (path) => {
    const text = map.get(normalizePath(path));
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
    return text;
  };
}

export interface LoadedFile {
  readonly source: SourceFile;
  readonly ast: FlowFile;
}

export interface LoadResult {
  /** The flow file, absent when it could not be read. */
  readonly main?: LoadedFile;
  /** The files it uses, directly or not, each once, in the order they were first reached (depth first). */
  readonly used: readonly LoadedFile[];
  /** Load and parse diagnostics, in the order they were found. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses kept between loads, by file: a file whose text is unchanged is not
 * parsed again. The language server keeps one, so an edit of a flow re-parses
 * that flow only, not the policy files it uses. A parse is a pure function of
 * the path and the text, so reusing it changes nothing but the time.
 */
export class ParseCache {
  private readonly files = new Map<string, { readonly text: string; readonly file: LoadedFile; readonly diagnostics: readonly Diagnostic[] }>();
  /** How many parses were reused and how many were made: for tests and benchmarks. */
  hits = 0;
  misses = 0;

  parse(path: string, text: string): { file: LoadedFile; diagnostics: readonly Diagnostic[] } {
    const key = normalizePath(path);
    const kept = this.files.get(key);
    if (kept && kept.text === text && kept.file.source.path === path) {
      this.hits++;
      return kept;
    }
    this.misses++;
    const source = sourceFile(path, text);
    const parsed = parseFlow(source);
    const entry = { text, file: { source, ast: parsed.ast }, diagnostics: parsed.diagnostics };
    this.files.set(key, entry);
    return entry;
  }

  /** Forgets a file (closed, or deleted). */
  forget(path: string): void {
    this.files.delete(normalizePath(path));
  }
}

/**
 * Loads `path` and everything it uses. `preloaded` supplies the root's text
 * directly (for `compileSource`); used files still go through `read`.
 */
export function loadProgram(path: string, read: SourceReader, preloaded?: string, cache?: ParseCache): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const loaded = new Map<string, LoadedFile>();
  const order: string[] = [];
  /**
   * The chain of files being loaded, each with the `use` that reached it and
   * its own `use` lines still to follow. Kept by hand rather than on the call
   * stack, so a chain of thousands of policy files cannot overflow it.
   */
  const stack: { key: string; path: string; via?: UseDecl; uses: UseDecl[]; next: number }[] = [];
  const onStack = new Map<string, number>();

  const enter = (filePath: string, via: UseDecl | undefined, text?: string): void => {
    const key = normalizePath(filePath);
    const at = onStack.get(key);
    if (at !== undefined) {
      // A cycle: report it once, at the `use` that closes it, with every other `use` on it.
      const chain = stack.slice(at);
      const names = [...chain.map((s) => s.key), key];
      const related: RelatedPlace[] = chain.slice(1).map((s) => note("load.usesHere", { from: s.via!.path.span.file.path, to: s.key }, s.via!.path.span));
      diagnostics.push(
        report("load.cycle", { chain: names.join(" → ") }, { span: via?.path.span, path: via ? undefined : filePath, related }),
      );
      return;
    }
    if (loaded.has(key)) return; // used twice: parsed once

    if (text === undefined) {
      try {
        text = read(filePath);
      } catch (error) {
        if (!isReadError(error)) throw error;
        // `use "policy"` for `policy.flow`: say so, if that file can be read.
        let withExtension = false;
        if (via && error.code === "ENOENT" && !filePath.endsWith(".flow")) {
          try {
            read(filePath + ".flow");
            withExtension = true;
          } catch {
            // not there either: the plain hint
          }
        }
        diagnostics.push(withExtension ? report("read.missingExtension", { path: filePath, written: `${via!.path.value}.flow` }, { span: via!.path.span }) : cannotRead(filePath, error, via));
        return;
      }
    }

    let file: LoadedFile;
    if (cache) {
      const kept = cache.parse(filePath, text);
      for (const d of kept.diagnostics) diagnostics.push(d);
      file = kept.file;
    } else {
      const source = sourceFile(filePath, text);
      const parsed = parseFlow(source);
      for (const d of parsed.diagnostics) diagnostics.push(d);
      file = { source, ast: parsed.ast };
    }
    loaded.set(key, file);
    order.push(key);

    if (via) checkPolicyFile(file, via, diagnostics);

    onStack.set(key, stack.length);
    stack.push({ key, path: filePath, via, uses: file.ast.declarations.filter((d): d is UseDecl => d.kind === "use"), next: 0 });
  };

  enter(path, undefined, preloaded);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const use = top.uses[top.next++];
    if (use) enter(resolveUsePath(top.path, use.path.value), use);
    else onStack.delete(stack.pop()!.key);
  }
  const rootKey = normalizePath(path);
  return {
    main: loaded.get(rootKey),
    used: order.filter((k) => k !== rootKey).map((k) => loaded.get(k)!),
    diagnostics,
  };
}

/** LF503: a policy file shares declarations; the steps and the `flow` line belong to the flow that uses it. */
function checkPolicyFile({ ast, source }: LoadedFile, via: UseDecl, out: Diagnostic[]): void {
  const flow = ast.declarations.find((d) => d.kind === "flow");
  const firstStep = ast.steps[0];
  const what = flow && firstStep ? "a `flow` line and steps" : flow ? "a `flow` line" : firstStep ? "steps" : undefined;
  if (!what) return;
  const at = flow && firstStep ? (flow.span.start <= firstStep.span.start ? flow.span : firstStep.span) : (flow?.span ?? firstStep!.span);
  out.push(
    report("load.policyDeclares", { path: source.path, what }, { span: at, related: [note("load.usedHere", {}, via.path.span)] }),
  );
}

function isReadError(error: unknown): error is ReadError {
  return typeof error === "object" && error !== null && typeof (error as ReadError).code === "string";
}

const REASONS = {
  ENOENT: "reason.read.ENOENT",
  EACCES: "reason.read.EACCES",
  EPERM: "reason.read.EPERM",
  EISDIR: "reason.read.EISDIR",
  ENOTDIR: "reason.read.ENOTDIR",
  ELOOP: "reason.read.ELOOP",
  EMFILE: "reason.read.EMFILE",
} as const;

/** LF501 for a file that cannot be read (`via`: the `use` that reached it). Also `lawflow fmt`'s. */
export function cannotRead(path: string, error: ReadError, via?: UseDecl): Diagnostic {
  const reason = readReason(error);
  const key =
    error.code === "ENOENT"
      ? via
        ? "read.missingUsed"
        : "read.missingFlow"
      : error.code === "EISDIR"
        ? "read.directory"
        : error.code === "EILSEQ"
          ? "read.notUtf8"
          : "read.other";
  return report(key, { path, reason }, { span: via?.path.span, path: via ? undefined : path })
}

/** Why a file could not be read, in words (`no such file`, `it is a directory, not a file`…). */
export function readReason(error: ReadError): string {
  const known = REASONS[error.code as keyof typeof REASONS];
  return error.code === "EILSEQ" ? phrase("reason.read.EILSEQ", { line: String(error.line ?? 1) }) : known ? phrase(known, {}) : (error.message ?? error.code ?? String(error));
}

function quote(s: string): string {
  return `\`${s}\``;
}
