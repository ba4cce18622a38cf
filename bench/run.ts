/**
 * `npm run bench` — runs every benchmark on this machine and writes
 * bench/results.json and bench/results.md. One section alone:
 * `tsx bench/run.ts runtime` (sections: compiler, runtime, size, types);
 * `--quick` for fewer rounds while developing. A section run alone replaces
 * its part of results.json and keeps the others, each with its own date.
 *
 * Targets are printed beside the figures; they are never asserted (times
 * depend on the machine; only the size budget is a test).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { runCompiler, type CompilerResults } from "./compiler.ts";
import { generateFlow } from "./generate-flow.ts";
import { compileForBench, leadSource, LEAD_PATH } from "./machines.ts";
import { runPlain } from "./plain.ts";
import type { RestoreResult, RuntimeResults } from "./runtime.ts";
import { peerVersion, ROOT, runSize, type SizeResults } from "./size.ts";
import { fmt, fmtBytes, fmtSummary, type Summary } from "./stats.ts";
import { runTypes, type TypesResults } from "./types.ts";

const SECTIONS = ["compiler", "runtime", "size", "types"] as const;
type Section = (typeof SECTIONS)[number];

export const TARGETS = {
  runtimeOverXState: 5,
  restoreMicroseconds: 20,
  coldCompileMs: 300,
  linesPerSecond: 20_000,
  growthRatio: 10,
  runtimeMinGzBytes: 6656,
  widgetMinGzBytes: 15 * 1024,
};

interface Timed<T> {
  readonly date: string;
  readonly seconds: number;
  readonly loadAverage: number[];
  readonly data: T;
}

interface Results {
  machine: { cpu: string; cores: number; memory: number; node: string; platform: string };
  peers: Record<string, string>;
  compiler?: Timed<CompilerResults>;
  runtime?: Timed<RuntimeResults>;
  size?: Timed<SizeResults>;
  types?: Timed<TypesResults>;
  /** Written by examples/bot-server/load.ts --write, never by this script: a run of it keeps the last figures. */
  botServer?: Timed<BotServerResults>;
}

export interface BotServerResults {
  readonly command: string;
  readonly markdown: string;
}

const JSON_PATH = join(ROOT, "bench/results.json");
const MD_PATH = join(ROOT, "bench/results.md");
const GENERATED_STEPS = 1000;

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function timed<T>(f: () => T | Promise<T>): Promise<Timed<T>> {
  const loadAverage = loadavg().map((x) => Math.round(x * 100) / 100);
  const t0 = Date.now();
  const data = await f();
  return { date: new Date().toISOString(), seconds: Math.round((Date.now() - t0) / 100) / 10, loadAverage, data };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const chosen = args.filter((a) => !a.startsWith("--")) as Section[];
  for (const s of chosen) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(", ")}`);
  const sections = chosen.length > 0 ? chosen : [...SECTIONS];

  const previous: Partial<Results> = existsSync(JSON_PATH) && chosen.length > 0 ? JSON.parse(readFileSync(JSON_PATH, "utf8")) : {};
  const kept: Partial<Results> = existsSync(JSON_PATH) ? JSON.parse(readFileSync(JSON_PATH, "utf8")) : {};
  const results: Results = {
    ...previous,
    botServer: kept.botServer,
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memory: totalmem(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    peers: {
      xstate: peerVersion("xstate"),
      "@xstate/fsm": peerVersion("@xstate/fsm"),
      typescript: peerVersion("typescript"),
      esbuild: peerVersion("esbuild"),
    },
  };

  for (const section of sections) {
    log(`${section}…`);
    try {
      await runSection(section, results, quick);
    } catch (e) {
      // One section failing (e.g. a module mid-edit) must not lose the others; its previous figures stay.
      log(`${section} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 1;
    }
    // Write after every section, so a long run that is stopped keeps what it measured.
    writeFileSync(JSON_PATH, JSON.stringify(results, null, 2) + "\n");
    writeFileSync(MD_PATH, renderMarkdown(results));
  }
  process.stdout.write(renderMarkdown(results));
}

async function runSection(section: Section, results: Results, quick: boolean): Promise<void> {
  {
    switch (section) {
      case "size":
        results.size = await timed(() => runSize());
        break;
      case "compiler":
        results.compiler = await timed(() => runCompiler({ quick, log }));
        break;
      case "runtime":
        results.runtime = await timed(() => {
          const lead = compileForBench(leadSource(), LEAD_PATH).machine;
          const generated = compileForBench(generateFlow({ steps: GENERATED_STEPS, seed: 1 }), "generated.flow", { check: false }).machine;
          // Run as plain JavaScript, as users run it (bench/plain.ts says why).
          const dir = mkdtempSync(join(tmpdir(), "lawflow-bench-"));
          try {
            writeFileSync(join(dir, "runtime.json"), JSON.stringify({ lead, generated, generatedSteps: GENERATED_STEPS, quick }));
            return JSON.parse(runPlain("bench/runtime-child.ts", [join(dir, "runtime.json")])) as RuntimeResults;
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        });
        break;
      case "types":
        results.types = await timed(() => runTypes({ quick, steps: GENERATED_STEPS, log }));
        break;
    }
  }
}

// ── Markdown ────────────────────────────────────────────────────────────────

const ms = (s: Summary | undefined) => (s ? fmtSummary(s, "ms") : "—");
const mark = (ok: boolean | undefined) => (ok === undefined ? "not measured" : ok ? "meets target" : "misses target");

function sectionHeader(title: string, t: Timed<unknown>): string {
  return `## ${title}\n\nMeasured ${t.date.slice(0, 16).replace("T", " ")} UTC in ${t.seconds} s; load average at start ${t.loadAverage.join(", ")} (1, 5, 15 min).\n\n`;
}

export function renderMarkdown(r: Results): string {
  const out: string[] = [];
  out.push(`# Lawflow benchmark results\n`);
  out.push(`Written by \`npm run bench\` (bench/run.ts). Each figure: the median, then the spread of the runs (min–max and interquartile range, n = runs). How to read them: docs/performance.md.\n`);
  out.push(`## Machine\n`);
  out.push(`| | |\n|---|---|`);
  out.push(`| CPU | ${r.machine.cpu} |`);
  out.push(`| Cores | ${r.machine.cores} |`);
  out.push(`| Memory | ${fmtBytes(r.machine.memory)} |`);
  out.push(`| Node | ${r.machine.node} (${r.machine.platform}) |`);
  out.push(`| Peers | ${Object.entries(r.peers).map(([k, v]) => `${k} ${v}`).join(", ")} |`);
  out.push(``);
  out.push(`The machine is shared: other processes ran during the measurements (see the load averages), so times are pessimistic. Micro-benchmarks interleave Lawflow and its peers round by round, so ratios are fairer than absolute figures.\n`);

  if (r.compiler) {
    const c = r.compiler.data;
    out.push(sectionHeader("Compiler", r.compiler));
    out.push(`**Cold \`lawflow compile\`** of a generated ${c.cold.lines}-line flow (whole process, \`node bin/lawflow.mjs compile FILE --out DIR\`):\n`);
    out.push(`| | time |\n|---|---|`);
    out.push(`| \`lawflow compile\` | ${ms(c.cold.compileMs)} |`);
    out.push(`| \`node -e ""\` (floor) | ${ms(c.cold.nodeFloorMs)} |`);
    out.push(`| difference (medians) | ${fmt(c.cold.overFloorMs)} ms |`);
    out.push(``);
    out.push(`Target: cold compile ≤ ${TARGETS.coldCompileMs} ms — ${mark(c.cold.compileMs.median <= TARGETS.coldCompileMs)} (${fmt(c.cold.compileMs.median)} ms; over the floor ${fmt(c.cold.overFloorMs)} ms).\n`);
    out.push(`**Throughput by phase** (in-process, warm, generated flows; \`parse\` = load and parse, \`check\` = program + all checks, \`lower+emit\` = lowering and the TypeScript emitter):\n`);
    out.push(`| lines | runs | parse | check | lower+emit | total | lines/s (parse / check / lower+emit / total) | heap peak | peak RSS |`);
    out.push(`|---|---|---|---|---|---|---|---|---|`);
    for (const s of c.sizes) {
      const lps = s.linesPerSecond;
      out.push(
        `| ${fmt(s.lines)} | ${s.runsFinished}/${s.runsWanted} | ${ms(s.parseMs)} | ${ms(s.checkMs)} | ${ms(s.lowerEmitMs)} | ${ms(s.totalMs)} | ${lps ? `${fmt(lps.parse)} / ${fmt(lps.check)} / ${fmt(lps.lowerEmit)} / **${fmt(lps.total)}**` : "—"} | ${s.heapPeak ? fmtBytes(s.heapPeak) : "—"} | ${s.maxRss ? fmtBytes(s.maxRss) : "—"} |`,
      );
    }
    out.push(``);
    for (const s of c.sizes) if (s.problem) out.push(`- ${fmt(s.lines)} lines: ${s.problem}.`);
    out.push(`\nPeak RSS of an idle \`node\` for comparison: ${fmtBytes(c.nodeBaselineRss)}. Heap peak: \`heapUsed\` after each phase with every phase's result alive.\n`);
    const best = c.sizes.find((s) => s.lines === 10_000)?.linesPerSecond?.total ?? c.sizes.find((s) => s.lines === 1_000)?.linesPerSecond?.total;
    out.push(`Target: ≥ ${fmt(TARGETS.linesPerSecond)} lines/s — ${mark(best === undefined ? undefined : best >= TARGETS.linesPerSecond)}${best ? ` (${fmt(best)} lines/s at ${c.sizes.find((s) => s.lines === 10_000)?.linesPerSecond ? "10,000" : "1,000"} lines)` : ""}.\n`);
    if (c.core) {
      out.push(`**Without the privacy-notice stamp** (the full pipeline did not finish 10,000 lines; here the lower phase is \`lower()\` alone, everything else as above):\n`);
      out.push(`| lines | runs | parse | check | lower+emit | total | lines/s (total) | heap peak |`);
      out.push(`|---|---|---|---|---|---|---|---|`);
      for (const s of c.core.sizes)
        out.push(`| ${fmt(s.lines)} | ${s.runsFinished}/${s.runsWanted} | ${ms(s.parseMs)} | ${ms(s.checkMs)} | ${ms(s.lowerEmitMs)} | ${ms(s.totalMs)} | ${s.linesPerSecond ? fmt(s.linesPerSecond.total) : "—"} | ${s.heapPeak ? fmtBytes(s.heapPeak) : "—"} |`);
      out.push(``);
      for (const s of c.core.sizes) if (s.problem) out.push(`- ${fmt(s.lines)} lines: ${s.problem}.`);
      const cg = c.core.growth;
      out.push(`\nGrowth without the stamp: time(10k)/time(1k) = ${cg.r10kOver1k !== undefined ? fmt(cg.r10kOver1k) : "not measured"}; time(100k)/time(10k) = ${cg.r100kOver10k !== undefined ? fmt(cg.r100kOver10k) : "not measured"}.\n`);
    }
    if (c.codegen) {
      out.push(`**Code generation against Prettier** (in-process, warm, round by round: \`emitTypeScript\` lays the module out with Prettier's document printer; \`prettier.format\` is the other way to get the same text from code written any way; \`JSON.stringify(machine, null, 2)\` is the floor):\n`);
      out.push(`| flow lines | module lines | emitTypeScript | prettier.format of the module | JSON.stringify (floor) | prettier.format / emit | emit / floor |`);
      out.push(`|---|---|---|---|---|---|---|`);
      for (const g of c.codegen)
        out.push(`| ${fmt(g.lines)} | ${fmt(g.moduleLines)} | ${ms(g.emitMs)} | ${ms(g.prettierFormatMs)} | ${ms(g.jsonFloorMs)} | **${fmt(g.prettierOverEmit)}×** | ${fmt(g.emitOverJson)}× |`);
      out.push(``);
    }
    const g = c.growth;
    out.push(`**Growth** (median total time; ≈ 10 is linear): time(10k)/time(1k) = ${g.r10kOver1k !== undefined ? fmt(g.r10kOver1k) : "not measured"}; time(100k)/time(10k) = ${g.r100kOver10k !== undefined ? fmt(g.r100kOver10k) : "not measured"}. Target: near-linear — ${mark(g.r10kOver1k === undefined ? undefined : g.r10kOver1k <= 15 && (g.r100kOver10k === undefined || g.r100kOver10k <= 15))}.\n`);
  }

  if (r.runtime) {
    const rt = r.runtime.data;
    out.push(sectionHeader("Runtime", r.runtime));
    out.push(`**Steps per second** (answers per second over whole scripted conversations, creation included; every engine replays the same answers and must reach the same end):\n`);
    out.push(`| flow | answers | Lawflow | XState v5 | @xstate/fsm | switch loop (floor) | Lawflow / XState |`);
    out.push(`|---|---|---|---|---|---|---|`);
    for (const s of rt.steps) {
      const v = s.stepsPerSecond;
      out.push(`| ${s.flow} | ${s.answers} | ${fmtSummary(v.lawflow)} | ${fmtSummary(v.xstate)} | ${fmtSummary(v.fsm)} | ${fmtSummary(v.switch)} | **${fmt(s.lawflowOverXState)}×** |`);
    }
    out.push(``);
    const worst = Math.min(...rt.steps.map((s) => s.lawflowOverXState));
    out.push(`Target: Lawflow ≥ ${TARGETS.runtimeOverXState}× XState v5 — ${mark(worst >= TARGETS.runtimeOverXState)} (worst ratio ${fmt(worst)}×).\n`);
    if (rt.restore) {
      const cases = [rt.restore, ...(rt.restoreLater ? [rt.restoreLater] : [])];
      const where = (r: RestoreResult) => `at \`${r.at}\`${r.receipts ? ` (${r.receipts} receipt${r.receipts > 1 ? "s" : ""} in the snapshot)` : ""}`;
      out.push(`**Restore + one answer + snapshot** (lead-capture; JSON string in, JSON string out — what a stateless bot worker does per message):\n`);
      out.push(`| | ${cases.map(where).join(" | ")} |\n|---|${cases.map(() => "---|").join("")}`);
      out.push(`| Lawflow (\`restoreConversation\` + \`answer\` + \`snapshot\`) | ${cases.map((r) => fmtSummary(r.microseconds.lawflow, "µs")).join(" | ")} |`);
      out.push(`| XState v5 (\`JSON.parse\` + \`createActor(machine, { snapshot })\` + \`send\` + \`getPersistedSnapshot\` + \`JSON.stringify\`) | ${cases.map((r) => fmtSummary(r.microseconds.xstate, "µs")).join(" | ")} |`);
      out.push(``);
      out.push(`Target: ≤ ${TARGETS.restoreMicroseconds} µs — ${cases.map((r) => `${where(r)}: ${mark(r.microseconds.lawflow.median <= TARGETS.restoreMicroseconds)}`).join("; ")}.\n`);
    }
    if (rt.restoreByReceipts) {
      const b = rt.restoreByReceipts;
      out.push(`**Restore + one answer + snapshot after consent, by receipts in the snapshot** (lead-capture at \`${b.at}\`; the ledger grown by withdrawing and renewing consent; Node's hashes handed in through \`options.hashes\`):\n`);
      out.push(`| receipts | snapshot | Lawflow (own SHA-256) | Lawflow (Node's SHA-256) | Lawflow (keyed, Node's HMAC) | XState v5 | Node's SHA-256 / XState |\n|---|---|---|---|---|---|---|`);
      for (const x of b.rows) {
        const m = x.microseconds;
        out.push(`| ${x.receipts} | ${fmt(x.snapshotBytes)} B | ${fmtSummary(m.lawflow, "µs")} | ${fmtSummary(m.lawflowNodeHash, "µs")} | ${fmtSummary(m.lawflowNodeHmac, "µs")} | ${fmtSummary(m.xstate, "µs")} | **${fmt(m.lawflowNodeHash.median / m.xstate.median)}×** |`);
      }
      out.push(``);
      if (b.rows[0]?.microseconds.host) {
        out.push(`**A bot server's whole per-answer path, by receipts in the snapshot** (the rows above, Node's SHA-256; restore + answer + snapshot, plus the receipt count for the roll-back check, the receipts the answer made to store, and what is held for the purge time — as \`examples/bot-server/server.ts\` does):\n`);
        out.push(`| receipts | \`receiptCount\`, \`receipts(before)\`, \`export(receiptCount)\` | the same from the whole ledger (\`receipts()\`, \`export()\`) | whole ÷ counted | counted / XState |\n|---|---|---|---|---|`);
        for (const x of b.rows) {
          const m = x.microseconds;
          out.push(`| ${x.receipts} | ${fmtSummary(m.host, "µs")} | ${fmtSummary(m.hostWhole, "µs")} | ${fmt(m.hostWhole.median / m.host.median)}× | **${fmt(m.host.median / m.xstate.median)}×** |`);
        }
        out.push(``);
      }
    }
    if (rt.memory) {
      const m = rt.memory;
      out.push(`**Heap per idle conversation** (lead-capture; conversations created and held in a child process run with \`--expose-gc\`; heap after − before, ÷ count):\n`);
      out.push(`| engine | waiting at the first question (${fmt(m.conversations)} held) | after ${m.midwayAnswers} answers (${fmt(m.midwayConversations ?? m.conversations)} held) |\n|---|---|---|`);
      for (const e of Object.keys(m.fresh)) out.push(`| ${e} | ${fmtBytes(m.fresh[e]!)} | ${fmtBytes(m.midway[e]!)} |`);
      out.push(``);
    }
    if (rt.snapshotBytes) {
      const b = rt.snapshotBytes;
      out.push(`**Snapshot bytes** (lead-capture): Lawflow ${fmt(b.start)} B at the start, ${fmt(b.end)} B at the end (values, consent receipts with hashes, integrity seal); XState persisted snapshot as JSON ${fmt(b.xstateStart)} B / ${fmt(b.xstateEnd)} B (values only).\n`);
    }
    for (const n of rt.notes) out.push(`- ${n}`);
    if (rt.notes.length) out.push(``);
  }

  if (r.size) {
    out.push(sectionHeader("Size", r.size));
    out.push(`esbuild bundle (ESM, browser, tree-shaken) + minify, then gzip level 9:\n`);
    out.push(`| bundle | minified | min + gzip |\n|---|---|---|`);
    for (const b of r.size.data.bundles) out.push(`| ${b.name} | ${fmt(b.minified)} B | ${fmt(b.gzipped)} B |`);
    out.push(``);
    const rtb = r.size.data.bundles.find((b) => b.name.startsWith("lawflow runtime (whole"));
    out.push(`Target: runtime ≤ ${fmt(TARGETS.runtimeMinGzBytes)} B min+gz — ${mark(rtb ? rtb.gzipped <= TARGETS.runtimeMinGzBytes : undefined)}${rtb ? ` (${fmt(rtb.gzipped)} B)` : ""}. (Pinned by runtime/size.test.ts; test/bench/size-budget.test.ts holds the same line when that test is absent.)\n`);
    const xs = r.size.data.bundles.find((b) => b.name.startsWith("xstate "));
    if (rtb && xs) out.push(`Target: runtime < half of XState v5 (${fmt(Math.floor(xs.gzipped / 2))} B) — ${mark(rtb.gzipped * 2 < xs.gzipped)} (${fmt(rtb.gzipped)} B, ${fmt(rtb.gzipped / xs.gzipped)} of XState's).\n`);
    const wb = r.size.data.bundles.find((b) => b.name.startsWith("lawflow widget + runtime"));
    if (wb) out.push(`Target: widget + runtime ≤ ${fmt(TARGETS.widgetMinGzBytes)} B min+gz — ${mark(wb.gzipped <= TARGETS.widgetMinGzBytes)} (${fmt(wb.gzipped)} B). (Pinned by widget/size.test.ts.)\n`);
  }

  if (r.types) {
    const t = r.types.data;
    out.push(sectionHeader("Types", r.types));
    if (t.apps) {
      out.push(`**An app's type-check**: \`tsc --noEmit\` (whole process) on a small app using the lead-capture flow, Lawflow imported as an installed package (its declaration files), beside the same app with the flow written for XState v5; the README's tsconfig (nodenext, strict, skipLibCheck off). Runs interleaved:\n`);
      out.push(`| app | time |\n|---|---|`);
      for (const a of t.apps) out.push(`| ${a.app} | ${ms(a.ms)} |`);
      out.push(``);
      out.push(`Target: no slower than the XState app — ${mark(t.appRatio <= 1)} (Lawflow / XState = ${t.appRatio.toFixed(2)}).\n`);
      for (const a of t.apps) if (a.errors) out.push(`tsc reported for ${a.app}:\n\n\`\`\`\n${a.errors}\n\`\`\`\n`);
      const p = t.phases;
      out.push(`**Where the time goes** (\`tsc --extendedDiagnostics\`, one run each):\n`);
      out.push(`| | files | types | parse | bind | check | total |\n|---|---|---|---|---|---|---|`);
      for (const [name, x] of [[`${fmt(t.steps)}-step generated module`, p.generated], ["a module that only imports the runtime", p.floor]] as const) {
        out.push(`| ${name} | ${fmt(x.files)} | ${fmt(x.types)} | ${fmt(x.parseMs)} ms | ${fmt(x.bindMs)} ms | ${fmt(x.checkMs)} ms | ${fmt(x.totalMs)} ms |`);
      }
      out.push(``);
    }
    out.push(`\`tsc --noEmit\` (strict) on the generated module of a ${fmt(t.steps)}-step flow (${fmtBytes(t.moduleBytes)}), whole process:\n`);
    out.push(`| | time |\n|---|---|`);
    out.push(`| generated module | ${ms(t.tscMs)} |`);
    out.push(`| a module that only imports the runtime (floor) | ${ms(t.tscFloorMs)} |`);
    out.push(`| difference (medians) | ${fmt(t.overFloorMs)} ms |`);
    out.push(``);
    if (t.tscErrors) out.push(`tsc reported:\n\n\`\`\`\n${t.tscErrors}\n\`\`\`\n`);
    out.push(`**Generated module size** (bytes per step; minified + gzip of the module alone, runtime import left out):\n`);
    out.push(`| flow | steps | module | per step | min + gzip | per step |\n|---|---|---|---|---|---|`);
    for (const m of t.moduleSize) out.push(`| ${m.flow} | ${m.steps} | ${fmt(m.bytes)} B | ${fmt(m.bytesPerStep)} B | ${fmt(m.minGzBytes)} B | ${fmt(m.minGzPerStep)} B |`);
    out.push(``);
  }
  if (r.botServer) {
    out.push(sectionHeader("Bot server", r.botServer));
    out.push(`\`${r.botServer.data.command}\` (examples/bot-server/load.ts; how to read it: examples/bot-server/README.md).\n`);
    out.push(r.botServer.data.markdown);
  }
  return out.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/run.ts")) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
