import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderVocab, VOCAB_DIR, vocabAvailable } from "./gen-vocab.ts";

// CI and every checkout of the project have a read-only copy of the vocabularies beside the
// repository; a bare clone of the package may not, and then there is nothing to re-derive from.
const available = vocabAvailable();
if (!available) console.warn(`skipping the vocabulary staleness test: no vocabularies at ${VOCAB_DIR}`);

describe.skipIf(!available)("compiler/vocab/", () => {
  it("is generated from ../shared/vocab and up to date (run `npx tsx scripts/gen-vocab.ts`)", async () => {
    for (const [path, text] of await renderVocab()) expect(readFileSync(path, "utf8"), path).toBe(text);
  });
});
