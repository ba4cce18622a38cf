import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose audience "Know our audience" {
  basis legitimate_interests "Aggregated ages help us plan events"
  needs birth_year
  retain 30 days
}
field birth_year: integer(1900..2026)
ask birth_year "Born?" for audience under legitimate_interests
end "Thanks"
`;

describe("basis-evidence", () => {
  it("passes legitimate interests that state the interest", () => {
    expect(only(ok, "LF308")).toEqual([]);
  });

  it("LF308: reports legitimate interests, a legal obligation or a public task without its text", () => {
    expect(only(ok.replace(' "Aggregated ages help us plan events"', ""), "LF308")).toEqual(["LF308@4:9"]);
    expect(only(ok.replace(/legitimate_interests "[^"]*"/, "legal_obligation").replace("under legitimate_interests", "under legal_obligation"), "LF308")).toEqual(["LF308@4:9"]);
    expect(only(ok.replace(/legitimate_interests "[^"]*"/, 'public_task ""').replace("under legitimate_interests", "under public_task"), "LF308")).toEqual(["LF308@4:9"]);
  });
});
