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
 * Just above what widget and runtime measure today (the figures: `npx tsx bench/run.ts size`,
 * bench/results.md): a regression past it fails. Raised when the widget's words became one
 * translatable table and a typed "forget me" began to ask before erasing; when the runtime
 * came to keep a value per purpose, take objections to direct marketing and keep what the law
 * requires through erasure, with the widget's notes for them; and when each consent decision
 * began to show the person its receipt code (in the runtime's reply, as a note, and beside each
 * receipt under "Your data"); and when a restore stopped reading the receipts, which a snapshot
 * now keeps as text beside its sealed state, and the widget began to read them when it resumes a chat
 * (16,935 → 17,293); and when reading typed chat input became the runtime's chat entry, which a
 * text chat imports beside the runtime (17,446 with both). Lowered when the widget stopped
 * saying things twice (the panel's status is the transcript's note), took from the compiler and
 * the platform what it had written itself (`objectOn`, `toTimeString`, a data URL), dropped
 * classes and data attributes nothing read, and kept an unanswered erase question with the chat
 * (17,256). Raised by what the runtime's `receiptCount`, `receipts(from)` and `export(from)`
 * measured in this bundle (17,256 → 17,321), with which a host stores the receipts a message made
 * without reading those it restored. Raised (17,321 → 17,470) when the runtime's answers stopped
 * leaving state that outlived the young generation and copying what they only read, for speed
 * (runtime/size.test.ts). Raised (17,508 → 17,721) when the window that fills a phone's screen
 * became a modal dialog that keeps keyboard focus, and (→ 17,759) when a refusal repeated with
 * the same words began to be announced again, and (→ 17,972) when a typed "why?" began to open
 * the question's "Why are we asking?" instead of becoming its answer, and (→ 17,981) when the
 * modal check began to tolerate a DOM without matchMedia, and (→ 18,008) when the opened "Why
 * are we asking?" began to be the question asked again after a cancelled erasure, scrolled into
 * view (docs/widget.md, Size).
 */
const CEILING = 18_018;

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
      alias: {
        "lawflow/runtime": fileURLToPath(new URL("../runtime/index.ts", import.meta.url)),
        "lawflow/runtime/chat": fileURLToPath(new URL("../runtime/chat.ts", import.meta.url)),
      },
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((f) => !/^(widget|runtime)\//.test(f))).toEqual([]);
  });
});
