// Builds what the package ships into dist/:
//  - one esbuild bundle per entry point. The CLI is bundled so that a cold
//    `lawflow compile` loads one file instead of resolving hundreds of
//    modules; the runtime bundle is what generated modules import at run time.
//  - declaration files for every public entry point (dist/types/), from the
//    sources, by tsc (tsconfig.build.json).
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);

// The bundler plugins run inside the app's bundler: the bundler, unplugin and
// Lawflow's own compiler bundle are loaded from node_modules, not copied in.
const pluginExternals = ["unplugin", "lawflow/compiler", "vite", "esbuild", "rollup"];

const entries = [
  { in: "runtime/index.ts", out: "dist/runtime.js", platform: "neutral" },
  // Optional, enforces nothing: the ISO/IEC TS 27560 record, kept out of the core bundle.
  { in: "runtime/records.ts", out: "dist/runtime-records.js", platform: "neutral" },
  // Optional parts, each in its own entry so that pages which do not import them do not download them.
  { in: "runtime/hmac.ts", out: "dist/runtime-hmac.js", platform: "neutral" },
  { in: "runtime/migrate.ts", out: "dist/runtime-migrate.js", platform: "neutral" },
  { in: "runtime/chat.ts", out: "dist/runtime-chat.js", platform: "neutral" },
  // The chat widget imports the runtime by its package name, so an app that also imports a generated flow module has one runtime.
  { in: "widget/index.ts", out: "dist/widget.js", platform: "browser", external: ["lawflow/runtime", "lawflow/runtime/chat"] },
  // The React hook: React is the app's (an optional peer), and the runtime is imported by name like the widget's.
  { in: "react/index.ts", out: "dist/react.js", platform: "browser", external: ["lawflow/runtime", "lawflow/runtime/chat", "react"] },
  { in: "compiler/index.ts", out: "dist/compiler.js", platform: "node" },
  { in: "bundler/vite.ts", out: "dist/vite.js", platform: "node", external: pluginExternals },
  { in: "bundler/esbuild.ts", out: "dist/esbuild.js", platform: "node", external: pluginExternals },
  { in: "bundler/rollup.ts", out: "dist/rollup.js", platform: "node", external: pluginExternals },
  // The Prettier plugin: prettier itself is the user's (a peer), never bundled.
  { in: "prettier/index.ts", out: "dist/prettier.js", platform: "node", external: ["prettier", "prettier/*"] },
  // commander is CommonJS: in an ESM bundle its `require("node:events")` needs a real `require`. It also loads
  // node:child_process at start-up, for subcommands run as separate programs (lawflow has none): that module is
  // loaded only if something is read from it, which saves a few milliseconds of every command's start.
  {
    in: "cli/main.ts",
    out: "dist/cli.js",
    platform: "node",
    // Graphviz (WebAssembly, 0.8 MB) is loaded from node_modules, and only for `graph --format svg`.
    external: ["@hpcc-js/wasm-graphviz"],
    banner:
      'import { createRequire as __lawflowCreateRequire } from "node:module"; const __lawflowRequire = __lawflowCreateRequire(import.meta.url); ' +
      'const require = (id) => id === "node:child_process" ? new Proxy({}, { get: (_, key) => __lawflowRequire(id)[key] }) : __lawflowRequire(id);',
  },
];

for (const entry of entries) {
  if (!existsSync(entry.in)) continue;
  await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    format: "esm",
    platform: entry.platform,
    target: "node20",
    sourcemap: false,
    logLevel: "warning",
    // Everything else is inside the bundle: the installed package needs only its `dependencies` at run time.
    packages: "bundle",
    external: entry.external ?? [],
    ...(entry.banner ? { banner: { js: entry.banner } } : {}),
  });
}

// ── Declarations ────────────────────────────────────────────────────────────
// tsc is a development tool: an install from the registry gets dist/ ready-made
// and never runs this. A git install runs `prepare` with devDependencies present.
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync("dist/types", { recursive: true, force: true });
rmSync("dist/source", { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (result.status !== 0) {
  console.error("build: tsc could not write the declaration files (see above)");
  process.exit(1);
}

// The sources import each other as `./x.ts`; declaration files must name the
// files that ship beside them (`./x.js`, which TypeScript maps to `./x.d.ts`)
// or an app that does not allow `.ts` imports rejects them (TS5097).
const relativeTs = /(\bfrom\s+|\bimport\s*\(\s*)(["'])(\.{1,2}\/[^"']*?)\.ts\2/g;
for (const file of walk("dist/types")) {
  if (file.endsWith(".d.ts")) {
    const text = readFileSync(file, "utf8");
    const rewritten = text.replace(relativeTs, (_, keyword, quote, path) => `${keyword}${quote}${path}.js${quote}`);
    if (rewritten !== text) writeFileSync(file, rewritten);
  } else if (file.endsWith(".d.ts.map")) {
    shipSources(file);
  }
}

// "Go to definition" in an app follows a declaration map to the TypeScript
// source. The package ships exactly the sources the maps name, copied to
// dist/source/ (not beside the declarations: TypeScript would prefer a `.ts`
// there and check Lawflow's sources with the app's own flags).
function shipSources(mapFile) {
  const map = JSON.parse(readFileSync(mapFile, "utf8"));
  map.sources = map.sources.map((source) => {
    const original = resolve(dirname(mapFile), map.sourceRoot ?? "", source);
    const shipped = join("dist/source", relative(root, original));
    mkdirSync(dirname(shipped), { recursive: true });
    copyFileSync(original, shipped);
    return relative(dirname(mapFile), shipped).split("\\").join("/");
  });
  delete map.sourceRoot;
  writeFileSync(mapFile, JSON.stringify(map));
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
