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
    const src = ok.replace("  refused -> quote_only\n", "").replace("for quote under contract, news under consent", "for news under consent");
    expect(only(src, "LF302")).toEqual(["LF302@17:24"]);
    const [d] = detail(src, "LF302");
    expect(d!.message).toBe("`email` is collected for `news` under consent, but consent to `news` may not have been given");
    expect(notes(d!)).toEqual(["15:1 → ask `plan`", "16:1 → consent `news` refused", "17:1 → ask `email` without consent to `news`"]);
  });

  it("LF302: reports an ask with no consent step before it", () => {
    const src = ok
      .replace('consent news "May we send you news?"\n  refused -> quote_only\n', "")
      .replace("ask quote_only", "consent news \"News?\"\nask quote_only")
      .replace("for quote under contract, news under consent", "for news under consent");
    expect(only(src, "LF302")).toEqual(["LF302@16:24"]);
  });

  it("LF302: a disjunction `given(P) or …` does not prove consent", () => {
    const src =
      HEADER +
      purposes +
      `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
if given(news) or plan == pro -> collect
end "Bye"
collect: ask email "Email?" for news under consent
end thanks "Thanks"
`;
    expect(only(src, "LF302")).toEqual(["LF302@19:33"]);
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

  it("passes one question for a contract purpose and a consent purpose whose consent may be missing: the runtime leaves that purpose out (Art. 6(1)(a), EDPB 05/2020 §121)", () => {
    const src =
      HEADER +
      purposes +
      `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
    expect(only(src, "LF302")).toEqual([]);
  });

  it("passes one question for two consent purposes when one is proven and the other may be missing (Art. 7(1), proof per purpose)", () => {
    const src =
      HEADER +
      `purpose offers "Send offers" {
  basis consent
  needs email
  retain until withdrawn
}
` +
      purposes.replace("needs plan, email", "needs plan") +
      `ask plan "Plan?" for quote under contract
consent offers "May we send you offers?"
  refused -> bye
consent news "May we send you news?"
ask email "Email?" for offers under consent, news under consent
end thanks "Thanks"
end bye "Bye"
`;
    expect(only(src, "LF302")).toEqual([]);
  });
});
