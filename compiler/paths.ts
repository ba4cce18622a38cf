/**
 * Paths of flow files, the one place they are normalised. Loading keys each
 * file by its normalised path (one file, one key, however `use` lines spell
 * it), and the documents identify a declaration by that same key, so a
 * purpose reached through two spellings of one policy file is one purpose.
 *
 * Written by hand (not node:path) so that the compiler also loads in a
 * browser. Both separators are accepted; `/` is what is produced.
 */

/** The path of `spec` (from a `use` line) relative to the directory of `from`. */
export function resolveUsePath(from: string, spec: string): string {
  if (isAbsolute(spec)) return normalizePath(spec);
  const slash = Math.max(from.lastIndexOf("/"), from.lastIndexOf("\\"));
  const dir = slash >= 0 ? from.slice(0, slash + 1) : "";
  return normalizePath(dir + spec);
}

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(p);
}

/** Removes `.` segments and resolves `..` where it can, so one file has one key. */
export function normalizePath(p: string): string {
  const absolute = isAbsolute(p);
  const drive = /^[A-Za-z]:/.exec(p)?.[0] ?? "";
  const parts = p.slice(drive.length).split(/[\\/]+/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part === ".." && absolute) continue;
    else out.push(part);
  }
  const body = out.join("/");
  return drive + (absolute ? "/" : "") + (body === "" && !absolute ? "." : body);
}
