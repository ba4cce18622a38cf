import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose offers "Email you offers" {
  basis consent
  direct_marketing
  needs email
  retain until withdrawn
  object on "stop emails"
}
purpose leads "Follow up on your enquiry" {
  basis legitimate_interests "Answering business enquiries"
  needs email
  retain 6 months
  object on "I object"
}
field email: email
consent offers "Offers?"
ask email "Email?" for offers under consent, leads under legitimate_interests
end "Thanks"
`;

describe("objection-settings", () => {
  it("passes `object on` on direct marketing (any basis) and on legitimate interests", () => {
    expect(only(ok, "LF331")).toEqual([]);
  });

  it("LF331 (Art. 21(1)–(3)): reports `object on` on a consent purpose that is not direct marketing", () => {
    expect(only(ok.replace("  direct_marketing\n", ""), "LF331")).toEqual(["LF331@7:3"]);
  });
});
