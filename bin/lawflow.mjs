#!/usr/bin/env node
// The `lawflow` command. All of it is in dist/cli.js, one bundled file, so a
// cold start loads one module instead of resolving hundreds.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("lawflow: dist/cli.js is missing — run `npm run build` in the Lawflow package first\n");
  process.exit(1);
}
await import(cli.href);
