import { describe, expect, it } from "vitest";
import { detail, HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email
top: ask email "Email?" for quote under contract
  -> done
end done "Thanks"
`;

describe("no-run-past-end", () => {
  it("passes a flow whose last step is an end (or a goto)", () => {
    expect(only(ok, "LF403")).toEqual([]);
    expect(only(ok.replace('end done "Thanks"', 'done: say "Thanks"\ngoto top'), "LF403")).toEqual([]);
  });

  it("LF403: reports a last step that falls off the end of the file", () => {
    expect(only(ok.replace('end done "Thanks"', 'done: say "Thanks"'), "LF403")).toEqual(["LF403@11:1"]);
    expect(only(ok.replace("  -> done\n", "").replace('end done "Thanks"', 'end done "Thanks"\nif known(email) -> done'), "LF403")).toEqual([]);
  });

  it("LF403 says where the flow runs out, in words", () => {
    const message = (text: string) => detail(text, "LF403").map((d) => d.message);
    expect(message(ok.replace('end done "Thanks"', 'done: say "Thanks"'))).toEqual(["after this step, the flow reaches the end of the file without an `end`"]);
    expect(message(ok.replace('end done "Thanks"', 'done: say "Thanks"\nif known(email) -> top'))).toEqual([
      "when this condition is false, the flow reaches the end of the file without an `end`",
    ]);
    const consent = ok
      .replace("retain 90 days\n}", 'retain 90 days\n}\npurpose news "News" {\n  basis consent\n  needs email\n  retain until withdrawn\n}')
      .replace('top: ask email "Email?" for quote under contract', 'top: ask email "Email?" for quote under contract, news under consent')
      .replace('end done "Thanks"', 'end done "Thanks"\nconsent news "News?"');
    expect(message(consent.replace("  -> done\n", "  -> news\n"))).toEqual([
      "when consent is given or refused here, the flow reaches the end of the file without an `end`",
    ]);
  });
});
