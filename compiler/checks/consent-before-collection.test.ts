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

  describe("LF316: a question asked before the consent request of a consent purpose it serves", () => {
    // Steps start on line 15.
    const early =
      HEADER +
      purposes +
      `ask plan "Plan?" for quote under contract
ask email "Email?" for quote under contract, news under consent
consent news "May we send you news?"
end thanks "Thanks"
`;

    it("passes the same steps with the consent request first, and the fixtures above", () => {
      const fine =
        HEADER +
        purposes +
        `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
      expect(only(fine, "LF316")).toEqual([]);
      expect(only(ok, "LF316")).toEqual([]);
    });

    it("LF316: warns at the purpose in the ask, with the consent step after it as related place", () => {
      expect(only(early, "LF316")).toEqual(["LF316@16:46"]);
      expect(only(early, "LF302")).toEqual([]);
      const [d] = detail(early, "LF316");
      expect(d!.severity).toBe("warning");
      expect(d!.message).toBe(
        "`email` is asked for `news` under consent before consent to `news` is asked: the question leaves `news` out, and a later yes does not add the answer to it",
      );
      expect(d!.hint).toBe(
        'put `consent news "…"` before this ask, or drop `news under consent` from it; if the answer should join `news` once the person agrees, add `keeps email` to that consent step and say so in its request',
      );
      expect(notes(d!)).toEqual(["17:1 → consent to `news` is first asked here, at `news`, after the question"]);
    });

    it("passes when the consent step after the question keeps its field: a yes adds the answer to the purpose", () => {
      expect(only(early.replace('consent news "May we send you news?"\n', 'consent news "May we also use that email for our news?"\n  keeps email\n'), "LF316")).toEqual([]);
    });

    it("LF316: warns when only one path reaches the question before the consent request", () => {
      const src =
        HEADER +
        purposes +
        `ask plan "Plan?" for quote under contract
  when pro -> ask_news
ask email "Email?" for quote under contract, news under consent
ask_news: consent news "May we send you news?"
  given -> email_again
  refused -> thanks
email_again: ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
      // Through `pro` consent comes first (fine at `email_again`); any other plan reaches `email` first, then the request.
      expect(only(src, "LF316")).toEqual(["LF316@17:46"]);
      expect(notes(detail(src, "LF316")[0]!)).toEqual(["18:1 → consent to `news` is first asked here, at `ask_news`, after the question"]);
    });

    it("passes a question on a loop whose consent request comes before the loop", () => {
      const src =
        HEADER +
        purposes +
        `consent news "May we send you news?"
more: ask email "Email?" for quote under contract, news under consent
ask plan "Plan?" for quote under contract
  when basic -> more
end thanks "Thanks"
`;
      expect(only(src, "LF316")).toEqual([]);
    });

    it("LF316: a loop that reaches its consent request only after the question warns too (its first answer is left out)", () => {
      const src =
        HEADER +
        purposes +
        `more: ask email "Email?" for quote under contract, news under consent
consent news "May we send you news?"
ask plan "Plan?" for quote under contract
  when basic -> more
end thanks "Thanks"
`;
      expect(only(src, "LF316")).toEqual(["LF316@15:52"]);
    });

    it("leaves a question for consent purposes only to LF302 (one mistake, one diagnostic)", () => {
      const src = early.replace("for quote under contract, news under consent", "for news under consent");
      expect(only(src, "LF302")).toEqual(["LF302@16:24"]);
      expect(only(src, "LF316")).toEqual([]);
    });

    it("LF316: warns at a question reached on no path with consent given and no request after it", () => {
      const src =
        HEADER +
        purposes +
        `ask plan "Plan?" for quote under contract
consent news "May we send you news?"
  given -> with_news
ask email "Email?" for quote under contract, news under consent
end "Thanks"
with_news: ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
      expect(only(src, "LF316")).toEqual(["LF316@18:46"]);
      const [d] = detail(src, "LF316");
      expect(d!.message).toBe(
        "`email` is asked for `news` under consent, but consent to `news` is never given when this question is reached: the question always leaves `news` out",
      );
      expect(d!.related).toEqual([]);
    });
  });
});
