import { describe, expect, it } from "vitest";
import { detail, HEADER, notes, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
purpose news "Send news" {
  basis consent
  needs email
  retain until withdrawn
}
field email: email
consent news "News?"
ask email "Email?" for quote under contract, news under consent
end "Thanks"
`;

describe("consent-steps", () => {
  it("passes a consent purpose with its consent step", () => {
    expect(only(ok, "LF310")).toEqual([]);
    expect(only(ok, "LF311")).toEqual([]);
  });

  it("LF310: reports a consent purpose that no step asks for", () => {
    expect(only(ok.replace('consent news "News?"\n', ""), "LF310")).toEqual(["LF310@8:9"]);
  });

  it("LF311: reports a consent step for a purpose on another basis", () => {
    const src = ok.replace('consent news "News?"', 'consent quote "May we?"\nconsent news "News?"');
    expect(only(src, "LF311")).toEqual(["LF311@14:9"]);
    expect(notes(detail(src, "LF311")[0]!)).toEqual(["4:3 `quote` declares its basis here"]);
  });
});
