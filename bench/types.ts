/**
 * Types: what the precise types cost a team in its editor and CI, measured
 * as an app sees them — Lawflow imported by its package name, so through the
 * declaration files in dist/types, never its sources.
 *
 *  - App against app: `tsc --noEmit` on a small app that uses the
 *    lead-capture module, side by side with the same app using the same flow
 *    written for XState v5 (`setup()` + `createActor`, bench/apps/), under
 *    the README's tsconfig (nodenext, strict, skipLibCheck off).
 *  - The generated module of a 1,000-step flow against a module that only
 *    imports the runtime (the floor), and where tsc spends the difference
 *    (`--extendedDiagnostics`: parse, bind, check).
 *  - The generated module's bytes per step, as written and minified + gzipped.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transform } from "esbuild";
import { gzipSync } from "node:zlib";
import { generateFlow } from "./generate-flow.ts";
import { compileForBench, leadSource, LEAD_PATH } from "./machines.ts";
import { ROOT } from "./size.ts";
import { now, summarize, type Summary } from "./stats.ts";

/** One app's `tsc --noEmit`, whole process. */
export interface AppCheck {
  readonly app: string;
  readonly ms: Summary;
  readonly errors: string;
}

/** tsc's own account of one run (`--extendedDiagnostics`), in milliseconds and counts. */
export interface TscPhases {
  readonly files: number;
  readonly types: number;
  readonly parseMs: number;
  readonly bindMs: number;
  readonly checkMs: number;
  readonly totalMs: number;
}

export interface TypesResults {
  /** The lead-capture app and the XState app, each run `runs` times, interleaved. */
  readonly apps: readonly AppCheck[];
  /** Median Lawflow app time over median XState app time. */
  readonly appRatio: number;
  /** Where tsc's time goes on the 1,000-step module and on the floor. */
  readonly phases: { readonly generated: TscPhases; readonly floor: TscPhases };
  readonly steps: number;
  readonly moduleBytes: number;
  readonly tscMs: Summary;
  readonly tscFloorMs: Summary;
  readonly overFloorMs: number;
  readonly tscErrors: string;
  readonly moduleSize: { readonly flow: string; readonly steps: number; readonly bytes: number; readonly bytesPerStep: number; readonly minGzBytes: number; readonly minGzPerStep: number }[];
}

/** The README's tsconfig for an app (nothing in it is there for Lawflow); `types: []` keeps @types packages out. */
const TSCONFIG = {
  compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true, types: [] },
};

function tsc(dir: string, extra: readonly string[] = []): { ms: number; out: string } {
  const t0 = now();
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(dir, "tsconfig.json"), ...extra], { cwd: dir, encoding: "utf8" });
  return { ms: now() - t0, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

/**
 * A folder that resolves packages as an installed app does: node_modules/
 * links to this package (its exports: dist/ and dist/types/) and to the
 * peers' packages.
 */
function appFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules/lawflow"), "dir");
  symlinkSync(join(ROOT, "node_modules/xstate"), join(dir, "node_modules/xstate"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-app", private: true, type: "module" }));
  return dir;
}

function tscPhases(dir: string): TscPhases {
  const out = tsc(dir, ["--extendedDiagnostics"]).out;
  const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(out)?.[1] ?? NaN);
  return {
    files: read("Files"),
    types: read("Types"),
    parseMs: read("Parse time") * 1000,
    bindMs: read("Bind time") * 1000,
    checkMs: read("Check time") * 1000,
    totalMs: read("Total time") * 1000,
  };
}

async function minGz(ts: string): Promise<number> {
  // The module alone (its runtime import stays an import): what each flow adds to a page.
  const r = await transform(ts, { loader: "ts", minify: true, format: "esm", target: "es2022" });
  return gzipSync(r.code, { level: 9 }).byteLength;
}

const countSteps = (text: string) => text.split("\n").filter((l) => /^(say|ask|consent|if|goto|end) /.test(l)).length;

export async function runTypes(o: { quick?: boolean; steps?: number; log?: (line: string) => void } = {}): Promise<TypesResults> {
  const steps = o.steps ?? 1000;
  const generatedText = generateFlow({ steps, seed: 1 });
  // Generated modules import `lawflow/runtime`, resolved through the package's exports.
  const generated = compileForBench(generatedText, "generated.flow", { check: false });
  const lead = compileForBench(leadSource(), LEAD_PATH);

  const lawflowApp = appFolder("lawflow-bench-app-");
  const xstateApp = appFolder("lawflow-bench-xstate-app-");
  const flowDir = appFolder("lawflow-bench-types-");
  const floorDir = appFolder("lawflow-bench-types-floor-");
  try {
    cpSync(join(ROOT, "bench/apps/lawflow"), lawflowApp, { recursive: true });
    writeFileSync(join(lawflowApp, "lead.flow.ts"), lead.typescript);
    cpSync(join(ROOT, "bench/apps/xstate"), xstateApp, { recursive: true });
    for (const dir of [lawflowApp, xstateApp]) writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, include: ["*.ts"] }));
    const appRuns = o.quick ? 3 : 7;
    const appMs: Record<string, number[]> = { lawflow: [], xstate: [] };
    const appErrors: Record<string, string> = { lawflow: "", xstate: "" };
    for (let i = 0; i < appRuns; i++) {
      o.log?.(`types: app tsc run ${i + 1} of ${appRuns}`);
      for (const [name, dir] of i % 2 === 0 ? ([["lawflow", lawflowApp], ["xstate", xstateApp]] as const) : ([["xstate", xstateApp], ["lawflow", lawflowApp]] as const)) {
        const r = tsc(dir);
        appMs[name]!.push(r.ms);
        if (r.out.trim()) appErrors[name] = r.out.trim().split("\n").slice(0, 5).join("\n");
      }
    }
    const apps: AppCheck[] = [
      { app: "lead-capture with Lawflow (generated module)", ms: summarize(appMs.lawflow!), errors: appErrors.lawflow! },
      { app: "lead-capture with XState v5 (setup + createActor)", ms: summarize(appMs.xstate!), errors: appErrors.xstate! },
    ];
    const appRatio = apps[0]!.ms.median / apps[1]!.ms.median;

    writeFileSync(join(flowDir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, files: ["generated.flow.ts"] }));
    writeFileSync(join(flowDir, "generated.flow.ts"), generated.typescript);
    writeFileSync(join(floorDir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, files: ["floor.ts"] }));
    writeFileSync(join(floorDir, "floor.ts"), `import { createConversation } from "lawflow/runtime";\nexport const start = createConversation;\n`);
    const phases = { generated: tscPhases(flowDir), floor: tscPhases(floorDir) };
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
    return { apps, appRatio, phases, steps, moduleBytes: Buffer.byteLength(generated.typescript), tscMs, tscFloorMs, overFloorMs: tscMs.median - tscFloorMs.median, tscErrors, moduleSize };
  } finally {
    for (const dir of [lawflowApp, xstateApp, flowDir, floorDir]) rmSync(dir, { recursive: true, force: true });
  }
}
