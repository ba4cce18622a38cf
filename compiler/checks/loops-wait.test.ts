import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs seats
  retain 90 days
}
field seats: integer(1..500)
again: ask seats "Seats?" for quote under contract
say "Let me check."
if seats > 100 -> again
end "Thanks"
`;

describe("loops-wait", () => {
  it("passes a loop through a question", () => {
    expect(only(ok, "LF402")).toEqual([]);
  });

  it("LF402: reports a loop through only say, if and goto", () => {
    const src = ok.replace('say "Let me check."', 'check: say "Let me check."').replace("-> again", "-> check");
    expect(only(src, "LF402")).toEqual(["LF402@10:1"]);
    expect(only(src.replace("if seats > 100 -> check", "goto check"), "LF402")).toEqual(["LF402@10:1"]);
  });

  it("LF402: reports a goto to itself", () => {
    const src = ok.replace('say "Let me check."', "spin: goto spin");
    expect(only(src, "LF402")).toEqual(["LF402@10:1"]);
  });
});
