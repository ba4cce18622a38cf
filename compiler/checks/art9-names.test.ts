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

describe("art9-names", () => {
  it("passes a known Art. 9(2) condition and special category", () => {
    expect(only(ok, "LF215")).toEqual([]);
  });

  it("LF215: reports an unknown condition and an unknown special category", () => {
    const src = ok.replace("explicit_consent", "because_i_said_so").replace("special health", "special helth");
    expect(only(src, "LF215")).toEqual(["LF215@5:13", "LF215@9:51"]);
    expect(detail(src, "LF215")[1]!.hint).toBe("did you mean `health`?");
  });
});
