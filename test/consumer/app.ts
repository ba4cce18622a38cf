/**
 * A fresh app outside the repository that installs Lawflow from the packed
 * tarball, the way a user does: `npm pack` here, then `npm ci --offline`
 * there, with a lock file cut from this repository's (see lockfile.ts).
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lockClosure } from "./lockfile.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Packs the repository as `npm publish` would (dist/ must be built: `npm test` builds first). */
export function packLawflow(into: string): string {
  const out = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", into], { cwd: ROOT, encoding: "utf8" });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  return join(into, basename(filename));
}

export interface ConsumerApp {
  readonly dir: string;
  /** Runs a command in the app; never throws: the result says how it went. */
  run(command: string, args: readonly string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): SpawnSyncReturns<string>;
  /** Runs a binary from the app's node_modules/.bin. */
  bin(name: string, args: readonly string[]): SpawnSyncReturns<string>;
  write(path: string, text: string): void;
  read(path: string): string;
}

/**
 * Makes an app in a new temporary folder (outside the repository) that
 * depends on the tarball and on `devPackages` (names; versions as locked here).
 */
export function makeConsumerApp(tarball: string, devPackages: readonly string[]): ConsumerApp {
  const dir = mkdtempSync(join(tmpdir(), "lawflow-app-"));
  copyFileSync(tarball, join(dir, basename(tarball)));
  const lawflowManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  const registry = execFileSync(npm, ["config", "get", "registry"], { encoding: "utf8" }).trim();
  const packages = lockClosure(ROOT, [...Object.keys(lawflowManifest.dependencies), ...devPackages], registry);
  const versionOf = (name: string) => packages[`node_modules/${name}`]!.version!;
  const dependencies = {
    lawflow: `file:${basename(tarball)}`,
    ...Object.fromEntries(devPackages.map((name) => [name, versionOf(name)])),
  };
  const manifest = { name: "consumer-app", version: "1.0.0", private: true, type: "module", dependencies };
  const integrity = "sha512-" + createHash("sha512").update(readFileSync(tarball)).digest("base64");
  const lock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, version: manifest.version, dependencies },
      "node_modules/lawflow": {
        version: lawflowManifest.version,
        resolved: `file:${basename(tarball)}`,
        integrity,
        license: "MIT",
        dependencies: lawflowManifest.dependencies,
        bin: lawflowManifest.bin,
        engines: lawflowManifest.engines,
      },
      ...packages,
    },
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock, null, 2) + "\n");

  const app: ConsumerApp = {
    dir,
    run(command, args, options = {}) {
      return spawnSync(command, [...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", ...options.env },
        input: options.input,
        timeout: 180_000,
      });
    },
    bin(name, args) {
      return app.run(join(dir, "node_modules", ".bin", name), args);
    },
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    read(path) {
      return readFileSync(join(dir, path), "utf8");
    },
  };
  const install = app.run(npm, ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]);
  if (install.status !== 0) throw new Error(`npm ci in ${dir} failed:\n${install.stdout}\n${install.stderr}`);
  return app;
}
