import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const flow = (basis: string, automated: string, extra = "") => `${HEADER}purpose screening "Shortlist applicants" {
  basis ${basis}
  needs cv${extra ? ", diagnosis" : ""}
  retain 6 months
  ${automated}${extra}
}
field cv: text(2000) "your CV"
field diagnosis: text(200) "a diagnosis" special health
ask cv "Paste your CV" for screening under ${basis.split(" ")[0]}
end "Thanks"
`;

// The `automated` item is on line 7.
const decision = 'automated decision "A score from your CV ranks you" effects "A low score ends your application without a person reading it"';

describe("automated-decisions", () => {
  it("passes a decision with its logic and consequences under a contract (Art. 22(2)(a)) and profiling under legitimate interests", () => {
    expect(only(flow("contract", decision), "LF322")).toEqual([]);
    expect(only(flow("contract", decision), "LF323")).toEqual([]);
    expect(only(flow('legitimate_interests "Fewer fake applications"', 'automated profiling "A score flags likely duplicates for a recruiter to check"'), "LF323")).toEqual([]);
  });

  it("LF322: `automated` alone does not say whether it decides with legal or similarly significant effects (Art. 22(1), Art. 13(2)(f))", () => {
    const src = flow("contract", 'automated "A score ranks you"');
    expect(only(src, "LF322")).toEqual(["LF322@7:3"]);
    expect(detail(src, "LF322")[0]!.hint).toContain('`automated profiling "DESCRIPTION"`');
  });

  it("LF322: a decision must state its consequences (Art. 13(2)(f)); profiling with effects is a decision (Art. 22(1))", () => {
    expect(only(flow("contract", 'automated decision "A score ranks you"'), "LF322")).toEqual(["LF322@7:13"]);
    expect(only(flow("contract", 'automated profiling "A score" effects "rejects you"'), "LF322")).toEqual(["LF322@7:33"]);
    expect(only(flow("contract", 'automated decison "A score"'), "LF322")).toEqual(["LF322@7:13"]);
  });

  it("LF323: a solely automated decision under legitimate interests is not an Art. 22(2) exception", () => {
    const src = flow('legitimate_interests "Fewer applications to read"', decision);
    expect(only(src, "LF323")).toEqual(["LF323@7:13"]);
    expect(detail(src, "LF323")[0]!.message).toBe("purpose `screening` makes decisions based solely on automated processing under `legitimate_interests`, which Art. 22(2) does not allow");
  });

  it("LF323: a decision on special-category data needs explicit consent or a substantial public interest (Art. 22(4))", () => {
    const src = flow("contract", decision, '\n  condition health_care "Contract with our occupational health service; its staff are bound by professional secrecy"');
    expect(only(src, "LF323")).toEqual(["LF323@7:13"]);
    expect(detail(src, "LF323")[0]!.message).toContain("Art. 22(4)");
  });
});
