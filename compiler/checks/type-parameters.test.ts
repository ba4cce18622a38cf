import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs company, age
  retain 90 days
}
field company: text(100)
field age: integer(18..120)
ask company "Company?" for quote under contract
ask age "Age?" for quote under contract
end "Thanks"
`;

describe("type-parameters", () => {
  it("passes a positive text length and a non-empty range", () => {
    expect(only(ok, "LF207")).toEqual([]);
    expect(only(ok.replace("18..120", "18..18"), "LF207")).toEqual([]);
  });

  it("LF207: reports text(0) and a range whose minimum is above its maximum", () => {
    const src = ok.replace("text(100)", "text(0)").replace("18..120", "120..18");
    expect(only(src, "LF207")).toEqual(["LF207@8:16", "LF207@9:12"]);
  });
});
