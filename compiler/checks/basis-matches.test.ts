import { describe, expect, it } from "vitest";
import { detail, HEADER, notes, only } from "./test-helpers.ts";

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

describe("basis-matches", () => {
  it("passes an ask that restates the purpose's basis", () => {
    expect(only(ok, "LF301")).toEqual([]);
  });

  it("LF301: reports a different basis at the ask, pointing at the declaration", () => {
    const src = ok.replace("under contract", "under legitimate_interests");
    expect(only(src, "LF301")).toEqual(["LF301@9:36"]);
    const [d] = detail(src, "LF301");
    expect(d!.message).toBe("`quote` is collected under `legitimate_interests`, but the purpose rests on `contract`");
    expect(notes(d!)).toEqual(["4:3 `quote` declares its basis here"]);
  });
});
