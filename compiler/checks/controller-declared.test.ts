import { describe, expect, it } from "vitest";
import { only } from "./test-helpers.ts";

const ok = `flow Lead version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email
ask email "Email?" for quote under contract
end "Thanks"
`;

describe("controller-declared", () => {
  it("passes a flow with one controller", () => {
    expect(only(ok, "LF206")).toEqual([]);
  });

  it("LF206: reports a flow without a controller at the flow's name", () => {
    expect(only(ok.replace(/controller .*\n/, ""), "LF206")).toEqual(["LF206@1:6"]);
  });

  it("LF206: reports a second controller", () => {
    const src = ok.replace("controller", 'controller "Other Ltd" contact "x@other.example"\ncontroller');
    expect(only(src, "LF206")).toEqual(["LF206@3:12"]);
  });
});
