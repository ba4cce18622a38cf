/**
 * Compiler: the cold `lawflow compile` a person waits for (whole process,
 * against `node -e ""` as the floor), throughput in lines per second by phase
 * for generated flows, peak memory, and how time grows with size.
 *
 * Throughput runs in child processes (bench/compiler-child.ts, bundled and
 * run as plain JavaScript like the CLI), one per size, each with a time
 * limit: a size that does not finish in time is reported as such, with the
 * runs that did finish, instead of stalling the benchmark.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codegenAgainstPrettier, type CodegenResult } from "./codegen.ts";
import { generateFlow } from "./generate-flow.ts";
import { plainScript } from "./plain.ts";
import { ROOT } from "./size.ts";
import { now, summarize, type Summary } from "./stats.ts";

export interface ColdResult {
  readonly lines: number;
  readonly compileMs: Summary;
  readonly nodeFloorMs: Summary;
  /** Median compile − median floor. */
  readonly overFloorMs: number;
}

export interface SizeRun {
  readonly lines: number;
  readonly bytes: number;
  /** ms per phase over the runs that finished. */
  readonly parseMs?: Summary;
  readonly checkMs?: Summary;
  readonly lowerEmitMs?: Summary;
  readonly totalMs?: Summary;
  /** Lines per second (from the medians). */
  readonly linesPerSecond?: { parse: number; check: number; lowerEmit: number; total: number };
  readonly heapPeak?: number;
  readonly maxRss?: number;
  readonly runsFinished: number;
  readonly runsWanted: number;
  /** Set when the child was stopped at its time limit or failed. */
  readonly problem?: string;
}

export interface CompilerResults {
  readonly cold: ColdResult;
  readonly sizes: SizeRun[];
  /** time(10k)/time(1k) and time(100k)/time(10k), from median totals (≈ 10 is linear). */
  readonly growth: { readonly r10kOver1k?: number; readonly r100kOver10k?: number };
  /**
   * When the full pipeline does not finish at 10,000 lines: the same sizes
   * without the privacy-notice stamp (`lower()` alone in the lower phase), to
   * show how the rest of the pipeline grows.
   */
  readonly core?: { readonly sizes: SizeRun[]; readonly growth: { readonly r10kOver1k?: number; readonly r100kOver10k?: number } };
  /** Peak RSS of a Node process that does nothing (baseline for maxRss). */
  readonly nodeBaselineRss: number;
  /** The code generator against `prettier.format` of its output (bench/codegen.ts). */
  readonly codegen?: readonly CodegenResult[];
}

function timeProcess(args: string[]): number {
  const t0 = now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const ms = now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr.toString()}`);
  return ms;
}

export function coldCompile(lines: number, runs: number): ColdResult {
  const dir = mkdtempSync(join(tmpdir(), "lawflow-bench-cold-"));
  try {
    const file = join(dir, "flow200.flow");
    writeFileSync(file, generateFlow({ lines, seed: 1 }));
    const out = join(dir, "out");
    const compile = ["bin/lawflow.mjs", "compile", file, "--out", out];
    const floor = ["-e", ""];
    timeProcess(compile); // fill the OS file cache before timing
    timeProcess(floor);
    const c: number[] = [];
    const f: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate, so load from other processes hits both alike.
      if (i % 2 === 0) {
        c.push(timeProcess(compile));
        f.push(timeProcess(floor));
      } else {
        f.push(timeProcess(floor));
        c.push(timeProcess(compile));
      }
    }
    const compileMs = summarize(c);
    const nodeFloorMs = summarize(f);
    return { lines, compileMs, nodeFloorMs, overFloorMs: compileMs.median - nodeFloorMs.median };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function compileSize(lines: number, runs: number, warmups: number, timeoutMs: number, mode: "full" | "core" = "full"): SizeRun {
  // Plain JavaScript, as the CLI runs (bench/plain.ts says why).
  const r = spawnSync(process.execPath, ["--max-old-space-size=8192", plainScript("bench/compiler-child.ts"), String(lines), "1", String(runs), String(warmups), mode], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 1 << 24,
  });
  const rows = (r.stdout ?? "")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, number | boolean>);
  const done = rows.filter((x) => x.memory === undefined) as Record<string, number>[];
  const memory = rows.find((x) => x.memory === true) as Record<string, number> | undefined;
  const problem =
    r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT"
      ? `stopped after ${timeoutMs / 1000} s (${done.length} of ${warmups + runs} compiles incl. warm-up finished${done.length === 0 ? "; none timed" : ""})`
      : r.status !== 0
        ? `child failed (status ${r.status}): ${(r.stderr ?? "").split("\n").slice(0, 3).join(" ")}`
        : undefined;
  const base: SizeRun = { lines, bytes: Buffer.byteLength(generateFlow({ lines, seed: 1 })), runsFinished: done.length, runsWanted: runs, problem };
  if (done.length === 0) return base;
  const parseMs = summarize(done.map((x) => x.load!));
  const checkMs = summarize(done.map((x) => x.program! + x.check!));
  const lowerEmitMs = summarize(done.map((x) => x.lower! + x.emit!));
  const totalMs = summarize(done.map((x) => x.load! + x.program! + x.check! + x.lower! + x.emit!));
  const lps = (ms: number) => (lines / ms) * 1000;
  return {
    ...base,
    parseMs,
    checkMs,
    lowerEmitMs,
    totalMs,
    linesPerSecond: { parse: lps(parseMs.median), check: lps(checkMs.median), lowerEmit: lps(lowerEmitMs.median), total: lps(totalMs.median) },
    heapPeak: memory?.heapPeak,
    maxRss: memory?.maxRss,
  };
}

export interface CompilerOptions {
  readonly quick?: boolean;
  /** Time limits per size, ms. */
  readonly timeouts?: { readonly k1?: number; readonly k10?: number; readonly k100?: number };
  readonly log?: (line: string) => void;
}

export async function runCompiler(o: CompilerOptions = {}): Promise<CompilerResults> {
  const log = o.log ?? (() => {});
  log("compiler: cold compile of a 200-line flow vs node -e \"\"");
  const cold = coldCompile(200, o.quick ? 5 : 15);
  const baseline = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.resourceUsage().maxRSS * 1024))"], { encoding: "utf8" });
  const nodeBaselineRss = Number(baseline.stdout);
  const sizes: SizeRun[] = [];
  log("compiler: 1,000 lines");
  sizes.push(compileSize(1_000, o.quick ? 3 : 7, 2, o.timeouts?.k1 ?? 60_000));
  log("compiler: 10,000 lines");
  sizes.push(compileSize(10_000, o.quick ? 2 : 5, 1, o.timeouts?.k10 ?? 75_000));
  const k10 = sizes[1]!;
  log("compiler: 100,000 lines");
  // When 10k did not finish, 100k cannot either within its limit: report that without spending the time.
  if (k10.runsFinished === 0)
    sizes.push({ lines: 100_000, bytes: Buffer.byteLength(generateFlow({ lines: 100_000, seed: 1 })), runsFinished: 0, runsWanted: 3, problem: "not run: the 10,000-line compile did not finish in its time limit" });
  else sizes.push(compileSize(100_000, o.quick ? 1 : 3, 0, o.timeouts?.k100 ?? 120_000));
  const growthOf = (list: SizeRun[]) => {
    const total = (lines: number) => list.find((s) => s.lines === lines)?.totalMs?.median;
    const t1 = total(1_000);
    const t10 = total(10_000);
    const t100 = total(100_000);
    return { r10kOver1k: t1 && t10 ? t10 / t1 : undefined, r100kOver10k: t10 && t100 ? t100 / t10 : undefined };
  };
  let core: CompilerResults["core"];
  if (k10.runsFinished === 0) {
    log("compiler: the full pipeline did not finish 10,000 lines; measuring it without the notice stamp");
    const coreSizes = [compileSize(1_000, o.quick ? 3 : 5, 2, 60_000, "core"), compileSize(10_000, o.quick ? 1 : 3, 1, 90_000, "core")];
    if (coreSizes[1]!.runsFinished > 0) coreSizes.push(compileSize(100_000, 1, 0, o.timeouts?.k100 ?? 150_000, "core"));
    core = { sizes: coreSizes, growth: growthOf(coreSizes) };
  }
  log("compiler: code generation against prettier.format");
  const codegen = [await codegenAgainstPrettier(200, o.quick ? 5 : 15), await codegenAgainstPrettier(1_000, o.quick ? 3 : 7)];
  return {
    cold,
    sizes,
    growth: growthOf(sizes),
    core,
    nodeBaselineRss,
    codegen,
  };
}
