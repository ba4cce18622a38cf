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
top: ask email "Email?" for quote under contract
  -> done
end done "Thanks"
`;

describe("no-run-past-end", () => {
  it("passes a flow whose last step is an end (or a goto)", () => {
    expect(only(ok, "LF403")).toEqual([]);
    expect(only(ok.replace('end done "Thanks"', 'done: say "Thanks"\ngoto top'), "LF403")).toEqual([]);
  });

  it("LF403: reports a last step that falls off the end of the file", () => {
    expect(only(ok.replace('end done "Thanks"', 'done: say "Thanks"'), "LF403")).toEqual(["LF403@11:1"]);
    expect(only(ok.replace("  -> done\n", "").replace('end done "Thanks"', 'end done "Thanks"\nif known(email) -> done'), "LF403")).toEqual([]);
  });
});
