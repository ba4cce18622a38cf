import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
purpose news "Send news" {
  basis consent
  needs email
  retain until withdrawn
  withdraw on "stop"
  consent valid 13 months
}
field email: email
consent news "News?"
ask email "Email?" for quote under contract, news under consent
end "Thanks"
`;

describe("consent-only-settings", () => {
  it("passes `withdraw on` and `consent valid` on a consent purpose", () => {
    expect(only(ok, "LF314")).toEqual([]);
  });

  it("LF314: reports them on a purpose resting on another basis", () => {
    const src = ok.replace("retain 90 days", 'retain 90 days\n  withdraw on "stop"\n  consent valid 1 years');
    expect(only(src, "LF314")).toEqual(["LF314@7:3", "LF314@8:3"]);
  });
});
