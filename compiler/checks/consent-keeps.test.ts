import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const flow = (keeps: string) =>
  HEADER +
  `purpose application "Consider your application" {
  basis contract
  needs cv, phone
  retain 6 months
}
purpose pool "Tell you about other roles" {
  basis consent
  needs cv
  retain 12 months or until withdrawn
}
field cv: text(2000) "your CV"
field phone: phone "your phone number"
ask cv "Paste your CV" for application under contract
ask phone "Your phone?" for application under contract
consent pool "May we keep your CV for 12 months to tell you about other roles?"
  ${keeps}
end "Thanks"
`;

// The `keeps` line is line 18.
describe("consent-keeps", () => {
  it("passes a consent step that keeps a held field its purpose needs (Art. 5(1)(b), Art. 6(1)(a))", () => {
    expect(only(flow("keeps cv"), "LF324")).toEqual([]);
    // The field counts as collected for the purpose: no LF305.
    expect(only(flow("keeps cv"), "LF305")).toEqual([]);
  });

  it("LF324: a kept field the purpose does not need (Art. 5(1)(c))", () => {
    expect(only(flow("keeps cv, phone"), "LF324")).toEqual(["LF324@18:13"]);
    expect(detail(flow("keeps cv, phone"), "LF324")[0]!.message).toBe("`phone` is kept for `pool`, which does not need it");
  });

  it("LF324: a kept name that is no field (Art. 5(1)(b))", () => {
    expect(only(flow("keeps cv, resume"), "LF324")).toEqual(["LF324@18:13"]);
  });
});
