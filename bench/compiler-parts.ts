/**
 * Where the compiler's time goes, part by part, on one generated flow:
 * `node --import tsx bench/compiler-parts.ts [LINES] [RUNS]` prints the best
 * and the median time of the lexer, each phase, and the parts of the notice
 * stamp (the documents model, the notice content, its canonical JSON).
 * Each part runs on the previous part's result, warm (two runs first).
 */
import { generateFlow } from "./generate-flow.ts";
import { loadProgram } from "../compiler/load.ts";
import { buildProgram } from "../compiler/program.ts";
import { runChecks } from "../compiler/checks/index.ts";
import { lower } from "../compiler/lower.ts";
import { canon } from "../runtime/canon.ts";
import { emitTypeScript } from "../compiler/codegen/index.ts";
import { buildDocumentsModel } from "../compiler/documents/model.ts";
import { noticeContent } from "../compiler/documents/notice.ts";
import { noticeStamp } from "../compiler/documents/stamp.ts";
import { lex } from "../compiler/syntax/lexer.ts";
import { sourceFile } from "../compiler/source.ts";

const lines = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 10);
const text = generateFlow({ lines, seed: 1 });
const noFiles = () => {
  throw Object.assign(new Error("no files"), { code: "ENOENT" });
};
let times: Record<string, number[]> = {};
const time = <T>(name: string, f: () => T): T => {
  const t0 = performance.now();
  const result = f();
  (times[name] ??= []).push(performance.now() - t0);
  return result;
};
for (let i = 0; i < runs + 2; i++) {
  if (i === 2) times = {};
  time("lex", () => lex(sourceFile("generated.flow", text)));
  const loaded = time("load (lex + parse)", () => loadProgram("generated.flow", noFiles, text));
  const program = time("program", () => buildProgram(loaded.main!.ast, []));
  time("check", () => runChecks(program));
  const model = time("documents model", () => buildDocumentsModel([program]));
  const content = time("notice content", () => noticeContent(model));
  time("canonical JSON", () => canon(content));
  const stamp = time("notice stamp (all)", () => noticeStamp(program));
  const machine = time("lower", () => lower(program, stamp));
  time("emit", () => emitTypeScript(machine, { sourcePath: "generated.flow" }));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [name, xs] of Object.entries(times)) {
  console.log(`${name.padEnd(20)} best ${Math.min(...xs).toFixed(1).padStart(7)} ms   median ${median(xs).toFixed(1).padStart(7)} ms`);
}
