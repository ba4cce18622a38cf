/**
 * A lock file for a fresh app, cut from this repository's own lock: the
 * packages the app asks for and everything they need, at exactly the versions
 * this repository installed and tested. With it, `npm ci --offline` installs
 * the app from the local npm cache (which `npm ci` here filled), so the
 * consumer tests need no registry and cannot drift to newer releases.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly [key: string]: unknown;
}

interface Lock {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}

/** Where Node would find `name` when required from the package installed at `from` (`node_modules/a/node_modules/b`). */
function locate(packages: Lock["packages"], from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const candidate = `${dir ? dir + "/" : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
const nameAt = (path: string) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);

/**
 * The closure of `roots` (package names) in the repository's lock, keyed by
 * install path. Each entry gets the tarball's address on `registry` (the lock
 * here leaves it out): with it npm reads the tarball from its cache by
 * integrity, where without it npm would first ask the registry where it is.
 */
export function lockClosure(repoRoot: string, roots: readonly string[], registry: string): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as Lock;
  const kept: Record<string, LockEntry> = {};
  const queue: [from: string, name: string][] = roots.map((name) => ["", name]);
  while (queue.length > 0) {
    const [from, name] = queue.pop()!;
    const path = locate(lock.packages, from, name);
    if (path === undefined) {
      throw new Error(`the repository's lock has no ${name} (needed by ${from || "the app"}): add it to devDependencies`);
    }
    if (kept[path]) continue;
    const entry = lock.packages[path]!;
    // Everything that was a development dependency here is a plain one in the app.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry as LockEntry & { dev?: boolean; devOptional?: boolean; peer?: boolean };
    const packageName = nameAt(path);
    const resolved = entry.resolved ?? `${registry.replace(/\/?$/, "/")}${packageName}/-/${packageName.split("/").pop()}-${entry.version}.tgz`;
    kept[path] = { ...rest, resolved };
    const needs = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional),
    ];
    for (const dep of needs) queue.push([path, dep]);
    // Optional dependencies (platform binaries) come along when this machine's install had them.
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      if (locate(lock.packages, path, dep) !== undefined) queue.push([path, dep]);
    }
  }
  return kept;
}
