/**
 * What each module of a bundle costs a page: the bundle measured whole, then
 * again with one module's exports replaced by stubs, so that the module and
 * everything only it reaches drop out. Bundled as bench/size.ts bundles
 * (esbuild, ESM, browser, minified), then gzipped at level 9.
 *
 *   npx tsx bench/size-parts.ts runtime      # the whole runtime module
 *   npx tsx bench/size-parts.ts widget       # the widget with the runtime
 *
 * The parts overlap (a module reached only through another drops out with
 * it), so they do not add up to the whole; each says what removing that
 * part alone would save.
 */
import { build, type Plugin } from "esbuild";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "./size.ts";

const ENTRIES = {
  runtime: { entry: "runtime/index.ts", dir: "runtime" },
  widget: { entry: "widget/index.ts", dir: "widget" },
} as const;

/** Replaces the module at `path` with one whose every export is an unknown value. */
const stubbing = (path: string | undefined): Plugin => ({
  name: "stub",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path !== path) return undefined;
      const source = readFileSync(path, "utf8");
      const declared = [...source.matchAll(/export\s+(?:const|function|class|let)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
      // `export { a, b as c } from "…"`: the names as exported, types left out.
      const listed = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
        m[1]!
          .split(",")
          .map((x) => x.trim())
          .filter((x) => x && !x.startsWith("type "))
          .map((x) => x.split(/\s+as\s+/).pop()!),
      );
      const names = [...new Set([...declared, ...listed])];
      return { contents: names.map((n) => `export const ${n}: any = (globalThis as any).stub;`).join("\n"), loader: "ts" };
    });
  },
});

async function gzipped(entry: string, stub?: string): Promise<number> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    alias: { "lawflow/runtime/chat": join(ROOT, "runtime/chat.ts"), "lawflow/runtime": join(ROOT, "runtime/index.ts") },
    plugins: [stubbing(stub)],
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
}

const which = process.argv[2] as keyof typeof ENTRIES;
const target = ENTRIES[which];
if (!target) {
  console.error(`usage: npx tsx bench/size-parts.ts ${Object.keys(ENTRIES).join("|")}`);
  process.exit(2);
}
const whole = await gzipped(target.entry);
const modules = [target.dir, ...(which === "widget" ? ["runtime"] : [])].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && join(dir, f) !== target.entry)
    .map((f) => join(ROOT, dir, f)),
);
const rows: [string, number][] = [];
for (const path of modules) {
  const saved = whole - (await gzipped(target.entry, path));
  if (saved > 0) rows.push([relative(ROOT, path), saved]);
}
console.log(`${target.entry}: ${whole.toLocaleString("en")} B min+gzip\n\n| module | what it costs (B, min+gzip) |\n|---|---|`);
for (const [path, saved] of rows.sort((a, b) => b[1] - a[1])) console.log(`| ${path} | ${saved.toLocaleString("en")} |`);
