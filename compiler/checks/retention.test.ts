import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

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

  it("LF317: reports a period or consent validity of zero at the duration, and accepts 1", () => {
    for (const unit of ["days", "weeks", "months", "years"])
      expect(only(ok.replace("retain 90 days", `retain 0 ${unit}`), "LF317"), unit).toEqual(["LF317@6:10"]);
    expect(only(ok.replace("retain until withdrawn", "retain 0 days or until withdrawn"), "LF317")).toEqual(["LF317@11:10"]);
    expect(only(ok.replace("retain until withdrawn", "retain until withdrawn\n  consent valid 0 days"), "LF317")).toEqual(["LF317@12:17"]);
    expect(only(ok.replace("retain 90 days", "retain 1 day"), "LF317")).toEqual([]);
    expect(only(ok.replace("retain until withdrawn", "retain until withdrawn\n  consent valid 1 year"), "LF317")).toEqual([]);
  });

  it("says what a zero period does, and what to write instead", () => {
    const [d] = detail(ok.replace("retain 90 days", "retain 0 days"), "LF317");
    expect(d!.message).toBe("purpose `quote` keeps its data for 0 days: it would be erased as soon as it is given");
    expect(d!.hint).toContain("`retain session`");
  });

  it("LF315 reads as one sentence", () => {
    const [d] = detail(ok.replace("retain 90 days", "retain 101 years"), "LF315");
    expect(d!.message).toBe("purpose `quote` keeps its data for 101 years, longer than the 100 years Lawflow accepts");
  });
});
