/**
 * Types: how long `tsc --noEmit` (strict) takes on the generated module of a
 * 1,000-step flow — the cost a team pays in its editor and CI for the
 * precise types — against the same tsc run on a module that only imports the
 * runtime (the floor: tsc's start-up and the runtime's own types). Also the
 * generated module's bytes per step, as written and minified + gzipped.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transform } from "esbuild";
import { gzipSync } from "node:zlib";
import { generateFlow } from "./generate-flow.ts";
import { compileForBench, leadSource, LEAD_PATH } from "./machines.ts";
import { ROOT } from "./size.ts";
import { now, summarize, type Summary } from "./stats.ts";

export interface TypesResults {
  readonly steps: number;
  readonly moduleBytes: number;
  readonly tscMs: Summary;
  readonly tscFloorMs: Summary;
  readonly overFloorMs: number;
  readonly tscErrors: string;
  readonly moduleSize: { readonly flow: string; readonly steps: number; readonly bytes: number; readonly bytesPerStep: number; readonly minGzBytes: number; readonly minGzPerStep: number }[];
}

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2022", "DOM"],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
  },
};

function tsc(dir: string): { ms: number; out: string } {
  const t0 = now();
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8" });
  return { ms: now() - t0, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

async function minGz(ts: string): Promise<number> {
  // The module alone (its runtime import stays an import): what each flow adds to a page.
  const r = await transform(ts, { loader: "ts", minify: true, format: "esm", target: "es2022" });
  return gzipSync(r.code, { level: 9 }).byteLength;
}

const countSteps = (text: string) => text.split("\n").filter((l) => /^(say|ask|consent|if|goto|end) /.test(l)).length;

export async function runTypes(o: { quick?: boolean; steps?: number; log?: (line: string) => void } = {}): Promise<TypesResults> {
  const steps = o.steps ?? 1000;
  const runtimeImport = join(ROOT, "runtime/index.ts");
  const generatedText = generateFlow({ steps, seed: 1 });
  const generated = compileForBench(generatedText, "generated.flow", { check: false, runtimeImport });
  const lead = compileForBench(leadSource(), LEAD_PATH, { runtimeImport });

  const flowDir = mkdtempSync(join(tmpdir(), "lawflow-bench-types-"));
  const floorDir = mkdtempSync(join(tmpdir(), "lawflow-bench-types-floor-"));
  try {
    writeFileSync(join(flowDir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, files: ["generated.flow.ts"] }));
    writeFileSync(join(flowDir, "generated.flow.ts"), generated.typescript);
    writeFileSync(join(floorDir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, files: ["floor.ts"] }));
    writeFileSync(join(floorDir, "floor.ts"), `import { createConversation } from ${JSON.stringify(runtimeImport)};\nexport const start = createConversation;\n`);
    const runs = o.quick ? 2 : 3;
    const flowMs: number[] = [];
    const floorMs: number[] = [];
    let tscErrors = "";
    for (let i = 0; i < runs; i++) {
      o.log?.(`types: tsc run ${i + 1} of ${runs}`);
      const a = tsc(flowDir);
      flowMs.push(a.ms);
      if (a.out.trim()) tscErrors = a.out.trim().split("\n").slice(0, 5).join("\n");
      floorMs.push(tsc(floorDir).ms);
    }
    const tscMs = summarize(flowMs);
    const tscFloorMs = summarize(floorMs);
    const moduleSize = [];
    for (const [flow, text, ts] of [
      ["lead-capture", leadSource(), lead.typescript],
      [`generated ${steps}-step`, generatedText, generated.typescript],
    ] as const) {
      const n = countSteps(text);
      const bytes = Buffer.byteLength(ts);
      const gz = await minGz(ts);
      moduleSize.push({ flow, steps: n, bytes, bytesPerStep: bytes / n, minGzBytes: gz, minGzPerStep: gz / n });
    }
    return { steps, moduleBytes: Buffer.byteLength(generated.typescript), tscMs, tscFloorMs, overFloorMs: tscMs.median - tscFloorMs.median, tscErrors, moduleSize };
  } finally {
    rmSync(flowDir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
  }
}
