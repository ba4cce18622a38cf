import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { printDoc } from "./doc.ts";
import { valueDoc, type ValuePath } from "./values.ts";

const print = (value: unknown, isRecord?: (path: ValuePath) => boolean) => printDoc(["const x = ", valueDoc(value, { isRecord }), ";"]);
const prettierOf = async (code: string) => (await prettier.format(code, { parser: "typescript" })).trimEnd();

describe("the value printer", () => {
  it("prints scalars, arrays and objects, leaving undefined members out", () => {
    expect(print({ a: "x", b: 1, c: true, d: undefined, e: [], f: {}, g: -0.5 })).toBe(`const x = { a: "x", b: 1, c: true, e: [], f: {}, g: -0.5 };`);
  });

  it("breaks what does not fit, and always breaks the objects named records", async () => {
    const value = { id: "Lead", items: [{ name: "a".repeat(40), kind: "text" }, { name: "b", kind: "email" }], start: 0 };
    const plain = print(value);
    expect(plain).toBe(await prettierOf(plain));
    const records = print(value, (path) => path.length === 0 || (path.length === 2 && typeof path[1] === "number"));
    expect(records).toBe(`const x = {
  id: "Lead",
  items: [
    {
      name: "${"a".repeat(40)}",
      kind: "text",
    },
    {
      name: "b",
      kind: "email",
    },
  ],
  start: 0,
};`);
    // Prettier keeps an object written expanded, so the records are its layout too.
    expect(records).toBe(await prettierOf(records));
  });

  it("lays long keys and values out as Prettier does", async () => {
    for (const width of [10, 40, 60, 70, 75, 80, 120]) {
      const value = { consentValid: { amount: 12, unit: "months" }, sharedWith: ["x".repeat(width)], description: "y".repeat(width), n: -width };
      const out = print(value, (path) => path.length === 0);
      expect(out).toBe(await prettierOf(out));
    }
  });

  it("writes every string through the escaping door", () => {
    expect(print({ text: 'a "b" </script> ${c}\u2028' })).toBe(`const x = { text: 'a "b" \\u003c/script> \\u0024{c}\\u2028' };`);
  });

  it("refuses a key that is not a plain identifier, so no name reaches a prototype", () => {
    expect(() => print(JSON.parse('{"__proto__": {"polluted": true}}'))).toThrow(/internal: the key "__proto__" at .__proto__ is not a plain identifier/);
    expect(() => print({ nodes: [{ "a-b": 1 }] })).toThrow(/the key "a-b" at .nodes\[0\].a-b/);
  });

  it("refuses what is not plain data", () => {
    expect(() => print({ when: new Date(0) })).toThrow(/cannot print an object of class Date at .when/);
    expect(() => print({ f: () => 1 })).toThrow(/a value of type function/);
    expect(() => print([null])).toThrow(/cannot print null at \[0\]/);
  });
});
