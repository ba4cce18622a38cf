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
end "Thanks"
`;

describe("known-basis", () => {
  it("passes the bases of Art. 6(1)", () => {
    expect(only(ok, "LF211")).toEqual([]);
  });

  it("LF211: reports an unknown basis with the closest one", () => {
    const src = ok.replace("basis contract", "basis contractual");
    expect(only(src, "LF211")).toEqual(["LF211@4:9"]);
    expect(detail(src, "LF211")[0]!.hint).toBe("did you mean `contract`?");
  });

  it("LF211: reports an unknown basis at an ask", () => {
    expect(only(ok.replace("under contract", "under agreement"), "LF211")).toEqual(["LF211@9:36"]);
  });
});
