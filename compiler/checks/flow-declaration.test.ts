import { describe, expect, it } from "vitest";
import { detail, only } from "./test-helpers.ts";

const ok = `flow Lead version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email
ask email "Email?" for quote under contract
end "Thanks"
`;

describe("flow-declaration", () => {
  it("passes one flow declaration with a semantic version", () => {
    expect(only(ok, "LF205")).toEqual([]);
    expect(only(ok, "LF212")).toEqual([]);
    expect(only(ok.replace('"1.0.0"', '"2.1.0-beta.1+build.7"'), "LF212")).toEqual([]);
  });

  it("LF205: reports a file without a flow declaration at its start", () => {
    const src = ok.replace('flow Lead version "1.0.0"\n', "");
    expect(only(src, "LF205")).toEqual(["LF205@1:1"]);
  });

  it("LF205: reports a second flow declaration at its name, pointing at the first", () => {
    const src = ok.replace('"1.0.0"\n', '"1.0.0"\nflow Other version "1.0.0"\n');
    expect(only(src, "LF205")).toEqual(["LF205@2:6"]);
    expect(detail(src, "LF205")[0]!.related.length).toBe(1);
  });

  it("LF212: reports a version that is not MAJOR.MINOR.PATCH", () => {
    const src = ok.replace('"1.0.0"', '"one"');
    expect(only(src, "LF212")).toEqual(["LF212@1:19"]);
    expect(only(ok.replace('"1.0.0"', '"1.0"'), "LF212")).toEqual(["LF212@1:19"]);
    expect(detail(src, "LF212")[0]!.message).toBe("`one` is not a semantic version");
  });
});
