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
});
