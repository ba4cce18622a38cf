// Builds the web chat into dist/: bundles src/main.ts with the module
// generated from ../lead-capture/lead.flow and the Lawflow runtime, and copies
// the page and its styles. Run from anywhere: node examples/web-chat/build.mjs
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

mkdirSync(here("./dist"), { recursive: true });
await build({
  entryPoints: [here("./src/main.ts")],
  outfile: here("./dist/main.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
  // The generated module imports the runtime by its package name; bundle its source.
  alias: { "lawflow/runtime": here("../../runtime/index.ts") },
});
for (const file of ["index.html", "styles.css"]) copyFileSync(here(`./src/${file}`), here(`./dist/${file}`));
console.log(`web-chat: built ${here("./dist")}`);
