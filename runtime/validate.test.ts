import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FieldType } from "./machine.ts";
import { check } from "./validate.ts";
import { PHRASES } from "./commands.ts";

const text: FieldType = { kind: "text", max: 5 };
const int: FieldType = { kind: "integer", min: 1900, max: 2026 };
const num: FieldType = { kind: "number", min: -1, max: 10.5 };
const choice: FieldType = { kind: "choice", options: [{ value: "basic", label: "Basic" }, { value: "pro", label: "Pro plan" }] };
const code = (r: unknown) => (typeof r === "object" ? (r as { code: string }).code : r);

describe("check", () => {
  it("trims text and bounds it in characters, not code units", () => {
    expect(check(text, "  Acme ", false)).toBe("Acme");
    expect(code(check(text, "   ", false))).toBe("empty");
    expect(check(text, "😀😀😀😀😀", false)).toBe("😀😀😀😀😀");
    expect(code(check(text, "abcdef", false))).toBe("too_long");
    expect(code(check(text, 5, false))).toBe("wrong_type");
  });

  it("accepts sane email addresses and lower-cases the domain only", () => {
    const e: FieldType = { kind: "email" };
    expect(check(e, " Ann.Lee+x@Example.CO.uk ", false)).toBe("Ann.Lee+x@example.co.uk");
    for (const bad of ["ann", "@x.de", "a@b", "a@@b.de", "a@b@c.de", "a b@c.de", "a..b@c.de", ".a@c.de", "a.@c.de", "a@-c.de", "a@c-.de", "a@c.1", "a@c..de", "<a>@c.de"])
      expect(code(check(e, bad, false)), bad).toBe("not_email");
  });

  it("normalises phone numbers to digits with an optional +", () => {
    const p: FieldType = { kind: "phone" };
    expect(check(p, "+44 (20) 7946-0018", false)).toBe("+442079460018");
    expect(check(p, "030.555.0199", false)).toBe("0305550199");
    for (const bad of ["12345", "1234567890123456", "call 555 0199", "++4412345678", "44+12345678"]) expect(code(check(p, bad, false)), bad).toBe("not_phone");
  });

  it("parses integers and numbers from text only, in range", () => {
    expect(check(int, " 1990 ", PHRASES)).toBe(1990);
    expect(check(int, 1990, false)).toBe(1990);
    expect(code(check(int, "1990", false))).toBe("wrong_type");
    expect(code(check(int, "19.5", PHRASES))).toBe("not_integer");
    expect(code(check(int, 1899, false))).toBe("out_of_range");
    expect(code(check(int, "1e3", PHRASES))).toBe("not_integer");
    expect(check(num, "-0", PHRASES)).toBe(0);
    expect(Object.is(check(num, -0, false), 0)).toBe(true);
    expect(check(num, ".5", PHRASES)).toBe(0.5);
    expect(code(check(num, NaN, false))).toBe("not_number");
    expect(code(check(num, Infinity, false))).toBe("not_number");
    expect(code(check(num, "10.6", PHRASES))).toBe("out_of_range");
  });

  it("reads yes/no phrasings from text and booleans from answers", () => {
    const yn: FieldType = { kind: "yesno" };
    expect(check(yn, true, false)).toBe(true);
    expect(check(yn, "Yes!", PHRASES)).toBe(true);
    expect(check(yn, " n ", PHRASES)).toBe(false);
    expect(code(check(yn, "maybe", PHRASES))).toBe("not_yesno");
    expect(code(check(yn, "yes", false))).toBe("wrong_type");
  });

  it("accepts only real calendar dates", () => {
    const d: FieldType = { kind: "date" };
    expect(check(d, "2024-02-29", false)).toBe("2024-02-29");
    expect(check(d, "2000-02-29", false)).toBe("2000-02-29");
    expect(check(d, "0044-02-29", false)).toBe("0044-02-29");
    for (const bad of ["2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-01", "2023-01-00", "2023-1-01", "20230101"]) expect(code(check(d, bad, false)), bad).toBe("not_date");
  });

  it("takes a choice by value, or in chat by label or 1-based number", () => {
    expect(check(choice, "pro", false)).toBe("pro");
    expect(code(check(choice, "Pro plan", false))).toBe("unknown_choice");
    expect(check(choice, "pro PLAN!", PHRASES)).toBe("pro");
    expect(check(choice, "BASIC", PHRASES)).toBe("basic");
    expect(check(choice, "2", PHRASES)).toBe("pro");
    expect(code(check(choice, "3", PHRASES))).toBe("unknown_choice");
    expect(code(check(choice, "gold", false))).toBe("unknown_choice");
  });

  it("refuses a megabyte of input of every kind quickly", () => {
    const mb = "1".repeat(1 << 20);
    const types: FieldType[] = [text, int, num, choice, { kind: "email" }, { kind: "phone" }, { kind: "date" }, { kind: "yesno" }];
    const start = performance.now();
    for (const t of types) for (const s of [mb, "a".repeat(1 << 20) + "@x.de", " ".repeat(1 << 20) + "xxxxxxx", "a@" + "b.".repeat(1 << 19) + "de"]) expect(typeof check(t, s, PHRASES)).toBe("object");
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("grows linearly on adversarial email and number shapes (no backtracking)", () => {
    const time = (s: string) => {
      const t = performance.now();
      for (let i = 0; i < 200; i++) check({ kind: "email" }, s, PHRASES), check(num, s, PHRASES);
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
        const v = check(t, x, raw && PHRASES);
        if (typeof v !== "object") expect(check(t, v, false)).toBe(v);
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});
