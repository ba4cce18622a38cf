import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const shop =
  HEADER +
  `purpose orders "Deliver your order" {
  basis contract
  needs email
  retain 1 years
}
purpose newsletter "Email you offers" {
  basis consent
  needs email
  retain until withdrawn
}
field email: email
ask email "Where should we send the order confirmation?" for orders under contract
consent newsletter "Newsletter?"
  refused -> bye
ask news_email: email "Which address for the newsletter?" for newsletter under consent
end bye "Thanks"
`;

describe("one-value-per-purpose", () => {
  it("LF330 (Art. 5(1)(b), EDPB 05/2020 §121–123): warns where a field is asked again, on one path, for other purposes", () => {
    expect(only(shop, "LF330")).toEqual(["LF330@17:17"]);
  });

  it("passes one ask for both purposes, and asks of one field on paths that exclude each other", () => {
    const once = shop
      .replace('ask news_email: email "Which address for the newsletter?" for newsletter under consent\n', "")
      .replace(
        'ask email "Where should we send the order confirmation?" for orders under contract\nconsent newsletter "Newsletter?"\n  refused -> bye\n',
        'consent newsletter "Newsletter?"\nask email "Your email?" for orders under contract, newsletter under consent\n',
      );
    expect(only(once, "LF330")).toEqual([]);
    const apart = shop
      .replace('ask email "Where should we send the order confirmation?" for orders under contract\n', "")
      .replace("  refused -> bye\n", "  refused -> plain\n")
      .replace('end bye "Thanks"', 'end bye "Thanks"\nplain: ask email "Your email?" for orders under contract\nend "Bye"');
    expect(only(apart, "LF330")).toEqual([]);
  });
});
