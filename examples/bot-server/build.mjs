// Bundles the bot server into dist/server.mjs: one file, compiler and runtime
// inside, so a restart takes well under a second. better-sqlite3 and pg stay
// outside (loaded from node_modules: a native addon, and a driver with optional native parts).
//   node examples/bot-server/build.mjs && node examples/bot-server/dist/server.mjs --port 8080
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

await build({
  entryPoints: [here("./main.ts")],
  outfile: here("./dist/server.mjs"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  external: ["better-sqlite3", "pg"],
  // The compiler's dependencies are CommonJS in places; give the bundle a require().
  banner: { js: 'import { createRequire as __lawflowCreateRequire } from "node:module"; const require = __lawflowCreateRequire(import.meta.url);' },
});
console.log(`bot-server: built ${here("./dist/server.mjs")}`);
