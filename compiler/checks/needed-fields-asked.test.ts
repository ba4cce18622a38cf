import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email, phone
  retain 90 days
}
field email: email
field phone: phone
ask email "Email?" for quote under contract
ask phone "Phone?" for quote under contract
end "Thanks"
`;

describe("needed-fields-asked", () => {
  it("passes a purpose whose needs are all asked for it", () => {
    expect(only(ok, "LF305")).toEqual([]);
  });

  it("LF305: warns at the need that no ask collects", () => {
    expect(only(ok.replace('ask phone "Phone?" for quote under contract\n', ""), "LF305")).toEqual(["LF305@5:16"]);
  });

  it("LF305: offers the consent step's `keeps` when the field is asked for another purpose", () => {
    const pool =
      HEADER +
      `purpose application "Assess your application" {
  basis contract
  needs name
  retain 6 months
}
purpose pool "Tell you about other roles" {
  basis consent
  needs name
  retain 1 year or until withdrawn
}
field name: text(100)
ask name "Name?" for application under contract
consent pool "May we keep your name to tell you about other roles?"
end "Thanks"
`;
    const [d] = detail(pool, "LF305");
    expect(d!.hint).toBe(
      'to keep the answer given for another purpose once the person agrees, add `keeps name` under `consent pool "…"` and say so in its request; or ask it: `ask name "…" for pool under consent`; or remove it from the needs',
    );
    expect(only(pool.replace("other roles?\"\n", "other roles?\"\n  keeps name\n"), "LF305")).toEqual([]);
    // Without a consent step, or with the field asked for nothing, the hint is to ask it.
    expect(detail(ok.replace('ask phone "Phone?" for quote under contract\n', ""), "LF305")[0]!.hint).toMatch(/^ask it:/);
  });
});
