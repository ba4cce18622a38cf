/**
 * Helpers for the CLI tests: they run the real `bin/lawflow.mjs` in a child
 * process, as a user would, against the bundle in dist/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(ROOT, "bin/lawflow.mjs");
export const LEAD = join(ROOT, "examples/lead-capture/lead.flow");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm test` builds dist/ before vitest starts; a test run started some other
 * way (an editor, `npx vitest`) rebuilds here when a source is newer than the
 * bundle. A lock directory keeps parallel test files from building at once.
 */
export function ensureBuilt(): void {
  const cli = join(ROOT, "dist/cli.js");
  const sources = ["cli", "compiler", "runtime", "bundler", "prettier", "lsp"].map((d) => join(ROOT, d)).filter(existsSync);
  const stale = () => !existsSync(cli) || Math.max(...sources.map(newestSource)) > statSync(cli).mtimeMs;
  if (!stale()) return;
  const lock = join(ROOT, "dist/.build-lock");
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`cannot take ${lock}; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (!stale()) return; // another test file built it while we waited
    const built = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { cwd: ROOT, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lawflow ARGS…` in `cwd` (default: the repository), without colour unless asked. */
export function lawflow(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory holding `files` (path → text). */
export function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "lawflow-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export const POLICY = `controller "Acme Analytics Ltd" contact "privacy@acme.example"

purpose quote "Prepare the price quote you asked for" {
  basis contract
  needs email
  retain 90 days
}

field email: email "your email address"
`;

export const MINI = `flow Mini version "1.0.0"
use "./policy.flow"

ask email "What's your email address?" for quote under contract
end "Thanks!"
`;

/** Has an unknown field at line 4, column 5. */
export const BROKEN = `flow Broken version "1.0.0"
use "./policy.flow"

ask emial "What's your email address?" for quote under contract
end "Thanks!"
`;
