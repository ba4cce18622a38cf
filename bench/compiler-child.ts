/**
 * Child process of the compiler benchmark (`node --import tsx`): compiles a
 * generated flow of LINES lines RUNS times through the real pipeline
 * (compiler/compile.ts), timing each phase through `onPhase`, and prints one
 * JSON line per run as soon as it is done — so a parent that stops a run that
 * takes too long still has the runs before it. The last line reports peak
 * memory.
 *
 *   compiler-child.ts LINES SEED RUNS WARMUPS [full|core]
 *
 * `lower` is reported with the privacy-notice stamp that precedes it (the
 * `stamp` phase), as the machine a compile hands out carries it. `core`
 * reports `lower` without the stamp: it shows how the rest of the pipeline
 * grows when the stamp is the bottleneck.
 */
import { compileSource, type PhaseName } from "../compiler/compile.ts";
import { generateFlow } from "./generate-flow.ts";

const [linesText, seedText, runsText, warmupsText] = process.argv.slice(2);
const lines = Number(linesText);
const text = generateFlow({ lines, seed: Number(seedText) });
const runs = Number(runsText);
const warmups = Number(warmupsText ?? 0);
const core = process.argv[6] === "core";

let heapPeak = 0;
const sampleHeap = () => {
  const h = process.memoryUsage().heapUsed;
  if (h > heapPeak) heapPeak = h;
};

type ReportedPhase = Exclude<PhaseName, "stamp">;

function compileOnce(): Record<ReportedPhase, number> & { errors: number } {
  const times = { load: 0, program: 0, check: 0, stamp: 0, lower: 0, emit: 0 } satisfies Record<PhaseName, number>;
  const result = compileSource(text, "generated.flow", {
    onPhase(phase, ms) {
      times[phase] = ms;
      // Heap with every phase's result still alive: the live size the compile needs at that point.
      sampleHeap();
    },
  });
  if (!result.typescript) throw new Error("the pipeline produced no module");
  const { stamp, ...rest } = times;
  return { ...rest, lower: core ? rest.lower : stamp + rest.lower, errors: result.diagnostics.filter((d) => d.severity === "error").length };
}

for (let i = 0; i < warmups; i++) compileOnce();
for (let i = 0; i < runs; i++) {
  const t = compileOnce();
  process.stdout.write(JSON.stringify({ run: i, ...t }) + "\n");
}
process.stdout.write(
  JSON.stringify({ memory: true, heapPeak, maxRss: process.resourceUsage().maxRSS * 1024, bytes: Buffer.byteLength(text), lines }) + "\n",
);
