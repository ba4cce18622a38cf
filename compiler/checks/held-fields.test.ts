import { describe, expect, it } from "vitest";
import { detail, HEADER, notes, only } from "./test-helpers.ts";

const decls = `purpose quote "Prepare a quote" {
  basis contract
  needs company, seats
  retain 90 days
}
purpose news "Send news" {
  basis consent
  needs company
  retain until withdrawn
}
field company: text(100)
field seats: integer(1..500)
`;

// Declarations are lines 3–14; steps start on line 15.
const ok =
  HEADER +
  decls +
  `ask company "Company?" for quote under contract
ask seats "Seats for {company}?" for quote under contract
  retry 2 then -> give_up
if seats > 10 -> big
end "Thanks, {company}"
end big "A big one!"
end give_up "Sorry, {company}"
`;

describe("held-fields", () => {
  it("passes reads after a required ask under a lasting basis", () => {
    expect(only(ok, "LF213")).toEqual([]);
  });

  it("passes reads guarded by known(), in the condition or by an if", () => {
    const src =
      HEADER +
      decls +
      `ask company "Company?" for quote under contract
ask seats "Seats?" for quote under contract
  optional
if known(seats) and seats > 10 -> big
if not known(seats) -> done
say "You asked for {seats} seats"
end done "Thanks"
end big "A big one!"
`;
    expect(only(src, "LF213")).toEqual([]);
  });

  it("LF213: reports a read before the ask, with the path that skips it", () => {
    const src = ok.replace('ask company "Company?"', 'say "Hello {company}"\nask company "Company?"');
    expect(only(src, "LF213")).toEqual(["LF213@15:13"]);
    const [d] = detail(src, "LF213");
    expect(d!.message).toBe("`company` may not be held here: `company` is not asked on every path to here");
    expect(notes(d!)).toEqual(["15:13 → `company` is read here without being held"]);
  });

  it("LF213: an optional ask, or one only under consent, does not make a field held", () => {
    expect(only(ok.replace('for quote under contract\nask seats', 'for quote under contract\n  optional\nask seats'), "LF213")).toEqual([
      "LF213@17:23",
      "LF213@20:15",
      "LF213@22:22",
    ]);
    const consent = ok.replace('ask company "Company?" for quote under contract', 'consent news "News?"\nask company "Company?" for news under consent');
    expect(only(consent, "LF213")[0]).toBe("LF213@17:23");
  });

  it("LF213: the retry edge of an ask does not make its field held", () => {
    const src = ok.replace('end give_up "Sorry, {company}"', 'end give_up "Sorry, {seats}"');
    expect(only(src, "LF213")).toEqual(["LF213@21:22"]);
  });

  it("LF213: reports a field read in a condition on a path that skips its ask", () => {
    const src =
      HEADER +
      decls +
      `ask company "Company?" for quote under contract
  when "Acme" -> check
ask seats "Seats?" for quote under contract
check: if seats > 10 -> big
end "Thanks"
end big "A big one!"
`;
    expect(only(src, "LF213")).toEqual(["LF213@18:11"]);
    expect(notes(detail(src, "LF213")[0]!)).toEqual(["16:18 → ask `company`, answered `\"Acme\"`", "18:11 → `seats` is read here without being held"]);
  });

  it("LF213: a field left unanswered by a retry exit is blamed on the retry, not on a missing ask (Art. 5(1)(d))", () => {
    const src = ok.replace('end give_up "Sorry, {company}"', 'end give_up "Sorry, {seats}"');
    const [d] = detail(src, "LF213");
    expect(d!.message).toBe("`seats` may not be held here: `seats` is not answered when its ask gives up through `retry … then ->`");
    expect(d!.hint).toBe("show this text only after `if known(seats) -> …`, or do not read `seats` on the way from the retry exit");
  });

  it("LF213: a field collected only under consent is blamed on withdrawal, and the hint does not ask to remove an `optional` there is none of (Art. 7(3))", () => {
    const consent = ok.replace('ask company "Company?" for quote under contract', 'consent news "News?"\nask company "Company?" for news under consent');
    const [d] = detail(consent, "LF213");
    expect(d!.message).toBe(
      "`company` may not be held here: `company` is collected on the way here only under consent or legitimate interests, which the person may withdraw or object to at any time (Art. 7(3), Art. 21(1))",
    );
    expect(d!.hint).not.toContain("not optional");
    expect(d!.hint).toContain("if known(company)");
  });
});
