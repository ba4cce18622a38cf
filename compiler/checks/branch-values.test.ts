import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs plan, seats, urgent
  retain 90 days
}
field plan: choice(basic "Basic", pro "Pro")
field seats: integer(1..500)
field urgent: yesno
ask plan "Plan?" for quote under contract
  when pro -> sales
ask seats "Seats?" for quote under contract
  when 500 -> sales
ask urgent "Urgent?" for quote under contract
  when yes -> sales
end "Thanks"
end sales "Sales will call"
`;

describe("branch-values", () => {
  it("passes values the answer can take", () => {
    expect(only(ok, "LF209")).toEqual([]);
  });

  it("LF209: reports a value outside the choice, the range, or yes/no", () => {
    const src = ok.replace("when pro", "when gold").replace("when 500", "when 501").replace("when yes", "when maybe");
    expect(only(src, "LF209")).toEqual(["LF209@12:8", "LF209@14:8", "LF209@16:8"]);
    expect(detail(src, "LF209")[0]!.message).toBe("`gold` is not one of the values `basic`, `pro` of `plan`");
  });
});
