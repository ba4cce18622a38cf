import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose news "Send news" {
  basis consent
  needs email
  retain until withdrawn
}
field email: email
consent news "May we send news?"
if given(news) -> ask_it
end "Bye"
ask_it: ask email "Email?" for news under consent
end done "Thanks"
`;

describe("known-purposes", () => {
  it("passes purposes that are declared", () => {
    expect(only(ok, "LF203")).toEqual([]);
  });

  it("LF203: reports unknown purposes at an ask, a consent step and given()", () => {
    const src = ok.replace("consent news", "consent nwes").replace("given(news)", "given(newz)").replace("for news", "for newz");
    expect(only(src, "LF203")).toEqual(["LF203@9:9", "LF203@10:10", "LF203@12:32"]);
    expect(detail(src, "LF203")[0]!.hint).toBe("did you mean `news`?");
  });
});
