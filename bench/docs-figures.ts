/**
 * Copies the figures of bench/results.md into docs/performance.md (under
 * "Latest figures", headings one level down), so the docs always quote a
 * real run with its date. `npx tsx bench/docs-figures.ts` after `npm run bench`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./size.ts";

const results = readFileSync(join(ROOT, "bench/results.md"), "utf8");
const body = results
  .slice(results.indexOf("## Machine"))
  .replace(/^## /gm, "### ")
  .trim();
const docsPath = join(ROOT, "docs/performance.md");
const docs = readFileSync(docsPath, "utf8");
const marker = "## Latest figures";
const head = docs.slice(0, docs.indexOf(marker) + marker.length);
writeFileSync(docsPath, `${head}\n\nCopied from bench/results.md (\`npm run bench\`, then \`npx tsx bench/docs-figures.ts\`); each section gives its date.\n\n${body}\n`);
