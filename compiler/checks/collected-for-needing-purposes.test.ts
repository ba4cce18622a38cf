import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
purpose audience "Know our audience" {
  basis legitimate_interests "Plan events"
  needs birth_year
  retain 30 days
}
field email: email
field birth_year: integer(1900..2026)
ask email "Email?" for quote under contract
ask birth_year "Born?" for audience under legitimate_interests
end "Thanks"
`;

describe("collected-for-needing-purposes", () => {
  it("passes fields collected only for purposes that need them", () => {
    expect(only(ok, "LF303")).toEqual([]);
  });

  it("LF303: reports the purpose use that does not need the field", () => {
    const src = ok.replace('"Born?" for audience under legitimate_interests', '"Born?" for audience under legitimate_interests, quote under contract');
    expect(only(src, "LF303")).toEqual(["LF303@16:65"]);
    expect(detail(src, "LF303")[0]!.hint).toBe("add `needs birth_year` to purpose `quote`, or don't ask for it under `quote`");
  });
});
