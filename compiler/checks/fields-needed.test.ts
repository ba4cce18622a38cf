import { describe, expect, it } from "vitest";
import { HEADER, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email
ask email "Email?" for quote under contract
end "Thanks"
`;

describe("fields-needed", () => {
  it("passes fields that some purpose needs", () => {
    expect(only(ok, "LF304")).toEqual([]);
  });

  it("LF304: reports a field no purpose needs at its name", () => {
    expect(only(ok.replace("field email: email\n", "field email: email\nfield shoe_size: integer(1..60)\n"), "LF304")).toEqual(["LF304@9:7"]);
  });
});
