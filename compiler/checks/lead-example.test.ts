import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check } from "./test-helpers.ts";

describe("the design's lead-capture example", () => {
  it("checks with no errors and no warnings", () => {
    const text = readFileSync(new URL("../../examples/lead-capture/lead.flow", import.meta.url), "utf8");
    expect(check(text)).toEqual([]);
  });
});
