import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check, only } from "./test-helpers.ts";

const text = readFileSync(new URL("../../examples/lead-capture/lead.flow", import.meta.url), "utf8");

describe("the design's lead-capture example", () => {
  it("checks with no errors and no warnings", () => {
    expect(check(text)).toEqual([]);
  });

  // The example's texts outside steps carry no `{…}`, and each of its `when`s names its own value.
  it("has no interpolation outside steps and no repeated branch value", () => {
    expect(only(text, "LF216")).toEqual([]);
    expect(only(text, "LF217")).toEqual([]);
  });

  it("reports `{company}` in its quote purpose's description, and a second `when enterprise`", () => {
    const changed = text
      .replace('"Prepare the price quote you asked for"', '"Prepare the price quote for {company}"')
      .replace("  when enterprise -> sales_call\n", "  when enterprise -> sales_call\n  when enterprise -> thanks\n");
    expect(check(changed)).toEqual(["LF216@6:44", "LF217@40:8"]);
  });
});
