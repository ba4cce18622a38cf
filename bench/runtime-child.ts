/**
 * The runtime section of the benchmark, run as plain JavaScript by
 * bench/plain.ts: reads its options (the machines and `quick`) from the JSON
 * file named on the command line, prints progress on standard error and the
 * results as JSON on standard output.
 *
 *   runtime-child.mjs OPTIONS.json
 */
import { readFileSync } from "node:fs";
import { runRuntime, type RuntimeOptions } from "./runtime.ts";

const options = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as RuntimeOptions;
const results = runRuntime({ ...options, log: (line) => process.stderr.write(line + "\n") });
process.stdout.write(JSON.stringify(results) + "\n");
