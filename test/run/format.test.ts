// The wording `lawflow run` uses for retention and bases.
import { describe, expect, it } from "vitest";
import { BASIS, retentionText, whyLines } from "../../cli/chat/format.ts";

describe("terminal chat wording", () => {
  it("says how long an answer is kept, for every kind of retention", () => {
    expect(retentionText({ kind: "session" })).toBe("for this conversation only");
    expect(retentionText({ kind: "until_withdrawn" })).toBe("until you withdraw consent");
    expect(retentionText({ kind: "period", period: { amount: 1, unit: "years" }, orUntilWithdrawn: false })).toBe("1 year");
    expect(retentionText({ kind: "period", period: { amount: 2, unit: "weeks" }, orUntilWithdrawn: true })).toBe("2 weeks, or until you withdraw consent");
  });

  it("names every lawful basis with its article of Art. 6(1)", () => {
    expect(Object.values(BASIS).map((b) => /Art\. 6\(1\)\([a-f]\)/.test(b))).toEqual([true, true, true, true, true, true]);
  });

  it("lists evidence and recipients only where there are some", () => {
    const lines = whyLines([
      { purpose: "billing", why: "Send your invoice", basis: "legal_obligation", evidence: "Tax code §14", retention: { kind: "session" }, sharedWith: [] },
    ]);
    expect(lines).toEqual([
      "  - Send your invoice [billing]",
      "    basis: a legal obligation (Art. 6(1)(c)) — Tax code §14",
      "    kept: for this conversation only",
    ]);
    expect(whyLines([])).toEqual(["  Nothing is collected here."]);
  });
});
