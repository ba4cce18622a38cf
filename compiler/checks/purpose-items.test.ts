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

describe("purpose-items", () => {
  it("passes a purpose with one basis and one retention", () => {
    expect(only(ok, "LF214")).toEqual([]);
  });

  it("LF214: reports a repeated basis and a field needed twice", () => {
    const src = ok.replace("retain 90 days", "retain 90 days\n  basis consent\n  needs email");
    expect(only(src, "LF214")).toEqual(["LF214@7:3", "LF214@8:9"]);
  });

  it("LF214: reports a purpose without a basis at its name", () => {
    expect(only(ok.replace("  basis contract\n", ""), "LF214")).toEqual(["LF214@3:9"]);
  });
});
