import { describe, expect, it } from "vitest";
import { lex } from "./lexer.ts";
import { sourceFile, positionAt } from "../source.ts";

function kinds(text: string): string[] {
  return lex(sourceFile("t.flow", text)).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}
function codes(text: string): string[] {
  const file = sourceFile("t.flow", text);
  return lex(file).diagnostics.map((d) => {
    const p = positionAt(file, d.span!.start);
    return `${d.code} ${p.line}:${p.column}`;
  });
}

describe("lexer", () => {
  it("retypes keywords and leaves other words as identifiers", () => {
    expect(kinds("say hello ask")).toEqual(["Kw_say:say", "Identifier:hello", "Kw_ask:ask"]);
    expect(kinds("Say sayings _x9")).toEqual(["Identifier:Say", "Identifier:sayings", "Identifier:_x9"]);
  });

  it("does not let numbers swallow a range", () => {
    expect(kinds("integer(1900..2026)")).toEqual(["Kw_integer:integer", "LParen:(", "NumberLit:1900", "DotDot:..", "NumberLit:2026", "RParen:)"]);
    expect(kinds("-1.5..2")).toEqual(["NumberLit:-1.5", "DotDot:..", "NumberLit:2"]);
  });

  it("lexes every operator", () => {
    expect(kinds("== != <= >= < > -> .. . : , ( ) { }").map((k) => k.split(":")[0])).toEqual([
      "EqEq", "NotEq", "LtEq", "GtEq", "Lt", "Gt", "Arrow", "DotDot", "Dot", "Colon", "Comma", "LParen", "RParen", "LBrace", "RBrace",
    ]);
  });

  it("skips comments and whitespace", () => {
    expect(kinds('say /* a\n comment */ "hi" // to the end\n\tend')).toEqual(["Kw_say:say", 'StringLit:"hi"', "Kw_end:end"]);
    expect(codes('say "hi" // @ not an error')).toEqual([]);
  });

  it("keeps a string with an escaped quote in one token", () => {
    expect(kinds('say "a \\"b\\" c" end')).toEqual(["Kw_say:say", 'StringLit:"a \\"b\\" c"', "Kw_end:end"]);
  });

  it("ends an unterminated string at the end of its line", () => {
    expect(kinds('say "open\nsay "next"')).toEqual(["Kw_say:say", 'StringLit:"open', "Kw_say:say", 'StringLit:"next"']);
  });

  it("reports one LF101 per run of unexpected characters", () => {
    expect(codes('say "hi" @#$ end\n  ~')).toEqual(["LF101 1:10", "LF101 2:3"]);
    expect(codes('say "hi"')).toEqual([]);
  });

  it("reports a misquoted string once and hands on a string", () => {
    const file = sourceFile("t.flow", "say 'hello'");
    const { tokens, diagnostics } = lex(file);
    expect(tokens.map((t) => t.tokenType.name)).toEqual(["Kw_say", "StringLit"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["LF101"]);
    expect(diagnostics[0]!.hint).toBe('write "hello"');
    expect(codes("say \u201chello\u201d")).toEqual(["LF101 1:5"]);
  });

  it("says a name is written in ASCII when it holds another letter, with an ASCII spelling when there is one", () => {
    const one = (text: string) => {
      const { diagnostics } = lex(sourceFile("t.flow", text));
      expect(diagnostics, text).toHaveLength(1);
      return [diagnostics[0]!.message, diagnostics[0]!.hint];
    };
    expect(one('field naïve: text(80) "your name"')).toEqual([
      "`ï` cannot be part of the name `naïve`",
      "names are written in ASCII letters, digits and `_`, e.g. `naive`; labels and questions are strings and may use any letters",
    ]);
    expect(one("field größe: integer(100..250)")[1]).toContain("e.g. `grosse`");
    expect(one("field 名前: text(80)")).toEqual([
      "`名前` cannot be part of the name `名前`",
      "names are written in ASCII letters, digits and `_`; labels and questions are strings and may use any letters",
    ]);
    expect(codes("field naïve: text(80)")).toEqual(["LF101 1:9"]);
  });

  it("says how a condition writes the operators of other languages", () => {
    const one = (text: string) => {
      const file = sourceFile("t.flow", text);
      const { diagnostics } = lex(file);
      expect(diagnostics, text).toHaveLength(1);
      const p = positionAt(file, diagnostics[0]!.span!.start);
      return `${p.column} ${diagnostics[0]!.message} / ${diagnostics[0]!.hint}`;
    };
    expect(one('if name = "x" -> done')).toBe("9 `=` is not an operator of Lawflow / compare with `==` (`plan == pro`)");
    expect(one("if known(a) && known(b) -> done")).toBe("13 `&&` is not an operator of Lawflow / write `and`");
    expect(one("if known(a) || known(b) -> done")).toBe("13 `||` is not an operator of Lawflow / write `or`");
    expect(one("if known(a) => done")).toBe("13 `=>` is not an operator of Lawflow / a jump is written `->`");
    expect(one("if !known(a) -> done")).toBe("4 `!` is not an operator of Lawflow / write `not` (`not known(email)`), or `!=` to compare");
  });

  it("reports an unterminated block comment (LF105) at its opening", () => {
    expect(codes('say "hi"\n  /* never closed\nsay "more"')).toEqual(["LF105 2:3"]);
    expect(codes('say "hi"\n  /* closed */\nsay "more"')).toEqual([]);
  });

  it("gives every token an end offset", () => {
    for (const t of lex(sourceFile("t.flow", 'flow A version "1"')).tokens) expect(t.endOffset).toBe(t.startOffset + t.image.length - 1);
  });
});

describe("comments are trivia", () => {
  it("keeps every comment with its place, apart from the tokens", () => {
    const file = sourceFile("t.flow", 'say "hi" // greet\n/* a\nblock */ end "bye"');
    const { tokens, comments } = lex(file);
    expect(tokens.map((t) => t.image)).toEqual(["say", '"hi"', "end", '"bye"']);
    expect(comments.map((c) => [c.kind, c.text, `${positionAt(file, c.span.start).line}:${positionAt(file, c.span.start).column}`])).toEqual([
      ["line", "// greet", "1:10"],
      ["block", "/* a\nblock */", "2:1"],
    ]);
  });
});
