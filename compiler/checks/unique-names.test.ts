import { describe, expect, it } from "vitest";
import { detail, HEADER, notes, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email, plan
  retain 90 days
}
field email: email
field plan: choice(basic "Basic", pro "Pro")
ask email "Email?" for quote under contract
ask plan "Plan?" for quote under contract
end "Thanks"
`;

describe("unique-names", () => {
  it("passes distinct purposes, fields, step ids and choice values", () => {
    expect(only(ok, "LF201")).toEqual([]);
    expect(only(ok, "LF208")).toEqual([]);
  });

  it("LF201: reports a field declared twice, pointing at the first", () => {
    const src = ok.replace("field email: email\n", "field email: email\nfield email: text(10)\n");
    expect(only(src, "LF201")).toEqual(["LF201@9:7"]);
    expect(notes(detail(src, "LF201")[0]!)).toEqual(["8:7 `email` is first declared here"]);
  });

  it("LF201: reports a purpose declared twice", () => {
    const src = ok.replace("field email", 'purpose quote "Again" {\n  basis contract\n  retain 1 days\n}\nfield email');
    expect(only(src, "LF201")).toEqual(["LF201@8:9"]);
  });

  it("LF201: reports a field asked twice without a step id of its own", () => {
    const src = ok.replace("end", 'ask email "Email again?" for quote under contract\nend');
    expect(only(src, "LF201")).toEqual(["LF201@12:5"]);
    expect(detail(src, "LF201")[0]!.hint).toContain("ask email_again: email");
    expect(only(src.replace("ask email \"Email again", "ask again: email \"Email again"), "LF201")).toEqual([]);
  });

  it("LF208: reports a choice value declared twice", () => {
    const src = ok.replace('pro "Pro")', 'pro "Pro", pro "Pro+")');
    expect(only(src, "LF208")).toEqual(["LF208@9:46"]);
  });
});
