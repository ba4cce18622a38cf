/**
 * Runs a benchmark entry as plain JavaScript under `node`, the way users run
 * Lawflow. tsx compiles every TypeScript file with `keepNames`, which wraps
 * each function in a helper that defines its `name`: on the runtime's
 * per-conversation closures that costs time and heap that no user pays, and
 * that the peers (plain JavaScript from node_modules) do not pay either. So
 * the runtime section is bundled by esbuild — packages stay external and are
 * loaded from node_modules as they are — and run by node itself.
 */
import { execFileSync } from "node:child_process";
import { basename, join } from "node:path";
import { buildSync } from "esbuild";
import { ROOT } from "./size.ts";

/** Where the bundles go: one level below the root, so `ROOT` computed in a bundle is still the root. */
const OUT = join(ROOT, ".bench-out");

/** Bundled once per process: the memory child alone runs six times a section. */
const built = new Set<string>();

export function plainScript(entry: string): string {
  const outfile = join(OUT, basename(entry).replace(/\.ts$/, ".mjs"));
  if (built.has(outfile)) return outfile;
  buildSync({ entryPoints: [join(ROOT, entry)], outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning" });
  built.add(outfile);
  return outfile;
}

/** Run `entry` under node with `nodeArgs` and `args`; returns its standard output (its standard error passes through). */
export const runPlain = (entry: string, args: readonly string[], nodeArgs: readonly string[] = []): string =>
  execFileSync(process.execPath, [...nodeArgs, plainScript(entry), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "inherit"] });
