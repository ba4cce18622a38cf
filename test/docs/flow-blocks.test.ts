/**
 * Every ```flow block of docs/language.md and the README is Lawflow an
 * author may copy: a whole flow compiles as written, without a diagnostic;
 * a fragment (a purpose, purpose items, steps) compiles without one in the
 * smallest flow around it, given here. A new ```flow block fails this test
 * until it is given its context.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.ts";
import { memoryReader } from "../../compiler/load.ts";
import { positionAt } from "../../compiler/source.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { ROOT } from "../cli/helpers.ts";

const HEADER = `flow Docs version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
`;

/** The flow around a fragment, by the fragment's first line, and the codes it should give. */
const CONTEXTS: { readonly starts: string; readonly wrap: (block: string) => string; readonly codes?: readonly string[] }[] = [
  {
    starts: "purpose adjustments ",
    wrap: (b) => `${HEADER}${b}
field access_needs: text(500) "adjustments you need" special health
ask access_needs "Do you need any adjustments at interview?" for adjustments under legal_obligation
  optional
end "Thanks"
`,
  },
  {
    // Two alternatives, each in a purpose of its own.
    starts: "// in a purpose whose processing decides",
    wrap: (b) => {
      const items = b.split("\n").filter((l) => l.startsWith("automated "));
      expect(items).toHaveLength(2);
      const purposes = items.map(
        (item, i) => `purpose screening${i} "Assess your application" {
  basis contract
  needs answers
  retain 6 months
  ${item}
}
`,
      );
      const uses = items.map((_, i) => `screening${i} under contract`).join(", ");
      return `${HEADER}${purposes.join("")}field answers: text(2000) "your answers"
ask answers "Tell us about your experience." for ${uses}
end "Thanks"
`;
    },
  },
  {
    starts: "start: ask item ",
    wrap: (b) => `${HEADER}purpose order "Take your order" {
  basis contract
  needs item, more
  retain 30 days
}
field item: text(100) "what you would like"
field more: yesno
${b}`,
  },
  {
    starts: "consent talent_pool ",
    wrap: (b) => `${HEADER}purpose application "Assess your application" {
  basis contract
  needs name, cv
  retain 6 months
}
purpose talent_pool "Tell you about other roles" {
  basis consent
  needs name, cv
  retain 12 months or until withdrawn
}
field name: text(100) "your name"
field cv: text(5000) "your CV"
ask name "Your name?" for application under contract
ask cv "Your CV?" for application under contract
${b}end "Thanks"
`,
  },
  {
    starts: "if plan == enterprise ",
    wrap: (b) => `${HEADER}purpose quote "Prepare a quote" {
  basis contract
  needs plan, email, birth_year
  retain 90 days
}
purpose newsletter "Email you our newsletter" {
  basis consent
  direct_marketing
  needs email
  retain until withdrawn
}
field plan: choice(basic "Basic", enterprise "Enterprise")
field email: email
field birth_year: integer(1900..2026)
ask plan "Which plan?" for quote under contract
ask birth_year "Year of birth?" for quote under contract
consent newsletter "May we email you our newsletter?"
ask email "Your email?" for quote under contract, newsletter under consent
  optional
${b}end "Thanks"
end sales_call "We'll call you."
end special_offer "Here is an offer."
`,
  },
  {
    // Shows the mistake it describes, and only that one.
    starts: 'purpose quote "Prepare a quote for {company}"',
    wrap: (b) => `${HEADER}field company: text(100)
ask company "Your company?" for quote under contract
${b}end "Thanks"
`,
    codes: ["LF216"],
  },
];

function blocks(path: string): { text: string; line: number }[] {
  const md = readFileSync(path, "utf8");
  return [...md.matchAll(/^```flow\n([\s\S]*?)^```/gm)].map((m) => ({ text: m[1]!, line: md.slice(0, m.index).split("\n").length }));
}

function shown(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => (d.span ? `${d.code}@${positionAt(d.span.file, d.span.start).line}: ${d.message}` : `${d.code}: ${d.message}`));
}

function checkBlocks(path: string): void {
  const found = blocks(path);
  expect(found.length, path).toBeGreaterThan(0);
  const uses = new Map<string, string>();
  for (const { text } of found) {
    const name = /^\/\/ (\w+\.flow)\n/.exec(text)?.[1];
    if (name) uses.set(name, text);
  }
  for (const { text, line } of found) {
    const where = `${path}:${line}`;
    const name = /^\/\/ (\w+\.flow)\n/.exec(text)?.[1];
    if (name && !/^flow /m.test(text)) continue; // a policy file: compiled with the flow that uses it
    if (/^flow /m.test(text)) {
      const r = compileSource(text, name ?? "docs.flow", { read: memoryReader(Object.fromEntries(uses)) });
      expect(shown(r.diagnostics), where).toEqual([]);
      continue;
    }
    const context = CONTEXTS.find((c) => text.startsWith(c.starts));
    expect(context, `${where}: give this fragment a context in test/docs/flow-blocks.test.ts`).toBeDefined();
    const r = compileSource(context!.wrap(text), "docs.flow");
    expect(r.diagnostics.map((d) => d.code), `${where}\n${shown(r.diagnostics).join("\n")}`).toEqual(context!.codes ?? []);
  }
}

describe("the ```flow blocks of the docs", () => {
  it("docs/language.md: every block compiles, alone or in its context", () => {
    checkBlocks(join(ROOT, "docs/language.md"));
  });

  it("docs/language.md shows examples/lead-capture/lead.flow as it is", () => {
    const [first] = blocks(join(ROOT, "docs/language.md"));
    expect(first!.text).toBe(readFileSync(join(ROOT, "examples/lead-capture/lead.flow"), "utf8"));
  });

  it("README.md: every block compiles", () => {
    checkBlocks(join(ROOT, "README.md"));
  });

  // The design notes live beside the repository in a checkout of the whole project.
  const design = join(ROOT, "../shared/design/language.md");
  it.skipIf(!existsSync(design))("the design's example flow compiles", () => {
    const md = readFileSync(design, "utf8");
    const flows = [...md.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].map((m) => m[1]!).filter((t) => /^flow /m.test(t));
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) expect(shown(compileSource(f, "design.flow").diagnostics)).toEqual([]);
  });
});
