import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check, only } from "./test-helpers.ts";

const text = readFileSync(new URL("../../examples/lead-capture/lead.flow", import.meta.url), "utf8");

describe("the design's lead-capture example", () => {
  it("checks with no errors and no warnings", () => {
    expect(check(text)).toEqual([]);
  });

  // Each of the example's `when`s names its own value.
  it("has no repeated branch value", () => {
    expect(only(text, "LF217")).toEqual([]);
  });

  it("reports a second `when enterprise`", () => {
    const changed = text.replace("  when enterprise -> sales_call\n", "  when enterprise -> sales_call\n  when enterprise -> thanks\n");
    expect(check(changed)).toEqual(["LF217@36:8"]);
  });
});
