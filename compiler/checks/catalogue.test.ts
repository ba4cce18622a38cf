/**
 * Every code the checks own is pinned by at least one failing fixture that
 * asserts its `line:col` (`"LF302@17:46"`) and one passing neighbour
 * (`only(…, "LF302")).toEqual([])`) in the tests of this folder.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogue, type DiagnosticCode } from "../diagnostics/catalogue.ts";

const dir = new URL("./", import.meta.url);
const sources = readdirSync(dir)
  .filter((f) => f.endsWith(".test.ts") && f !== "catalogue.test.ts")
  .map((f) => readFileSync(new URL(f, dir), "utf8"))
  .join("\n");

const owned = (Object.keys(catalogue) as DiagnosticCode[]).filter((c) => /^LF[234]\d\d$/.test(c));

describe("the catalogue's codes in the checks' tests", () => {
  it.each(owned)("%s has a failing fixture with its position and a passing neighbour", (code) => {
    expect(sources, `no fixture asserts ${code}@line:col`).toMatch(new RegExp(`"${code}@\\d+:\\d+"`));
    expect(sources, `no passing neighbour asserts only(…, "${code}") is []`).toMatch(new RegExp(`only\\([^;]*?"${code}"\\)\\)\\.toEqual\\(\\[\\]\\)`));
  });
});
