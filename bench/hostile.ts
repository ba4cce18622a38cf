/**
 * `npx tsx bench/hostile.ts` — what each family of hostile input
 * (test/limits/families.ts) costs at the size it was found slow or fatal at,
 * side by side with a valid generated flow of the same number of bytes: the
 * ratio says how much worse than ordinary input of its size it is. CPU time
 * of this process, best of three, checks included (and the diagram drawn,
 * for the family that is about diagrams). Prints a Markdown table for
 * docs/performance.md and bench/results.md. `npx tsx bench/hostile.ts WORDS`
 * measures only the families whose name contains WORDS.
 */
import { compileSource } from "../compiler/compile.ts";
import { renderDot } from "../compiler/documents/dot.ts";
import { flowDiagram } from "../compiler/documents/flow-diagram.ts";
import { renderMermaid } from "../compiler/documents/mermaid.ts";
import { families, readerFor, type HostileInput } from "../test/limits/families.ts";
import { generateFlow } from "./generate-flow.ts";

function cpuMs(input: HostileInput, graph: boolean): { ms: number; codes: string } {
  let best = Infinity;
  let codes = "";
  for (let run = 0; run < 3; run++) {
    const before = process.cpuUsage();
    const result = compileSource(input.text, "hostile.flow", { read: readerFor(input), until: "check" });
    if (graph && result.ok && result.program) {
      const diagram = flowDiagram(result.program);
      renderMermaid(diagram);
      renderDot(diagram);
    }
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
    const counts = new Map<string, number>();
    for (const d of result.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
    codes = [...counts].map(([c, k]) => (k > 1 ? `${c} ×${k.toLocaleString("en")}` : c)).join(", ") || "none";
  }
  return { ms: best, codes };
}

/** A valid generated flow of about `bytes` bytes. */
function baselineOf(bytes: number): HostileInput {
  let lines = Math.max(20, Math.round(bytes / 49));
  let text = generateFlow({ lines, seed: 1 });
  lines = Math.max(20, Math.round((lines * bytes) / text.length));
  text = generateFlow({ lines, seed: 1 });
  return { text };
}

compileSource(generateFlow({ lines: 2000, seed: 1 }), "warm.flow", { until: "check" });
console.log("| Input | Size | CPU ms | Valid flow of that size, ms | Ratio | Diagnostics |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
const only = process.argv[2];
for (const family of families) {
  if (only && !family.name.includes(only)) continue;
  const input = family.make(family.reported);
  const bytes = input.text.length + Object.values(input.files ?? {}).reduce((s, t) => s + t.length, 0);
  const hostile = cpuMs(input, family.run === "graph");
  const baseline = cpuMs(baselineOf(bytes), false);
  const name = family.name.replace(/\bn\b/g, family.reported.toLocaleString("en"));
  console.log(
    `| ${name.replace(/\|/g, "\\|")} | ${(bytes / 1024).toFixed(0)} kB | ${hostile.ms.toFixed(0)} | ${baseline.ms.toFixed(0)} | ${(hostile.ms / Math.max(1, baseline.ms)).toFixed(1)} | ${hostile.codes} |`,
  );
}
