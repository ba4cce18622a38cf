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
  -> thanks
say "Never shown"
say "Nor this"
end thanks "Thanks"
`;

describe("reachable-steps", () => {
  it("passes a flow whose every step is reached", () => {
    expect(only(ok.replace("  -> thanks\n", ""), "LF401")).toEqual([]);
  });

  it("LF401: reports a run of unreachable steps once, at its first step", () => {
    expect(only(ok, "LF401")).toEqual(["LF401@11:1"]);
    expect(detail(ok, "LF401")[0]!.message).toBe("these 2 steps are never reached");
  });

  it("LF401: reports separate runs separately", () => {
    const src = ok.replace('say "Nor this"', 'say "Nor this"\ngoto thanks\nmid: say "Reached"\ngoto thanks\nsay "Never"').replace("  -> thanks\n", "  -> mid\n");
    expect(only(src, "LF401")).toEqual(["LF401@11:1", "LF401@16:1"]);
  });
});
