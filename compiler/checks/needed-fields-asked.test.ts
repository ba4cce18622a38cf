import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email, phone
  retain 90 days
}
field email: email
field phone: phone
ask email "Email?" for quote under contract
ask phone "Phone?" for quote under contract
end "Thanks"
`;

describe("needed-fields-asked", () => {
  it("passes a purpose whose needs are all asked for it", () => {
    expect(only(ok, "LF305")).toEqual([]);
  });

  it("LF305: warns at the need that no ask collects", () => {
    expect(only(ok.replace('ask phone "Phone?" for quote under contract\n', ""), "LF305")).toEqual(["LF305@5:16"]);
  });
});
