/**
 * The runtime ships inside every page that runs a flow, so its size is a
 * budget: esbuild-minified and gzipped, as a browser downloads it.
 */
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

async function size(): Promise<{ min: number; gz: number }> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const code = out.outputFiles[0]!.contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}

/** The target from the runtime's issue. */
const BUDGET = 5 * 1024;
/**
 * Just above what the runtime measures today (6,471 with zlib, 6,422 with
 * gzip -9; see docs/runtime.md, "Size"): a regression past it fails. It
 * rose from 5,861 when the runtime was made several times faster (a SHA-256
 * on typed arrays, snapshots restored without re-sorting, per-machine
 * tables) and its snapshots a fifth smaller (receipts kept short), and came
 * down from 6,603 when the ledger kept entries short in the state and
 * restoring lost its second path.
 */
const CEILING = 6_500;

describe("runtime size", () => {
  it("bundles with no dependencies and no Node built-ins", async () => {
    const out = await build({ entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))], bundle: true, format: "esm", platform: "browser", write: false, metafile: true, logLevel: "silent" });
    expect(Object.keys(out.metafile.inputs).every((f) => f.startsWith("runtime/") && !f.includes("node_modules"))).toBe(true);
  });

  it(`stays under its ceiling of ${CEILING} bytes min+gzip`, async () => {
    expect((await size()).gz).toBeLessThanOrEqual(CEILING);
  });

  // Known gap, kept visible: this starts failing (and should become a plain
  // `it`) the day the runtime fits the 5 KB target.
  it.fails(`fits the ${BUDGET}-byte min+gzip target`, async () => {
    expect((await size()).gz).toBeLessThanOrEqual(BUDGET);
  });
});
