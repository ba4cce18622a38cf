/**
 * The formatter: one canonical layout, comments kept, idempotent, and the
 * AST unchanged by formatting — on every example, on generated flows and on
 * fuzzed ones.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateFlow } from "../bench/generate-flow.ts";
import { parseFlow } from "../compiler/syntax/parse.ts";
import { sourceFile } from "../compiler/source.ts";
import { mutatedExample } from "../test/fuzz/inputs.ts";
import { generateFlow as sampleFlow } from "../test/support/sample-flow.ts";
import { formatFlow } from "./format.ts";

const root = new URL("../", import.meta.url);
const FLOWS = [
  "examples/lead-capture/lead.flow",
  "examples/company-policy/policy.flow",
  "examples/company-policy/support.flow",
  "examples/company-policy/onboarding.flow",
  "test/golden/clinic-intake.flow",
  "test/golden/reserved-names.flow",
];

/** The AST without places: what formatting must not change. */
function shape(text: string): string {
  const { ast, diagnostics } = parseFlow(sourceFile("t.flow", text));
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return JSON.stringify(ast, (key, value) => (key === "span" || key === "path" ? undefined : value));
}

/** The comments of a text; a line comment's trailing spaces go, as every line's do. */
function commentTexts(text: string): string[] {
  return [...parseFlow(sourceFile("t.flow", text)).comments].map((c) => (c.kind === "line" ? c.text.trimEnd() : c.text)).sort();
}

/** Formatting keeps the AST and the comments, and formatting again changes nothing. */
async function expectSound(text: string): Promise<string> {
  const once = await formatFlow(text);
  expect(shape(once)).toBe(shape(text));
  expect(commentTexts(once)).toEqual(commentTexts(text));
  expect(await formatFlow(once)).toBe(once);
  return once;
}

describe("every flow in the repository is formatted", () => {
  it.each(FLOWS)("%s", async (path) => {
    const text = readFileSync(new URL(path, root), "utf8");
    expect(await formatFlow(text, path)).toBe(text);
  });
});

describe("the canonical layout", () => {
  it("puts each statement on its line, options and outcomes beneath, items in their block", async () => {
    const messy = `flow   F version "1.0.0"  controller "C"
contact "c@example.org"
purpose   p "P" { basis contract needs a,b   retain 30 days }
field a : choice( x "X" , y "Y" )   "label"
field b:text( 100 )
ask a "A?" for p under contract when x -> done optional
consent p "May we?" given -> done refused -> done
if (a == x and not known( b )) or given(p) -> done
done: end "Bye" as finished`;
    expect(await expectSound(messy)).toBe(`flow F version "1.0.0"
controller "C" contact "c@example.org"

purpose p "P" {
  basis contract
  needs a, b
  retain 30 days
}

field a: choice(x "X", y "Y") "label"
field b: text(100)
ask a "A?" for p under contract
  when x -> done
  optional
consent p "May we?"
  given -> done
  refused -> done
if (a == x and not known(b)) or given(p) -> done
done: end "Bye" as finished
`);
  });

  it("gives a consent step's \`keeps\` list a line of its own, whole (Art. 5(1)(b): the held data the step names)", async () => {
    const messy = `flow F version "1.0.0"
controller "C" contact "c@example.org"
purpose p "P" { basis consent needs a, b retain until withdrawn }
field a: yesno
field b: yesno
consent p "May we?" keeps a , b given -> done
done: end "Bye"`;
    expect((await expectSound(messy)).split("\n").slice(-5)).toEqual(['consent p "May we?"', "  keeps a, b", "  given -> done", 'done: end "Bye"', ""]);
  });

  it("keeps comments where they were: above a statement, at the end of a line, inside one", async () => {
    const text = `// The flow.   
flow F version "1.0.0" // its name

/* Who decides. */
controller "C" contact "c@example.org"
purpose p "P" {
  // why we ask
  basis contract /* the contract */
  needs a
  retain 30 days
  // the end of the block
}
field a: yesno
ask a "A?" // the question
  for p under contract
  when yes -> done // the happy path
done: end "Bye"
// the end
`;
    const out = await expectSound(text);
    expect(out).toContain("// The flow.\nflow F");
    expect(out).toContain('flow F version "1.0.0" // its name');
    expect(out).toContain("  // why we ask\n  basis contract /* the contract */\n");
    expect(out).toContain("  // the end of the block\n}");
    expect(out).toContain('ask a "A?" // the question\n  for p under contract\n  when yes -> done // the happy path\n');
    expect(out.endsWith('done: end "Bye"\n// the end\n')).toBe(true);
  });

  it("keeps a comment beside the option or item it was written by, and indents a choice list broken by one", async () => {
    const text = `flow F version "1.0.0"
controller "C" contact "c@example.org"
purpose p "P" { basis contract needs a, /* about b */ b, c retain 30 days }
field a: yesno
field b: yesno
field c: choice(s "Small", // small
m "Medium")
ask a "A?" for p under contract
  // between the head and its option
  -> b
b: ask b "B?" for p under contract /* after the head */
  when yes -> done // the happy path
  when no -> done
ask c "C?" for p under contract
done: end "Bye"
`;
    const out = await expectSound(text);
    expect(out).toContain("  basis contract\n  needs a, /* about b */ b, c\n  retain 30 days\n");
    expect(out).toContain('field c: choice(s "Small", // small\n  m "Medium")\n');
    expect(out).toContain('ask a "A?" for p under contract\n  // between the head and its option\n  -> b\n');
    expect(out).toContain('b: ask b "B?" for p under contract /* after the head */\n  when yes -> done // the happy path\n  when no -> done\n');
  });

  it("keeps two line comments inside a statement on lines of their own, not one inside the other", async () => {
    const text = `flow F version // first
// second
  "1.0.0"
controller "C" contact "c@example.org"
purpose p "P" { basis contract  needs a  retain 30 days }
field a: yesno
ask a "A?" for p under contract
end "Bye"
`;
    const out = await expectSound(text);
    expect(out).toContain("flow F version // first\n  // second\n  \"1.0.0\"\n");
  });

  it("keeps a file's CRLF line endings, so a Windows checkout of a formatted file is formatted", async () => {
    const lf = readFileSync(new URL("examples/lead-capture/lead.flow", root), "utf8");
    const crlf = lf.replace(/\n/g, "\r\n");
    expect(await formatFlow(crlf)).toBe(crlf);
    expect(await formatFlow(crlf.replace("flow LeadCapture", "flow   LeadCapture"))).toBe(crlf);
    expect(await formatFlow(lf)).toBe(lf);
  });

  it("breaks a long list after its commas, where no statement can start", async () => {
    const purposes = Array.from({ length: 6 }, (_, i) => `purpose_number_${i} under contract`).join(", ");
    const out = await expectSound(`ask f "Q?" for ${purposes}\nend "Bye"`);
    expect(out.split("\n")[0]).toMatch(/,$/);
    expect(out.split("\n")[1]).toMatch(/^ {2}purpose_number_/);
  });

  it("refuses a file with a syntax error, saying where it is", async () => {
    await expect(formatFlow('ask company "Which company?"\nsay "next"', "bad.flow")).rejects.toThrow(/LF102[\s\S]*bad\.flow:1:29/);
  });

  it("gives Prettier a syntax error with its place (`loc`), so \`prettier --check\` shows a code frame, not a stack trace", async () => {
    // Prettier's command line prints the stack of any error thrown by a parser unless it carries `loc`.
    type ParseError = SyntaxError & { loc?: unknown; codeFrame?: string };
    const error = (await formatFlow('flow F version "1.0.0"\nask company "Which company?" for\n', "bad.flow").then(
      () => undefined,
      (e: unknown) => e,
    )) as ParseError;
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error.loc).toEqual({ start: { line: 2, column: 33 }, end: { line: 2, column: 33 } });
    expect(error.message).toMatch(/^error\[LF102\]: expected a name, found the end of the file\n  --> bad\.flow:2:33\n/);
    expect(error.codeFrame).toContain("> 2 | ask company");
    expect(error.message.match(/ask company/g)).toHaveLength(1); // one frame, Prettier's
  });
});

describe("formatting keeps the AST and is idempotent", () => {
  it("on generated flows", async () => {
    for (const seed of [1, 2, 3]) await expectSound(generateFlow({ lines: 400, seed }));
    await expectSound(sampleFlow(300));
  });

  it("on fuzzed flows that parse", async () => {
    const parses = (t: string) => parseFlow(sourceFile("t.flow", t)).diagnostics.every((d) => d.severity !== "error");
    await fc.assert(
      fc.asyncProperty(mutatedExample.filter(parses), async (text) => {
        await expectSound(text);
      }),
      { numRuns: 150 },
    );
  });
});

describe("the Prettier plugin", () => {
  it("formats through Prettier's own API, finding the parser by the file's extension", async () => {
    const prettier = await import("prettier");
    const plugin = (await import("./index.ts")).default;
    expect(await prettier.format('say   "hi"\nend "bye"', { filepath: "hello.flow", plugins: [plugin] })).toBe('say "hi"\nend "bye"\n');
  });
});
