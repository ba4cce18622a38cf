/**
 * The runtime's size budget: every page that runs a flow downloads the
 * runtime, so it stays at or under 6.5 KB minified and gzipped (esbuild bundle
 * + minify, gzip level 9 — the same measure as `npm run bench`). Bytes, not
 * times: this holds on any machine. If the runtime's own tests already pin
 * the budget (runtime/size.test.ts), this test stands aside.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, RUNTIME_ENTRY, bundleSize } from "../../bench/size.ts";

export const RUNTIME_BUDGET_BYTES = 6656;

const runtimeOwnsBudget = existsSync(join(ROOT, "runtime/size.test.ts"));

describe.skipIf(runtimeOwnsBudget || !existsSync(join(ROOT, "runtime/index.ts")))("runtime size budget", () => {
  it(`runtime/index.ts is at most ${RUNTIME_BUDGET_BYTES} bytes minified and gzipped`, async () => {
    const size = await bundleSize("runtime", RUNTIME_ENTRY);
    expect(size.gzipped, `runtime is ${size.gzipped} B min+gz (${size.minified} B minified)`).toBeLessThanOrEqual(RUNTIME_BUDGET_BYTES);
  });
});
