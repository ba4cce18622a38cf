/**
 * Child process of the compiler benchmark (`node --import tsx`): compiles a
 * generated flow of LINES lines RUNS times, timing each phase of the real
 * pipeline (compiler/compile.ts `phases`), and prints one JSON line per run
 * as soon as it is done — so a parent that stops a run that takes too long
 * still has the runs before it. The last line reports peak memory.
 *
 *   compiler-child.ts LINES SEED RUNS WARMUPS [full|core]
 *
 * `core` replaces the lower phase by `lower()` alone, leaving out the
 * privacy-notice stamp the real phase adds (compile.ts `noticeStamp`): it
 * shows how the rest of the pipeline grows when the stamp is the bottleneck.
 */
import { phases, type CompileState, type PhaseName } from "../compiler/compile.ts";
import { lower } from "../compiler/lower.ts";
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

function compileOnce(): Record<PhaseName, number> & { errors: number } {
  const state: CompileState = {
    path: "generated.flow",
    text,
    read: () => {
      throw Object.assign(new Error("no files"), { code: "ENOENT" });
    },
    options: {},
    diagnostics: [],
  };
  const times = { load: 0, program: 0, check: 0, lower: 0, emit: 0 } as Record<PhaseName, number>;
  for (const phase of phases) {
    const t0 = performance.now();
    if (core && phase.name === "lower") state.machine = lower(state.program!);
    else phase.run(state);
    times[phase.name] = performance.now() - t0;
    // Heap with every phase's result still alive: the live size the compile needs at that point.
    sampleHeap();
  }
  if (!state.typescript) throw new Error("the pipeline produced no module");
  return { ...times, errors: state.diagnostics.filter((d) => d.severity === "error").length };
}

for (let i = 0; i < warmups; i++) compileOnce();
for (let i = 0; i < runs; i++) {
  const t = compileOnce();
  process.stdout.write(JSON.stringify({ run: i, ...t }) + "\n");
}
process.stdout.write(
  JSON.stringify({ memory: true, heapPeak, maxRss: process.resourceUsage().maxRSS * 1024, bytes: Buffer.byteLength(text), lines }) + "\n",
);
