/**
 * Writing generated files: all or nothing. Each file is first written to a
 * temporary file in its own directory, then renamed over the target (a rename
 * within one directory is atomic), so a reader never sees half a module and a
 * failed compilation never leaves a partial one behind.
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../compiler/diagnostics/index.ts";
import { phrase, report } from "../compiler/diagnostics/messages.ts";

/** `lead.flow` → `lead.flow.ts` (or another `extension`), beside the input or in `outDir`. */
export function outputPath(input: string, outDir?: string, extension = ".ts"): string {
  const base = basename(input);
  const name = (base.endsWith(".flow") ? base.slice(0, -".flow".length) : base) + ".flow" + extension;
  return outDir === undefined ? join(dirname(input), name) : join(outDir, name);
}

/**
 * The input as the generated module's header names it, with `/`: relative to
 * the output when it is beside or below it (`lead.flow`), else as given on the
 * command line — never a path that depends on where the checkout lives.
 */
export function sourcePathFor(input: string, output: string): string {
  const rel = relative(dirname(output), input);
  const shown = rel.startsWith("..") || isAbsolute(rel) ? input : rel;
  return shown.split(sep).join("/");
}

export interface PendingFile {
  readonly path: string;
  readonly text: string;
}

const REASONS = {
  EACCES: "reason.write.EACCES",
  EPERM: "reason.write.EPERM",
  EROFS: "reason.write.EROFS",
  ENOSPC: "reason.write.ENOSPC",
  ENOTDIR: "reason.write.ENOTDIR",
  EEXIST: "reason.write.EEXIST",
  EISDIR: "reason.write.EISDIR",
  ENOENT: "reason.write.ENOENT",
} as const;

function cannotWrite(path: string, error: unknown, key: "write.cannot" | "write.cannotCreateDirectory" = "write.cannot"): Diagnostic {
  const code = (error as { code?: string } | null)?.code;
  const known = code === undefined ? undefined : REASONS[code as keyof typeof REASONS];
  const reason = known ? phrase(known, {}) : error instanceof Error ? error.message : String(error);
  return report(key, { path, reason }, { path });
}

/** LF504 for standard output or error that cannot be written (a full disk, a closed terminal), as one line of text. */
export function cannotWriteOutput(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const known = code === undefined ? undefined : REASONS[code as keyof typeof REASONS];
  const reason = known ? phrase(known, {}) : error instanceof Error ? error.message : String(error);
  const d = report("write.output", { reason }, {});
  return `${d.severity}[${d.code}]: ${d.message} — ${d.hint}\n`; // one line, as every place-less problem is shown
}

/** Two inputs with the same name would overwrite each other's output. */
export function collisions(files: readonly { input: string; output: string }[]): Diagnostic[] {
  const byOutput = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const f of files) {
    const other = byOutput.get(f.output);
    if (other !== undefined && other !== f.input) {
      out.push(
        report("write.collision", { first: other, second: f.input, output: f.output }, { path: f.output }),
      );
    } else byOutput.set(f.output, f.input);
  }
  return out;
}

/**
 * LF506 for each `.js` output that Node would load as CommonJS: the nearest
 * package.json above it says `"type": "commonjs"` (as `npm init` writes it),
 * so `import`/`export` in it is a syntax error under plain `node`. Without a
 * `type`, Node 20.19 and later find the module syntax themselves.
 */
export function commonjsScopes(outputs: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const output of outputs) {
    if (!output.endsWith(".js")) continue;
    for (let dir = dirname(resolve(output)); ; dir = dirname(dir)) {
      let type: unknown = null;
      try {
        type = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { type?: unknown }).type;
      } catch {
        // none here, or not JSON (Node would refuse it itself): look further up, as Node does for a missing one
      }
      if (type !== null) {
        const manifest = relative(process.cwd(), join(dir, "package.json")) || "package.json";
        if (type !== undefined && type !== "module") out.push(report("write.commonjsScope", { output, manifest }, { path: output }));
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return out;
}

/**
 * `mkdir -p`, one level at a time. Node's own `{ recursive: true }` never
 * returns on some pseudo file systems (it retries `/proc/x` forever), and a
 * CLI must answer "cannot create" instead of hanging.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (statSync(d).isDirectory()) break;
      throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT" || dirname(d) === d) throw error;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
  }
}

/**
 * Where a file is really written, and how. A symbolic link is written through
 * (the file it names is replaced, the link stays); something that is not a
 * regular file — `/dev/stdout`, `/dev/null`, a named pipe — is written to
 * directly, never renamed over (which would swap a device or a pipe for a
 * plain file, in /dev too when run as root). Anything else, existing or not,
 * goes through a temporary file and a rename.
 */
function targetOf(path: string): { path: string; direct: boolean } {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { path, direct: !stat.isDirectory() };
    return { path: realpathSync(path), direct: false };
  } catch {
    return { path, direct: false }; // not there yet (or a link to nothing): made as a new file
  }
}

/**
 * Writes every file or none: returns the LF504 diagnostics of what failed.
 * Temporary files are removed whatever happens.
 */
export function writeAll(files: readonly PendingFile[]): Diagnostic[] {
  const temps: { temp: string; path: string; shown: string }[] = [];
  const direct: PendingFile[] = [];
  const cleanup = () => {
    for (const t of temps) {
      try {
        unlinkSync(t.temp);
      } catch {
        // already renamed or never created
      }
    }
  };
  let n = 0;
  for (const file of files) {
    const target = targetOf(file.path);
    if (target.direct) {
      direct.push(file);
      continue;
    }
    const dir = dirname(target.path);
    try {
      makeDirectory(dir);
    } catch (error) {
      cleanup();
      return [cannotWrite(dirname(file.path), error, "write.cannotCreateDirectory")];
    }
    const temp = join(dir, `.${basename(target.path)}.${process.pid}.${n++}.tmp`);
    try {
      writeFileSync(temp, file.text, { flag: "wx" });
      temps.push({ temp, path: target.path, shown: file.path });
    } catch (error) {
      cleanup();
      return [cannotWrite(file.path, error)];
    }
  }
  for (const t of temps) {
    try {
      renameSync(t.temp, t.path);
    } catch (error) {
      cleanup();
      return [cannotWrite(t.shown, error)];
    }
  }
  for (const file of direct) {
    try {
      writeFileSync(file.path, file.text);
    } catch (error) {
      return [cannotWrite(file.path, error)];
    }
  }
  return [];
}
