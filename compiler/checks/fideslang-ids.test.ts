import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose promo "Send you our offers" {
  basis consent
  category marketing.communications.email
  needs email
  retain until withdrawn
}
field email: email "your email address" category user.contact.email
consent promo "May we email you offers?"
ask email "Your email?" for promo under consent
end "Thanks"
`;

describe("fideslang-ids (Art. 30(1)(b)–(c): the record names categories of Fideslang's taxonomy)", () => {
  it("passes a known data use and data category", () => {
    expect(only(ok, "LF218")).toEqual([]);
  });

  it("LF218: reports an invented data use and a misspelt data category, with the place and a fix", () => {
    const src = ok.replace("marketing.communications.email", "marketing.spam.bogus").replace("user.contact.email", "user.contact.emial");
    expect(only(src, "LF218")).toEqual(["LF218@5:12", "LF218@9:50"]);
    const [use, category] = detail(src, "LF218");
    expect(use!.message).toBe("`marketing.spam.bogus` is not a Fideslang data use");
    expect(use!.hint).toBe("use `marketing` or one of the ids under it in Fideslang's taxonomy");
    expect(category!.message).toBe("`user.contact.emial` is not a Fideslang data category");
    expect(category!.hint).toBe("did you mean `user.contact.email`?");
  });

  it("LF218: an id with no known parent gets an example of a real one", () => {
    const src = ok.replace("marketing.communications.email", "spam");
    expect(detail(src, "LF218")[0]!.hint).toBe("use an id of Fideslang's data use taxonomy, e.g. `essential.service`");
  });
});
