import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundedDistance, didYouMean, editDistance } from "./suggest.ts";

describe("bounded edit distance", () => {
  it("is the edit distance when that is within the bound, else the bound plus one", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d"), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.nat(8), (a, b, max) => {
        expect(boundedDistance(a, b, max)).toBe(Math.min(editDistance(a, b), max + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it("still finds a typo among thousands of names, and gives up rather than slow down past its budget", () => {
    const others = Array.from({ length: 5000 }, (_, i) => `other_${String(i).padStart(4, "0")}`);
    expect(didYouMean("fiedl_42", ["email", ...others.slice(0, 30), "field_42"])).toBe("field_42");
    // 5,000 names of the same length exhaust the search's budget before the one that matches.
    expect(didYouMean("fiedl_4200", [...others, "field_4200"])).toBeUndefined();
  });
});
