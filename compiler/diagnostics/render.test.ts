import { describe, expect, it } from "vitest";
import { diagnostic } from "./diagnostic.ts";
import { diagnosticToJson, renderDiagnostic, renderDiagnostics } from "./render.ts";
import { sourceFile, span } from "../source.ts";

const file = sourceFile("lead.flow", 'flow Lead version "1.0.0"\nask emial "Email?" for quote under contract\n');

describe("rendering diagnostics", () => {
  it("shows code, place, frame, related places and hint", () => {
    const d = diagnostic("LF202", "unknown field `emial` at this ask", {
      span: span(file, 30, 35),
      related: [{ span: span(file, 0, 4), message: "the flow starts here" }],
      hint: "did you mean `email`?",
    });
    expect(renderDiagnostic(d)).toBe(
      [
        "error[LF202]: unknown field `emial` at this ask",
        "  --> lead.flow:2:5",
        "   |",
        ' 2 | ask emial "Email?" for quote under contract',
        "   |     ^^^^^",
        "   = note: the flow starts here",
        "  --> lead.flow:1:1",
        "   = hint: did you mean `email`?",
      ].join("\n"),
    );
    expect(renderDiagnostics([d])).toMatch(/\n\n1 error, 0 warnings$/);
  });

  it("cuts long lines to a window around the span, with the carets under it", () => {
    const long = sourceFile("long.flow", `say "${"a".repeat(5000)}" @ "${"b".repeat(5000)}"`);
    const at = long.text.indexOf("@");
    const lines = renderDiagnostic(diagnostic("LF101", "unexpected character `@`", { span: span(long, at, at + 1) })).split("\n");
    const code = lines[3]!;
    const carets = lines[4]!;
    expect(code.length).toBeLessThan(140);
    expect(code.startsWith(" 1 | …")).toBe(true);
    expect(code.endsWith("…")).toBe(true);
    expect(code[carets.indexOf("^")]).toBe("@");
  });

  it("shows control characters as replacement characters so the frame stays on one line", () => {
    const f = sourceFile("c.flow", 'say "a\u2028b" @');
    const out = renderDiagnostic(diagnostic("LF101", "x", { span: span(f, 11, 12) }));
    expect(out.split("\n")[3]).toBe(' 1 | say "a\ufffdb" @');
  });

  it("puts the carets under the span after wide, combining and astral characters, and gives the column in UTF-16 units", () => {
    for (const [text, cells] of [
      ["メールアドレス", 14], // CJK: two columns each
      ["Mu\u0308ller, e\u0301", 9], // decomposed accents: the mark takes none
      ["Café 😀", 7], // an emoji takes two
      ["\u{1D49C}x", 2], // an astral letter takes one, though two UTF-16 units
      ["\tx", 5], // a tab is shown as four spaces
    ] as const) {
      const f = sourceFile("u.flow", `ask email "${text} {nme}?" for quote under contract`);
      const at = f.text.indexOf("nme");
      const lines = renderDiagnostic(diagnostic("LF202", "unknown field `nme` in this text", { span: span(f, at, at + 3) })).split("\n");
      expect(lines[1], text).toBe(`  --> u.flow:1:${at + 1}`);
      expect(lines[4]!.indexOf("^") - " 1 | ".length, text).toBe('ask email "'.length + cells + " {".length);
      expect(lines[4]!.trimEnd().endsWith(" ^^^")).toBe(true);
    }
  });

  it("gives JSON with 1-based places", () => {
    const d = diagnostic("LF202", "unknown field", { span: span(file, 30, 35), hint: "h" });
    expect(diagnosticToJson(d)).toEqual({
      code: "LF202",
      severity: "error",
      message: "unknown field",
      file: "lead.flow",
      place: { file: "lead.flow", line: 2, column: 5, endLine: 2, endColumn: 10, offset: 30, length: 5 },
      related: [],
      hint: "h",
    });
  });
});
