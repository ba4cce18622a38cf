import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FieldType } from "./machine.ts";
import { check } from "./validate.ts";
import { checkText } from "../test/runtime/test-kit.ts";

const text: FieldType = { kind: "text", max: 5 };
const int: FieldType = { kind: "integer", min: 1900, max: 2026 };
const num: FieldType = { kind: "number", min: -1, max: 10.5 };
const choice: FieldType = { kind: "choice", options: [{ value: "basic", label: "Basic" }, { value: "pro", label: "Pro plan" }] };
const code = (r: unknown) => (typeof r === "object" ? (r as { code: string }).code : r);

describe("check, and raw chat input read first", () => {
  it("trims text and bounds it in characters, not code units", () => {
    expect(check(text, "  Acme ")) .toBe("Acme");
    expect(code(check(text, "   ")) ).toBe("empty");
    expect(check(text, "😀😀😀😀😀")) .toBe("😀😀😀😀😀");
    expect(code(check(text, "abcdef")) ).toBe("too_long");
    expect(code(check(text, 5)) ).toBe("wrong_type");
  });

  it("accepts sane email addresses and lower-cases the domain only", () => {
    const e: FieldType = { kind: "email" };
    expect(check(e, " Ann.Lee+x@Example.CO.uk ")) .toBe("Ann.Lee+x@example.co.uk");
    for (const bad of ["ann", "@x.de", "a@b", "a@@b.de", "a@b@c.de", "a b@c.de", "a..b@c.de", ".a@c.de", "a.@c.de", "a@-c.de", "a@c-.de", "a@c.1", "a@c..de", "<a>@c.de"])
      expect(code(check(e, bad)) , bad).toBe("not_email");
  });

  it("normalises phone numbers to digits with an optional +", () => {
    const p: FieldType = { kind: "phone" };
    expect(check(p, "+44 (20) 7946-0018")) .toBe("+442079460018");
    expect(check(p, "030.555.0199")) .toBe("0305550199");
    for (const bad of ["12345", "1234567890123456", "call 555 0199", "++4412345678", "44+12345678"]) expect(code(check(p, bad)) , bad).toBe("not_phone");
  });

  it("parses integers and numbers from text only, in range", () => {
    expect(checkText(int, " 1990 ")).toBe(1990);
    expect(check(int, 1990)) .toBe(1990);
    expect(code(check(int, "1990")) ).toBe("wrong_type");
    expect(code(checkText(int, "19.5"))).toBe("not_integer");
    expect(code(check(int, 1899)) ).toBe("out_of_range");
    expect(code(checkText(int, "1e3"))).toBe("not_integer");
    expect(checkText(num, "-0")).toBe(0);
    expect(Object.is(check(num, -0 ), 0)).toBe(true);
    expect(checkText(num, ".5")).toBe(0.5);
    expect(code(check(num, NaN)) ).toBe("not_number");
    expect(code(check(num, Infinity)) ).toBe("not_number");
    expect(code(checkText(num, "10.6"))).toBe("out_of_range");
  });

  it("reads yes/no phrasings from text and booleans from answers", () => {
    const yn: FieldType = { kind: "yesno" };
    expect(check(yn, true)) .toBe(true);
    expect(checkText(yn, "Yes!")).toBe(true);
    expect(checkText(yn, " n ")).toBe(false);
    expect(code(checkText(yn, "maybe"))).toBe("not_yesno");
    expect(code(check(yn, "yes")) ).toBe("wrong_type");
  });

  it("accepts only real calendar dates", () => {
    const d: FieldType = { kind: "date" };
    expect(check(d, "2024-02-29")) .toBe("2024-02-29");
    expect(check(d, "2000-02-29")) .toBe("2000-02-29");
    expect(check(d, "0044-02-29")) .toBe("0044-02-29");
    for (const bad of ["2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-01", "2023-01-00", "2023-1-01", "20230101"]) expect(code(check(d, bad)) , bad).toBe("not_date");
  });

  it("takes a choice by value, or in chat by label or 1-based number", () => {
    expect(check(choice, "pro")) .toBe("pro");
    expect(code(check(choice, "Pro plan")) ).toBe("unknown_choice");
    expect(checkText(choice, "pro PLAN!")).toBe("pro");
    expect(checkText(choice, "BASIC")).toBe("basic");
    expect(checkText(choice, "2")).toBe("pro");
    expect(code(checkText(choice, "3"))).toBe("unknown_choice");
    expect(code(check(choice, "gold")) ).toBe("unknown_choice");
  });

  it("refuses a megabyte of input of every kind quickly", () => {
    const mb = "1".repeat(1 << 20);
    const types: FieldType[] = [text, int, num, choice, { kind: "email" }, { kind: "phone" }, { kind: "date" }, { kind: "yesno" }];
    const start = performance.now();
    for (const t of types) for (const s of [mb, "a".repeat(1 << 20) + "@x.de", " ".repeat(1 << 20) + "xxxxxxx", "a@" + "b.".repeat(1 << 19) + "de"]) expect(typeof checkText(t, s)).toBe("object");
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("grows linearly on adversarial email and number shapes (no backtracking)", () => {
    const time = (s: string) => {
      const t = performance.now();
      for (let i = 0; i < 200; i++) checkText({ kind: "email" }, s), checkText(num, s);
      return performance.now() - t;
    };
    // Inputs at the length limits, shaped to trip nested quantifiers.
    expect(time("a".repeat(64) + "@" + "a-".repeat(94) + "!")).toBeLessThan(500);
    expect(time("1".repeat(39) + "x")).toBeLessThan(500);
  });

  it("returns a value that checks to itself (normalisation is idempotent)", () => {
    const types: FieldType[] = [text, int, num, choice, { kind: "email" }, { kind: "phone" }, { kind: "date" }, { kind: "yesno" }];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean()), fc.boolean(), (t, x, raw) => {
        const v = (raw ? checkText(t, x) : check(t, x));
        if (typeof v !== "object") expect(check(t, v)) .toBe(v);
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});
