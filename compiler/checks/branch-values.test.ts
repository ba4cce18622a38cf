import { describe, expect, it } from "vitest";
import { detail, HEADER, notes, only } from "./test-helpers.ts";

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

  it("passes a value branched on once, and distinct values to one target", () => {
    const src = ok.replace("when pro -> sales", "when pro -> sales\n  when basic -> sales");
    expect(only(src, "LF217")).toEqual([]);
    expect(only(ok, "LF217")).toEqual([]);
  });

  it("LF217: reports a second branch for the same answer, pointing at the first", () => {
    const src = ok.replace("when pro -> sales", "when pro -> sales\n  when pro -> done");
    expect(only(src, "LF217")).toEqual(["LF217@13:8"]);
    const [d] = detail(src, "LF217");
    expect(d!.message).toBe("the answer `pro` is already branched on at this ask, so this branch is never taken");
    expect(notes(d!)).toEqual(["12:8 the first branch for it, to `sales`, is always taken"]);
    expect(d!.hint).toBe("keep one: the answer goes to `sales`, never to `done`");
  });

  it("LF217: compares answers, not spellings: yes and true, 5 and 5.0, pro and \"pro\"", () => {
    const src = ok
      .replace("when pro -> sales", 'when pro -> sales\n  when "pro" -> sales')
      .replace("when 500 -> sales", "when 500 -> sales\n  when 500.0 -> sales")
      .replace("when yes -> sales", "when true -> sales\n  when yes -> sales\n  when no -> sales");
    expect(only(src, "LF217")).toEqual(["LF217@13:8", "LF217@16:8", "LF217@19:8"]);
    expect(detail(src, "LF217")[0]!.hint).toBe("remove this branch: the first already goes there");
  });

  it("LF217: leaves a value that does not fit to LF209", () => {
    const src = ok.replace("when pro -> sales", "when gold -> sales\n  when gold -> sales");
    expect(only(src, "LF209")).toEqual(["LF209@12:8", "LF209@13:8"]);
    expect(only(src, "LF217")).toEqual([]);
  });
});
