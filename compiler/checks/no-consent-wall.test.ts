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

describe("no-consent-wall", () => {
  it("passes a refusal that still leads to a question", () => {
    expect(only(ok, "LF313")).toEqual([]);
  });

  it("passes a consent asked at the very end, where both answers end", () => {
    const src =
      HEADER +
      decls +
      `ask email "Email?" for quote under contract
consent news "And our newsletter?"
  given -> thanks
  refused -> bye
end thanks "Thanks"
end bye "Bye"
`;
    expect(only(src, "LF313")).toEqual([]);
  });

  it("LF313: warns when refusing can only end the conversation", () => {
    const src = ok.replace("refused -> quote_only", "refused -> bye").replace("end thanks", 'say "Sorry"\nend bye "Goodbye"\nend thanks');
    expect(only(src, "LF313")).toEqual(["LF313@15:14"]);
    expect(notes(detail(src, "LF313")[0]!)).toEqual([
      "20:1 → refusing ends the conversation at `bye`",
      "14:1 while giving consent lets the conversation go on",
    ]);
  });

  it("passes a consent at the end whose given side asks only for that purpose and meets the same end (Art. 7(4), EDPB 05/2020 §26)", () => {
    const src =
      HEADER +
      decls +
      `ask email "Email?" for quote under contract
consent news "And our newsletter?"
  given -> topics
  refused -> thanks
ask topics: email "Which address for the newsletter?" for news under consent
end thanks "Thanks"
`;
    expect(only(src, "LF313")).toEqual([]);
  });

  it("LF313: still warns when the given side goes on to questions for another purpose (Art. 7(4), Recital 43)", () => {
    const src =
      HEADER +
      decls +
      `consent news "Newsletter?"
  given -> more
  refused -> thanks
more: ask email "Email?" for news under consent
ask quote_email: email "Email for the quote?" for quote under contract
end thanks "Thanks"
`;
    expect(only(src, "LF313")).toEqual(["LF313@16:14"]);
  });
});
