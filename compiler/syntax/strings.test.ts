import { describe, expect, it } from "vitest";
import { decodeString } from "./strings.ts";
import { positionAt, sourceFile } from "../source.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";

/** Decodes the string literal that starts at the first `"` of `line`. */
function decode(line: string) {
  const file = sourceFile("t.flow", line);
  const start = line.search(/["'\u201c]/);
  const image = line.slice(start);
  const diagnostics: Diagnostic[] = [];
  const text = decodeString(file, image, start, diagnostics);
  return { text, codes: diagnostics.map((d) => `${d.code} ${positionAt(file, d.span!.start).column}`), file };
}

describe("decodeString", () => {
  it("decodes every escape", () => {
    const { text, codes } = decode(String.raw`say "q\" b\\ n\n t\t r\r \{x\} \u{1F600} \u00e9"`);
    expect(codes).toEqual([]);
    expect(text.value).toBe('q" b\\ n\n t\t r\r {x} \u{1F600} \u00e9');
    expect(text.parts).toEqual([{ kind: "literal", value: text.value }]);
  });

  it("splits at interpolations, with the name's own span", () => {
    const { text, codes, file } = decode('say "Hi {first_name}, {x}!"');
    expect(codes).toEqual([]);
    expect(text.value).toBe("Hi {first_name}, {x}!");
    expect(text.parts.map((p) => (p.kind === "field" ? `{${p.name.text}}` : p.value))).toEqual(["Hi ", "{first_name}", ", ", "{x}", "!"]);
    const name = text.parts[1]!;
    expect(name.kind === "field" && file.text.slice(name.name.span.start, name.name.span.end)).toBe("first_name");
    expect(text.span.start).toBe(4);
    expect(text.span.end).toBe(file.text.length);
  });

  it("gives an empty string one empty literal part", () => {
    expect(decode('say ""').text.parts).toEqual([{ kind: "literal", value: "" }]);
  });

  it("reports an unterminated string (LF103)", () => {
    expect(decode('say "open').codes).toEqual(["LF103 5"]);
    expect(decode('say "ends with escaped quote\\"').codes).toEqual(["LF103 5"]);
    expect(decode('say "closed"').codes).toEqual([]);
  });

  it("reports invalid escapes (LF104) at the backslash", () => {
    expect(decode(String.raw`say "a\qb"`).codes).toEqual(["LF104 7"]);
    expect(decode(String.raw`say "\u{110000}"`).codes).toEqual(["LF104 6"]);
    expect(decode(String.raw`say "\u{}"`).codes).toEqual(["LF104 6"]);
    expect(decode(String.raw`say "\u12"`).codes).toEqual(["LF104 6"]);
    expect(decode(String.raw`say "\u{1234567}"`).codes).toEqual(["LF104 6"]);
    expect(decode(String.raw`say "\x41"`).codes).toEqual(["LF104 6"]);
    expect(decode(String.raw`say "\u{10FFFF}\u0041"`).codes).toEqual([]);
  });

  it("LF106 at `{ name }` says to write `{name}`, and keeps the plain hint for other mistakes", () => {
    const hints = (line: string) => {
      const file = sourceFile("t.flow", line);
      const diagnostics: Diagnostic[] = [];
      decodeString(file, line.slice(line.indexOf('"')), line.indexOf('"'), diagnostics);
      return diagnostics.map((d) => d.hint);
    };
    expect(hints('say "Hi { company }"')).toEqual(["write `{company}`, without spaces inside the braces, or `\\{` for a literal brace"]);
    expect(hints('say "Hi {company"')).toEqual(["write `{field_name}` to insert a value, or `\\{` for a literal brace"]);
    expect(hints('say "Hi {a-b}"')).toEqual(["write `{field_name}` to insert a value, or `\\{` for a literal brace"]);
  });

  it("reports malformed interpolations (LF106)", () => {
    expect(decode('say "Hi {company"').codes).toEqual(["LF106 9"]);
    expect(decode('say "Hi { company }"').codes).toEqual(["LF106 9"]);
    expect(decode('say "Hi {}"').codes).toEqual(["LF106 9"]);
    expect(decode('say "{a-b} and {ok}"').codes).toEqual(["LF106 6"]);
    expect(decode('say "a } b"').codes).toEqual(["LF106 8"]);
    expect(decode('say "{9lives}"').codes).toEqual(["LF106 6"]);
    expect(decode('say "{a {b}"').codes).toEqual(["LF106 6"]);
    expect(decode(String.raw`say "a \{ literal \} brace"`).codes).toEqual([]);
  });
});

describe("text that UTF-8 can hold", () => {
  it("refuses half of a surrogate pair, escaped or written", () => {
    expect(decode(String.raw`say "a \uD83D b"`).codes).toEqual(["LF104 8"]);
    expect(decode('say "a \udc00 b"').codes).toEqual(["LF104 8"]);
  });

  it("accepts a pair, written as one character or as two escapes", () => {
    const escaped = decode(String.raw`say "smile \uD83D\uDE00"`);
    expect(escaped.codes).toEqual([]);
    expect(escaped.text.value).toBe("smile \u{1F600}");
    expect(decode('say "smile \u{1F600}"').codes).toEqual([]);
  });

  it("reports a string full of stray braces once", () => {
    expect(decode(`say "${"{".repeat(1000)}"`).codes).toEqual(["LF106 6"]);
    expect(decode(`say "${"}".repeat(1000)}"`).codes).toEqual(["LF106 6"]);
  });
});
