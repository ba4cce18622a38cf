/**
 * The long fuzzing run: `npm run fuzz` (optionally `FUZZ_SECONDS=600`).
 * Each round draws a fresh seed per category and runs the same properties as
 * the bounded tests; a failure prints its seed and the shrunk input so it
 * can be replayed, and the run exits 1.
 */
import fc from "fast-check";
import { mutatedExample, randomUnicode, tokenSoup } from "./inputs.ts";
import { judgeCompile } from "./properties.ts";

const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const deadline = Date.now() + seconds * 1000;
const categories = { "token soup": tokenSoup, "mutated examples": mutatedExample, "random unicode": randomUnicode };
const tried: Record<string, number> = {};
const failures: string[] = [];

while (Date.now() < deadline && failures.length === 0) {
  for (const [name, arbitrary] of Object.entries(categories)) {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const details = fc.check(
      fc.property(arbitrary, (text) => {
        tried[name] = (tried[name] ?? 0) + 1;
        const verdict = judgeCompile(text);
        if (!verdict.ok) throw new Error(verdict.problem);
      }),
      { seed, numRuns: 200 },
    );
    if (details.failed) {
      failures.push(
        `${name}: seed ${seed}, path ${details.counterexamplePath}\n  ${String(details.errorInstance).slice(0, 500)}\n  input: ${JSON.stringify(details.counterexample?.[0]).slice(0, 2000)}`,
      );
    }
  }
}

for (const [name, count] of Object.entries(tried)) console.log(`${name}: ${count} inputs`);
if (failures.length > 0) {
  console.log(`\n${failures.length} failing categor${failures.length === 1 ? "y" : "ies"}:\n${failures.join("\n\n")}`);
  process.exit(1);
}
console.log("no failures");
