// Builds the web chat into dist/: the page, its script (the widget, the module
// generated from ../lead-capture/lead.flow and the runtime, bundled by esbuild)
// and the privacy notice the compiler generated from the same flow.
// Run from anywhere: node examples/web-chat/build.mjs
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

mkdirSync(here("./dist"), { recursive: true });
await build({
  entryPoints: [here("./src/main.ts")],
  outfile: here("./dist/main.js"),
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
  // Package names resolved to this repository's sources; an app gets them from the installed package.
  alias: { "lawflow/runtime": here("../../runtime/index.ts"), "lawflow/widget": here("../../widget/index.ts") },
});
copyFileSync(here("./src/index.html"), here("./dist/index.html"));
copyFileSync(here("../lead-capture/docs/notice.html"), here("./dist/notice.html"));
console.log(`web-chat: built ${here("./dist")}`);
