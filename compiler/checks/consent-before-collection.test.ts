import { describe, expect, it } from "vitest";
import { detail, HEADER, notes, only } from "./test-helpers.ts";

const purposes = `purpose quote "Prepare a quote" {
  basis contract
  needs plan, email
  retain 90 days
}
purpose news "Send our newsletter" {
  basis consent
  needs email
  retain until withdrawn
}
field plan: choice(basic "Basic", pro "Pro")
field email: email
`;

// Lines 3–14 are the declarations; steps start on line 15.
const ok =
  HEADER +
  purposes +
  `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
  refused -> quote_only
ask email "Email?" for quote under contract, news under consent
  -> thanks
ask quote_only: email "Email for the quote?" for quote under contract
end thanks "Thanks"
`;

describe("consent-before-collection", () => {
  it("passes an ask under consent reached only through `given`", () => {
    expect(only(ok, "LF302")).toEqual([]);
  });

  it("passes an ask guarded by `if given(P)` (also inside a conjunction)", () => {
    const src =
      HEADER +
      purposes +
      `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
if plan == pro and given(news) -> collect
end "Bye"
collect: ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
    expect(only(src, "LF302")).toEqual([]);
  });

  it("LF302: reports an ask reached after a refusal, with the path as notes", () => {
    const src = ok.replace("  refused -> quote_only\n", "");
    expect(only(src, "LF302")).toEqual(["LF302@17:46"]);
    const [d] = detail(src, "LF302");
    expect(d!.message).toBe("`email` is collected for `news` under consent, but consent to `news` may not have been given");
    expect(notes(d!)).toEqual(["15:1 → ask `plan`", "16:1 → consent `news` refused", "17:1 → ask `email` without consent to `news`"]);
  });

  it("LF302: reports an ask with no consent step before it", () => {
    const src = ok.replace('consent news "May we send you news?"\n  refused -> quote_only\n', "").replace("ask quote_only", "consent news \"News?\"\nask quote_only");
    expect(only(src, "LF302")).toEqual(["LF302@16:46"]);
  });

  it("LF302: a disjunction `given(P) or …` does not prove consent", () => {
    const src =
      HEADER +
      purposes +
      `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
if given(news) or plan == pro -> collect
end "Bye"
collect: ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
    expect(only(src, "LF302")).toEqual(["LF302@19:55"]);
  });

  it("LF302: a refusal on a loop back withdraws what was given", () => {
    const src =
      HEADER +
      purposes +
      `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
  refused -> plan
ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
    // After a refusal the loop returns to `plan` and asks consent again: still given on every path to `email`.
    expect(only(src, "LF302")).toEqual([]);
  });
});
