/**
 * Writing generated files: all or nothing. Each file is first written to a
 * temporary file in its own directory, then renamed over the target (a rename
 * within one directory is atomic), so a reader never sees half a module and a
 * failed compilation never leaves a partial one behind.
 */
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/index.ts";

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

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  ENOTDIR: "a part of the path is a file, not a directory",
  EEXIST: "a file is in the way of the directory",
  EISDIR: "a directory is in the way of the file",
  ENOENT: "the directory does not exist",
};

function cannotWrite(path: string, error: unknown, what = "write"): Diagnostic {
  const code = (error as { code?: string } | null)?.code;
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return diagnostic("LF504", `cannot ${what} \`${path}\`: ${reason}`, {
    path,
    hint: "choose a directory you may write to with --out DIR, or check the permissions of this one",
  });
}

/** Two inputs with the same name would overwrite each other's output. */
export function collisions(files: readonly { input: string; output: string }[]): Diagnostic[] {
  const byOutput = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const f of files) {
    const other = byOutput.get(f.output);
    if (other !== undefined && other !== f.input) {
      out.push(
        diagnostic("LF504", `\`${other}\` and \`${f.input}\` would both be written to \`${f.output}\``, {
          path: f.output,
          hint: "compile them into different --out directories, or rename one",
        }),
      );
    } else byOutput.set(f.output, f.input);
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
 * Writes every file or none: returns the LF504 diagnostics of what failed.
 * Temporary files are removed whatever happens.
 */
export function writeAll(files: readonly PendingFile[]): Diagnostic[] {
  const temps: { temp: string; path: string }[] = [];
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
    const dir = dirname(file.path);
    try {
      makeDirectory(dir);
    } catch (error) {
      cleanup();
      return [cannotWrite(dir, error, "create the directory")];
    }
    const temp = join(dir, `.${basename(file.path)}.${process.pid}.${n++}.tmp`);
    try {
      writeFileSync(temp, file.text, { flag: "wx" });
      temps.push({ temp, path: file.path });
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
      return [cannotWrite(t.path, error)];
    }
  }
  return [];
}
