/**
 * Parser speed: `npx tsx grammar/bench.ts [lines]` parses a generated flow
 * fifteen times and prints the best time (CPU and wall clock) as lines/s.
 */
import { parseFlow } from "../compiler/parse.ts";
import { sourceFile } from "../compiler/source.ts";
import { generateFlow } from "./sample-flow.ts";

const text = generateFlow(Number(process.argv[2] ?? 10000));
const lines = text.split("\n").length - 1;
let bestCpu = Infinity;
let bestWall = Infinity;
let steps = 0;
for (let i = 0; i < 15; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = parseFlow(sourceFile("big.flow", text));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  bestWall = Math.min(bestWall, wall);
  steps = r.ast.steps.length;
  if (r.diagnostics.length > 0) throw new Error(`the generated flow has diagnostics: ${r.diagnostics[0]!.message}`);
}
const rate = (ms: number) => Math.round((lines / ms) * 1000).toLocaleString("en");
console.log(`${lines} lines, ${steps} steps: best CPU ${bestCpu.toFixed(1)} ms (${rate(bestCpu)} lines/s), best wall ${bestWall.toFixed(1)} ms (${rate(bestWall)} lines/s)`);
