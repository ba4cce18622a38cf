import { describe, expect, it } from "vitest";
import { cleanAnswer, refusalText, retentionText, shown } from "./words.ts";

describe("words", () => {
  it("refuses controls and bidi embeddings, overrides and isolates; keeps marks; makes tabs and breaks spaces", () => {
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\0", "\x1B", "\x7F", "\x85"])
      expect(cleanAnswer(`a${c}b`)).toBeUndefined();
    expect(cleanAnswer("a\u200Fb\u200Ec\u061C")).toBe("a\u200Fb\u200Ec\u061C");
    expect(cleanAnswer("two\tlines\r\nhere")).toBe("two lines  here");
  });

  it("shows hidden characters as U+FFFD, so they cannot reorder what follows", () => {
    expect(shown("\u202Etxt.exe")).toBe("\uFFFDtxt.exe");
    expect(shown("plain")).toBe("plain");
  });

  it("words retention as a person reads it", () => {
    expect(retentionText({ kind: "session" })).toBe("for this conversation only");
    expect(retentionText({ kind: "until_withdrawn" })).toBe("until you withdraw consent");
    expect(retentionText({ kind: "period", period: { amount: 1, unit: "years" }, orUntilWithdrawn: false })).toBe("1 year");
    expect(retentionText({ kind: "period", period: { amount: 13, unit: "months" }, orUntilWithdrawn: true })).toBe("13 months, or until you withdraw consent");
  });

  it("names the bounds of a range or a length the runtime refused", () => {
    expect(refusalText("out_of_range", "x", { name: "n", label: "n", type: { kind: "number", min: 0.5, max: 9 } })).toBe("Please give a number from 0.5 to 9.");
    expect(refusalText("too_long", "x", { name: "t", label: "t", type: { kind: "text", max: 20 } })).toBe("Please keep it to 20 characters.");
    expect(refusalText("not_email", "Please give your email address.", undefined)).toBe("Please give your email address.");
  });
});
