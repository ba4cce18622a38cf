import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

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
ask seats "Seats?" for quote under contract
ask urgent "Urgent?" for quote under contract
if plan == pro and seats >= 10 -> sales
if urgent == yes or seats > 100 -> sales
end "Thanks"
end sales "Sales will call"
`;

describe("condition-types", () => {
  it("passes comparisons of like with like", () => {
    expect(only(ok, "LF210")).toEqual([]);
  });

  it("LF210: reports an unknown choice value and a string compared with a number", () => {
    const src = ok.replace("plan == pro", "plan == gold").replace("seats >= 10", 'seats >= "ten"');
    expect(only(src, "LF210")).toEqual(["LF210@14:12", "LF210@14:30"]);
  });

  it("LF210: reports order on a choice and yes/no compared with a number", () => {
    const src = ok.replace("plan == pro", "plan > basic").replace("urgent == yes", "urgent == 1");
    expect(only(src, "LF210")).toEqual(["LF210@14:4", "LF210@15:14"]);
  });
});
