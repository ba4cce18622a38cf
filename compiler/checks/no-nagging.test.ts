import { describe, expect, it } from "vitest";
import { detail, HEADER, notes, only } from "./test-helpers.ts";

const decls = `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
purpose news "Send news" {
  basis consent
  needs email
  retain until withdrawn
}
field email: email
`;

// Declarations are lines 3–13; steps start on line 14.
const ok =
  HEADER +
  decls +
  `consent news "News?"
  refused -> quote_only
ask email "Email?" for quote under contract, news under consent
  -> thanks
ask quote_only: email "Email?" for quote under contract
end thanks "Thanks"
`;

describe("no-nagging", () => {
  it("passes a consent asked once", () => {
    expect(only(ok, "LF312")).toEqual([]);
  });

  it("passes a second consent step on a path that did not refuse", () => {
    const src = ok.replace("ask quote_only", 'consent again: news "News, maybe?"\n  given -> email\n  refused -> quote_only\nask quote_only').replace("  refused -> quote_only\nask email", "  refused -> quote_only\n  given -> email\nask email");
    expect(only(src, "LF312")).toEqual([]);
  });

  it("LF312: warns when consent is asked again after a refusal, with the path", () => {
    const src = ok.replace("  refused -> quote_only\n", "  refused -> again\n").replace("ask quote_only", 'again: consent news "Sure?"\n  refused -> quote_only\nask quote_only');
    expect(only(src, "LF312")).toEqual(["LF312@18:16"]);
    expect(notes(detail(src, "LF312")[0]!)).toEqual(["15:14 → consent `news` refused", "18:1 → consent to `news` is asked again here"]);
  });

  it("LF312: warns when a refusal loops back to the same consent step", () => {
    const src =
      HEADER +
      decls +
      `ask plan: email "Email for the quote?" for quote under contract
consent news "News?"
  refused -> plan
ask email "Email?" for quote under contract, news under consent
end thanks "Thanks"
`;
    expect(only(src, "LF312")).toEqual(["LF312@15:9"]);
  });
});
