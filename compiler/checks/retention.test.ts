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
}
field email: email
consent news "News?"
ask email "Email?" for quote under contract, news under consent
end "Thanks"
`;

describe("retention", () => {
  it("passes a finite period, and `until withdrawn` under consent", () => {
    expect(only(ok, "LF306")).toEqual([]);
    expect(only(ok, "LF307")).toEqual([]);
    expect(only(ok.replace("retain 90 days", "retain session"), "LF307")).toEqual([]);
    expect(only(ok.replace("retain 90 days", "retain 2 years or until withdrawn"), "LF307")).toEqual([]);
  });

  it("LF306: reports a purpose without retention at its name", () => {
    expect(only(ok.replace("  retain 90 days\n", ""), "LF306")).toEqual(["LF306@3:9"]);
  });

  it("LF307: reports `until withdrawn` on a basis that cannot be withdrawn", () => {
    expect(only(ok.replace("retain 90 days", "retain until withdrawn"), "LF307")).toEqual(["LF307@6:10"]);
  });

  it("LF315: reports a period or consent validity beyond 100 years at the duration", () => {
    for (const [period, at] of [
      ["1000000 years", "6:10"],
      ["100000000 days", "6:10"],
      ["1201 months", "6:10"],
      ["5219 weeks", "6:10"],
    ])
      expect(only(ok.replace("retain 90 days", `retain ${period}`), "LF315"), period).toEqual([`LF315@${at}`]);
    expect(only(ok.replace("retain 90 days", "retain 100 years"), "LF315")).toEqual([]);
    for (const period of ["100 years", "36525 days", "1200 months", "5218 weeks"]) expect(only(ok.replace("retain 90 days", `retain ${period}`), "LF315"), period).toEqual([]);
    expect(only(ok.replace("retain until withdrawn", "retain until withdrawn\n  consent valid 101 years"), "LF315")).toEqual(["LF315@12:17"]);
    expect(only(ok.replace("retain until withdrawn", "retain 200 years or until withdrawn"), "LF315")).toEqual(["LF315@11:10"]);
  });
});
