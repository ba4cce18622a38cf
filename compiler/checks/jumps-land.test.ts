import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs plan
  retain 90 days
}
field plan: choice(basic "Basic", pro "Pro")
ask plan "Plan?" for quote under contract
  when pro -> sales
  retry 3 then -> sales
  -> thanks
goto thanks
end sales "Sales will call"
end thanks "Thanks"
`;

describe("jumps-land", () => {
  it("passes jumps to declared steps", () => {
    expect(only(ok, "LF204")).toEqual([]);
  });

  it("LF204: reports each jump to an unknown step at the target name", () => {
    const src = ok.replace("when pro -> sales", "when pro -> salse").replace("retry 3 then -> sales", "retry 3 then -> nowhere").replace("goto thanks", "goto thank");
    expect(only(src, "LF204")).toEqual(["LF204@10:15", "LF204@11:19", "LF204@13:6"]);
    expect(detail(src, "LF204")[0]!.hint).toBe("did you mean `sales`?");
  });
});
