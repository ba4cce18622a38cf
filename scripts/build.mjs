// Bundles the CLI and the runtime with esbuild. The CLI is bundled so that a
// cold `lawflow compile` loads one file instead of resolving hundreds of
// modules; the runtime bundle is what generated modules import at run time.
import { build } from "esbuild";
import { existsSync } from "node:fs";

const entries = [
  { in: "runtime/index.ts", out: "dist/runtime.js", platform: "neutral" },
  // Optional, enforces nothing: the ISO/IEC TS 27560 record, kept out of the core bundle.
  { in: "runtime/records.ts", out: "dist/runtime-records.js", platform: "neutral" },
  { in: "compiler/index.ts", out: "dist/compiler.js", platform: "node" },
  // commander is CommonJS: in an ESM bundle its `require("node:events")` needs a real `require`. It also loads
  // node:child_process at start-up, for subcommands run as separate programs (lawflow has none): that module is
  // loaded only if something is read from it, which saves a few milliseconds of every command's start.
  {
    in: "cli/main.ts",
    out: "dist/cli.js",
    platform: "node",
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
    // The CLI keeps commander and chevrotain inside the bundle: one file to load.
    packages: "bundle",
    ...(entry.banner ? { banner: { js: entry.banner } } : {}),
  });
}
