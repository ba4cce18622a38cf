/**
 * One mistake gives one error: a check does not report what follows from a
 * name another check has already reported. Each case changes one line of the
 * lead-capture example and expects exactly the one diagnostic that names it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check } from "./test-helpers.ts";

const lead = readFileSync(new URL("../../examples/lead-capture/lead.flow", import.meta.url), "utf8");

function withChange(from: RegExp, to: string): string {
  expect(lead).toMatch(from);
  return lead.replace(from, to);
}

describe("one mistake, one error", () => {
  it("the example itself is clean", () => {
    expect(check(lead)).toEqual([]);
  });

  it("a misspelt basis is LF211 alone, not LF213 at every read of what the purpose collects", () => {
    expect(check(withChange(/basis contract\n/, "basis contact\n"))).toEqual(["LF211@7:9"]);
  });

  it("a missing basis is LF214 alone", () => {
    expect(check(withChange(/ {2}basis contract\n/, ""))).toEqual(["LF214@6:9"]);
  });

  it("a misspelt purpose at an ask is LF203 there, not LF305 at the purpose nor LF213 at the reads", () => {
    expect(check(withChange(/(ask company "Which company are you with\?" for) quote/, "$1 qoute"))).toEqual(["LF203@37:47"]);
  });

  it("a misspelt jump target is LF204 alone, not LF401 at the steps it was meant to skip to", () => {
    expect(check(withChange(/ {2}refused -> quote_email\n/, "  refused -> quote_emial\n"))).toEqual(["LF204@43:14"]);
    expect(check(withChange(/ {2}-> thanks\n/, "  -> thanx\n"))).toEqual(["LF204@45:6"]);
    expect(check(withChange(/when enterprise -> sales_call/, "when enterprise -> sales_cal"))).toEqual(["LF204@39:22"]);
    // Without its `given` edge, the question after the consent step would be reached only on refusal (LF316, LF302).
    expect(check(withChange(/ {2}refused -> quote_email\n/, "  given -> emial\n  refused -> quote_email\n"))).toEqual(["LF204@43:12"]);
  });

  it("a misspelt field in a purpose's needs is LF202 there, not LF303 at every ask of the field", () => {
    expect(check(withChange(/ {2}needs company, plan, email\n/, "  needs company, plan, emial\n"))).toEqual(["LF202@8:24"]);
  });

  it("a misspelt purpose at a consent step is LF203 there, not LF310 at the purpose nor LF316 at its question", () => {
    expect(check(withChange(/consent newsletter "May/, 'consent newsleter "May'))).toEqual(["LF203@42:9"]);
  });

  it("a misspelt purpose declaration is LF203 at its uses, not LF310 as well", () => {
    expect(check(withChange(/purpose newsletter "Email/, 'purpose newsleter "Email'))).toEqual(["LF203@42:9", "LF203@44:66"]);
  });

  it("a misspelt field at an ask is LF202 there, not LF305 at the purpose that needs it", () => {
    expect(check(withChange(/ask plan "Which plan/, 'ask pla "Which plan'))).toEqual(["LF202@38:5"]);
  });

  it("a misspelt field declaration is LF202 at its uses, not LF304 at the declaration as well", () => {
    const codes = check(withChange(/field email: email/, "field emial: email"));
    expect(codes.every((c) => c.startsWith("LF202@"))).toBe(true);
    expect(codes.length).toBeGreaterThan(0);
  });

  it("a deleted consent step is LF310 at its purpose, not LF316 or LF302 at each question for it as well", () => {
    const flow = `flow Support version "1.0.0"
controller "Acme" contact "privacy@acme.example"
purpose reply "Answer you" {
  basis contract
  needs email
  retain 30 days
}
purpose news "Email you our newsletter" {
  basis consent
  direct_marketing
  needs email
  retain until withdrawn
}
field email: email
consent news "May we also email you our newsletter?"
ask email "Your email?" for reply under contract, news under consent
end "Thanks"
`;
    expect(check(flow)).toEqual([]);
    expect(check(flow.replace('consent news "May we also email you our newsletter?"\n', ""))).toEqual(["LF310@8:9"]);
  });

  it("a misspelt special category is LF215 alone, not LF309 at each purpose it is collected for", () => {
    expect(check(withChange(/field company: text\(100\) "your company name"/, 'field company: text(100) "your company name" special helth'))).toEqual([
      "LF215@30:54",
    ]);
  });
});
