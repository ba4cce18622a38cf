import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose care "Book a doctor's visit" {
  basis consent
  condition explicit_consent
  needs symptoms
  retain until withdrawn
}
field symptoms: text(200) "your symptoms" special health
consent care "May we record your symptoms?"
ask symptoms "What are your symptoms?" for care under consent
end "Thanks"
`;

describe("special-category", () => {
  it("passes special-category data under a purpose with an Art. 9 condition", () => {
    expect(only(ok, "LF309")).toEqual([]);
  });

  it("LF309: reports the purpose use that has no Art. 9 condition", () => {
    const src = ok.replace("  condition explicit_consent\n", "");
    expect(only(src, "LF309")).toEqual(["LF309@10:44"]);
    expect(detail(src, "LF309")[0]!.message).toBe("`symptoms` is health data, but purpose `care` states no Art. 9 condition");
  });

  it("LF309: on a purpose that does not rest on consent the hint does not offer explicit consent, which LF320 would refuse (Art. 9(2)(a))", () => {
    const src = ok
      .replace("  condition explicit_consent\n", "")
      .replace("basis consent", "basis contract")
      .replace("retain until withdrawn", "retain 1 year")
      .replace('consent care "May we record your symptoms?"\n', "")
      .replace("for care under consent", "for care under contract");
    const [d] = detail(src, "LF309");
    expect(d!.hint).toBe('add the Art. 9(2) condition `care` rests on and what it rests on, e.g. `condition employment "LAW"` (explicit consent needs `basis consent`)');
    expect(detail(ok.replace("  condition explicit_consent\n", ""), "LF309")[0]!.hint).toContain("`condition explicit_consent`");
  });
});
