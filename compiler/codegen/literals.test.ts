import * as prettier from "prettier";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { weirdStrings } from "../../test/golden/stress.ts";
import { numberLiteral, stringLiteral } from "./literals.ts";

/** The value of a string literal as TypeScript's scanner reads it (no eval). */
function valueOf(literal: string): string {
  const file = ts.createSourceFile("x.ts", `x(${literal});`, ts.ScriptTarget.ES2022, true);
  const statement = file.statements[0] as ts.ExpressionStatement;
  const arg = (statement.expression as ts.CallExpression).arguments[0]!;
  expect(ts.isStringLiteral(arg), literal).toBe(true);
  expect((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
  return (arg as ts.StringLiteral).text;
}

const everyCodeUnit = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));

describe("stringLiteral, the escaping door", () => {
  it.each(weirdStrings.map((s) => [JSON.stringify(s), s]))("round-trips %s exactly", (_, s) => {
    expect(valueOf(stringLiteral(s))).toBe(s);
    expect(valueOf(stringLiteral(s, { ascii: true }))).toBe(s);
  });

  it("round-trips every UTF-16 code unit, alone and before a digit", () => {
    const all = everyCodeUnit.map((c) => c + "1").join("");
    expect(valueOf(stringLiteral(all))).toBe(all);
  });

  it("never writes a raw line terminator, control character, surrogate, `<` or `${`", () => {
    for (const c of everyCodeUnit) {
      const lit = stringLiteral(`${c}{`);
      expect(lit).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff<]|\$\{/);
    }
    expect(stringLiteral("</script>")).toBe('"\\u003c/script>"');
    expect(stringLiteral("${a}")).toBe('"\\u0024{a}"');
    expect(stringLiteral("a\u2028b")).toBe('"a\\u2028b"');
    expect(stringLiteral("\u0000" + "1")).toBe('"\\u00001"');
    expect(stringLiteral("\ud800")).toBe('"\\ud800"');
  });

  it("chooses the quote Prettier would and escapes only that one", () => {
    expect(stringLiteral(`it's`)).toBe(`"it's"`);
    expect(stringLiteral(`say "hi"`)).toBe(`'say "hi"'`);
    expect(stringLiteral(`"a" 'b'`)).toBe(`"\\"a\\" 'b'"`);
    expect(stringLiteral(`"a" "b" 'c'`)).toBe(`'"a" "b" \\'c\\''`);
  });

  it("keeps European letters readable and escapes what is wide or invisible", () => {
    expect(stringLiteral("Grüße, señor — “Ελλάδα”, Москва, €")).toBe('"Grüße, señor — “Ελλάδα”, Москва, €"');
    expect(stringLiteral("😀漢\u00ad\u00a0")).toBe('"\\ud83d\\ude00\\u6f22\\u00ad\\u00a0"');
    expect(stringLiteral("é", { ascii: true })).toBe('"\\u00e9"');
  });

  it("keeps as written only characters Prettier measures as one column", () => {
    const kept = everyCodeUnit.filter((c) => c.charCodeAt(0) > 0x7f && stringLiteral(c).length === 3);
    expect(kept.length).toBeGreaterThan(500);
    for (const c of kept) expect(prettier.util.getStringWidth(c), `U+${c.charCodeAt(0).toString(16)}`).toBe(1);
  });

  it("is what Prettier keeps, for every code unit", async () => {
    const lines = [];
    for (let start = 0; start < 0x10000; start += 8) lines.push(`x(${stringLiteral(everyCodeUnit.slice(start, start + 8).join(""))});`);
    const code = lines.join("\n") + "\n";
    expect(await prettier.format(code, { parser: "typescript" })).toBe(code);
  });
});

describe("numberLiteral", () => {
  it.each([
    [0, "0"],
    [42, "42"],
    [-3, "-3"],
    [2.5, "2.5"],
    [1e21, "1e21"],
    [1e-7, "1e-7"],
    [0.000001, "0.000001"],
    [123456789012, "123456789012"],
  ])("%s → %s, as Prettier prints it", async (n, text) => {
    expect(numberLiteral(n)).toBe(text);
    expect(await prettier.format(`x(${text});`, { parser: "typescript" })).toBe(`x(${text});\n`);
  });
});
