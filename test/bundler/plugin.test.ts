/**
 * The bundler plugin from its source, in this repository's esbuild and
 * Rollup: what it hands the bundler, what it watches, and what it writes.
 * (test/consumer runs the packed plugin in Vite, esbuild and Rollup apps.)
 */
import { build, type Plugin as EsbuildPlugin } from "esbuild";
import { rollup } from "rollup";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { lawflowUnplugin } from "../../bundler/plugin.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
function copyOf(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lawflow-plugin-"));
  dirs.push(dir);
  cpSync(join(ROOT, "examples", example), dir, { recursive: true, filter: (src) => !src.includes("docs") });
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const esbuildPlugin = (options?: Parameters<typeof lawflowUnplugin.esbuild>[0]) => lawflowUnplugin.esbuild(options) as EsbuildPlugin;

describe("the Lawflow bundler plugin", () => {
  it("hands esbuild the flow as JavaScript that runs, and writes its declarations beside it", async () => {
    const dir = copyOf("lead-capture");
    writeFileSync(join(dir, "entry.js"), 'import { startLeadCapture } from "./lead.flow";\nglobalThis.result = startLeadCapture().prompt.step;\n');
    const out = await build({
      entryPoints: [join(dir, "entry.js")],
      bundle: true,
      write: false,
      format: "esm",
      alias: { "lawflow/runtime": join(ROOT, "runtime/index.ts") },
      plugins: [esbuildPlugin()],
      logLevel: "silent",
    });
    const code = out.outputFiles[0]!.text;
    await import(`data:text/javascript,${encodeURIComponent(code)}`);
    expect((globalThis as { result?: string }).result).toBe("company");
    expect(readFileSync(join(dir, "lead.flow.d.ts"), "utf8")).toContain("export declare function startLeadCapture(");
  });

  it("leaves the declarations alone when told to, and rewrites them only when they change", async () => {
    const dir = copyOf("lead-capture");
    writeFileSync(join(dir, "entry.js"), 'import "./lead.flow";\n');
    const options = { entryPoints: [join(dir, "entry.js")], bundle: true, write: false, external: ["lawflow/runtime"], logLevel: "silent" as const };
    await build({ ...options, plugins: [esbuildPlugin({ declarations: false })] });
    expect(existsSync(join(dir, "lead.flow.d.ts"))).toBe(false);
    await build({ ...options, plugins: [esbuildPlugin()] });
    const written = join(dir, "lead.flow.d.ts");
    writeFileSync(written, readFileSync(written, "utf8")); // same text, older time
    const before = (await import("node:fs")).statSync(written).mtimeMs;
    await build({ ...options, plugins: [esbuildPlugin()] });
    expect((await import("node:fs")).statSync(written).mtimeMs).toBe(before);
  });

  it("watches the policy files a flow uses, so editing one rebuilds the flow", async () => {
    const dir = copyOf("company-policy");
    writeFileSync(join(dir, "entry.js"), 'import "./support.flow";\n');
    const bundle = await rollup({ input: join(dir, "entry.js"), external: ["lawflow/runtime"], plugins: [lawflowUnplugin.rollup({ declarations: false })] });
    expect(bundle.watchFiles).toEqual(expect.arrayContaining([join(dir, "policy.flow")]));
    await bundle.close();
  });

  it("makes Lawflow's errors the bundler's, at the flow's file, line and column", async () => {
    const dir = copyOf("lead-capture");
    writeFileSync(join(dir, "lead.flow"), readFileSync(join(dir, "lead.flow"), "utf8").replace("ask company ", "ask compnay "));
    writeFileSync(join(dir, "entry.js"), 'import "./lead.flow";\n');
    const failure = await build({ entryPoints: [join(dir, "entry.js")], bundle: true, write: false, external: ["lawflow/runtime"], plugins: [esbuildPlugin()], logLevel: "silent" }).catch(
      (e: { errors: { text: string; location: { file: string; line: number; column: number } | null }[] }) => e,
    );
    const errors = (failure as { errors: { text: string; location: { file: string; line: number; column: number } | null }[] }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toMatch(/^error\[LF\d{3}\]: .*compnay/);
    expect(errors[0]!.text).toContain("= hint:");
    expect(errors[0]!.location).toMatchObject({ file: expect.stringMatching(/lead\.flow$/), line: 37, column: 5 });
    expect(existsSync(join(dir, "lead.flow.d.ts"))).toBe(false);
  });

  it("turns warnings into the bundler's warnings and still builds", async () => {
    const dir = copyOf("lead-capture");
    // A purpose that needs a field no step asks for it: a warning (LF305), not an error.
    writeFileSync(join(dir, "lead.flow"), readFileSync(join(dir, "lead.flow"), "utf8").replace("needs company, plan, email", "needs company, plan, email, birth_year"));
    writeFileSync(join(dir, "entry.js"), 'import "./lead.flow";\n');
    const out = await build({ entryPoints: [join(dir, "entry.js")], bundle: true, write: false, external: ["lawflow/runtime"], plugins: [esbuildPlugin({ declarations: false })], logLevel: "silent" });
    expect(out.errors).toEqual([]);
    expect(out.warnings.map((w) => w.text)).toEqual([expect.stringMatching(/^warning\[LF305\]: purpose `quote` needs `birth_year`/)]);
  });
});
