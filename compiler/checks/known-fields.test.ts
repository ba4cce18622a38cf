import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email
ask email "Email?" for quote under contract
if known(email) -> thanks
end thanks "Thanks, {email}"
`;

describe("known-fields", () => {
  it("passes fields that are declared", () => {
    expect(only(ok, "LF202")).toEqual([]);
  });

  it("LF202: reports an unknown field at an ask, with a suggestion", () => {
    const src = ok.replace("ask email", "ask emial");
    expect(only(src, "LF202")).toEqual(["LF202@9:5"]);
    expect(detail(src, "LF202")[0]!.hint).toBe("did you mean `email`?");
  });

  it("LF202: reports unknown fields in needs, interpolations and known()", () => {
    const src = ok.replace("needs email", "needs email, phone").replace("known(email)", "known(mail)").replace("{email}", "{name}");
    expect(only(src, "LF202")).toEqual(["LF202@5:16", "LF202@10:10", "LF202@11:22"]);
  });
});
