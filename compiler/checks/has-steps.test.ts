import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email
ask email "Email?" for quote under contract
end "Thanks"
`;

describe("has-steps", () => {
  it("passes a flow with steps", () => {
    expect(only(ok, "LF404")).toEqual([]);
  });

  it("LF404: reports a flow without steps at its name", () => {
    expect(only(ok.replace(/ask .*\nend .*\n/, ""), "LF404")).toEqual(["LF404@1:6"]);
  });
});
