import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const purpose = (basis: string, condition: string) => `purpose screening "Check your fitness for the role" {
  basis ${basis}
  ${condition}
  needs health_note
  retain 6 months
}
field health_note: text(200) "a note on your health" special health
`;

// Lines 3–9 are the declarations; the condition is on line 5.
const steps = `consent screening "May we ask about your health for this role?"
  refused -> bye
ask health_note "Anything we should know?" for screening under consent
end "Thanks"
end bye "Bye"
`;

describe("art9-grounds", () => {
  it("passes explicit consent on a consent purpose with its consent step (Art. 9(2)(a))", () => {
    expect(only(HEADER + purpose("consent", "condition explicit_consent") + steps, "LF320")).toEqual([]);
    expect(only(HEADER + purpose("consent", "condition explicit_consent") + steps, "LF321")).toEqual([]);
  });

  it("LF320: explicit consent claimed on a contract purpose, where no consent step can be asked (Art. 9(2)(a), Art. 7(1))", () => {
    const src = HEADER + purpose("contract", "condition explicit_consent") + 'ask health_note "Anything we should know?" for screening under contract\nend "Thanks"\n';
    expect(only(src, "LF320")).toEqual(["LF320@5:13"]);
    const [d] = detail(src, "LF320");
    expect(d!.message).toBe("purpose `screening` claims explicit consent (Art. 9(2)(a)) but rests on `contract`, so no consent step can be asked for it");
    expect(d!.hint).toContain("declare `basis consent`");
  });

  it("passes a condition that names the fact it rests on (Art. 9(2)(b))", () => {
    const src =
      HEADER +
      purpose('legal_obligation "Health and Safety at Work Act 1974, s. 2"', 'condition employment "Health and Safety at Work Act 1974, s. 2"') +
      'ask health_note "Anything we should know?" for screening under legal_obligation\nend "Thanks"\n';
    expect(only(src, "LF321")).toEqual([]);
  });

  it("LF321: employment, substantial public interest and the others must name the law or fact they rest on (Art. 9(2)(b), (g))", () => {
    const src =
      HEADER +
      purpose('legal_obligation "Health and Safety at Work Act 1974, s. 2"', "condition employment") +
      'ask health_note "Anything we should know?" for screening under legal_obligation\nend "Thanks"\n';
    expect(only(src, "LF321")).toEqual(["LF321@5:13"]);
    expect(detail(src, "LF321")[0]!.message).toBe("`condition employment` for purpose `screening` must name the law or collective agreement that authorises it");
    const spi = src.replace("condition employment", "condition substantial_public_interest");
    expect(detail(spi, "LF321")[0]!.message).toContain("the Union or Member State law that sets the interest");
  });

  it("LF321: explicit consent takes no text — the consent step is its proof (Art. 7(1))", () => {
    expect(only(HEADER + purpose("consent", 'condition explicit_consent "we asked"') + steps, "LF321")).toEqual(["LF321@5:30"]);
  });
});
