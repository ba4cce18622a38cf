// Builds the extension: bundles the client (and vscode-languageclient) into
// dist/extension.js with esbuild, then packs the folder into a .vsix with
// @vscode/vsce. Run from anywhere: `node editors/vscode/build.mjs`.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: [join(here, "src/extension.ts")],
  outfile: join(here, "dist/extension.js"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["vscode"],
  minify: true,
  logLevel: "warning",
});
const vsce = createRequire(import.meta.url).resolve("@vscode/vsce/vsce");
const packed = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--out", join(here, "lawflow.vsix")], {
  cwd: here,
  stdio: "inherit",
});
process.exit(packed.status ?? 1);
