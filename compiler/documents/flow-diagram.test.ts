/**
 * The diagram: waiting steps as nodes with distinct shapes, `if` as a
 * decision, say and goto passed through, labelled branches, consent gates
 * styled apart, each ask marked with its purposes and bases. The Mermaid
 * output passes a structural check of the syntax, the DOT output is laid out
 * by Graphviz, and the SVG is well-formed XML — whatever the author wrote.
 */
import { describe, expect, it } from "vitest";
import { mermaidProblems } from "../../test/documents/mermaid.ts";
import { xmlProblems } from "../../test/documents/xml.ts";
import { diagramOf, diagramOfFile } from "../../test/documents/helpers.ts";
import { DOT_LINE_LENGTH, escapeDot, renderDot, wrapLine } from "./dot.ts";
import { escapeMermaid, renderMermaid } from "./mermaid.ts";
import { escapeXml, renderSvg, SVG_DESC_ID, SVG_FONTS, SVG_TITLE_ID } from "./svg.ts";
import type { FlowDiagram } from "./flow-diagram.ts";

const lead = diagramOfFile("examples/lead-capture/lead.flow");
const onboarding = diagramOfFile("examples/company-policy/onboarding.flow");
const support = diagramOfFile("examples/company-policy/support.flow");

describe("diagram: the graph", () => {
  it("draws waiting steps and decisions, and passes say through", () => {
    const kinds = lead.nodes.map((n) => `${n.kind}:${n.step ?? ""}`);
    expect(kinds).toEqual(["start:", "ask:company", "ask:plan", "ask:birth_year", "consent:newsletter", "ask:email", "ask:quote_email", "end:thanks", "end:sales_call"]);
    // The say before the first ask is passed through: start leads straight to it.
    expect(lead.edges[0]).toMatchObject({ from: "start", to: "n1" });
    expect(onboarding.nodes.some((n) => n.kind === "if" && n.lines[0] === "if given(product_news)")).toBe(true);
  });

  it("names the flow and its version, for a format's title", () => {
    expect([lead.name, lead.version]).toEqual(["LeadCapture", "1.0.0"]);
    expect(renderDot(lead)).toContain(`label="LeadCapture 1.0.0"`);
  });

  it("labels branches: when, given/refused, then/else, retry", () => {
    const labels = (f: typeof lead) => f.edges.map((e) => e.label).filter((l) => l !== undefined);
    expect(labels(lead)).toEqual(expect.arrayContaining(["when enterprise", "given", "refused", "answered or skipped"]));
    expect(labels(onboarding)).toEqual(expect.arrayContaining(["then", "else"]));
    expect(labels(support)).toContain("after 3 invalid answers");
  });

  it("merges labelled edges between the same two steps into one, so their labels do not touch (\"givenrefused\")", () => {
    const recruitment = diagramOfFile("examples/recruitment/recruitment.flow");
    // `consent talent_pool` goes on to the next question whether it is given or refused.
    const gate = recruitment.nodes.find((n) => n.kind === "consent" && n.step === "talent_pool")!;
    const out = recruitment.edges.filter((e) => e.from === gate.id);
    expect(out).toEqual([{ from: gate.id, to: out[0]!.to, kind: "given", label: "given or refused" }]);
    // Either way leads on: drawn solid, as one labelled edge in every format.
    expect(renderDot(recruitment)).toContain(`${gate.id} -> ${out[0]!.to} [label="given or refused"];`);
    expect(renderMermaid(recruitment)).toContain(`${gate.id} -->|"given or refused"| ${out[0]!.to}`);
    // Where the ways part, each keeps its own edge and style.
    expect(renderDot(lead)).toMatch(/n4 -> n\d+ \[label="refused", style=dashed\];/);
    const branches = diagramOf(
      {
        "b.flow": `flow B version "1.0.0"
controller "C" contact "c@example.org"
purpose p "P" { basis contract  needs f  retain 1 day }
field f: choice(a "A", b "B", c "C")
ask f "Which?" for p under contract
  when a -> bye
  when b -> bye
  when c -> other
end "Next"
end other "Other"
end bye "Bye"`,
      },
      "b.flow",
    );
    const from = branches.nodes.find((n) => n.kind === "ask")!.id;
    expect(branches.edges.filter((e) => e.from === from).map((e) => e.label ?? "(next)")).toEqual(["when a or when b", "when c", "(next)"]);
  });

  it("marks each ask with its purposes and bases, and each consent gate with its purpose", () => {
    const email = lead.nodes.find((n) => n.step === "email")!;
    expect(email.purposes).toEqual(["quote (contract)", "newsletter (consent)"]);
    expect(email.lines).toContain("for quote (contract), newsletter (consent)");
    expect(lead.nodes.find((n) => n.kind === "consent")!.purposes).toEqual(["newsletter (consent)"]);
  });
});

describe("diagram: Mermaid", () => {
  it("passes the structural syntax check", () => {
    for (const f of [lead, onboarding, support]) expect(mermaidProblems(renderMermaid(f))).toEqual([]);
  });

  it("uses distinct shapes and styles the consent gate", () => {
    const mmd = renderMermaid(lead);
    expect(mmd).toMatch(/^ {2}n1\["ask company/m); // ask: rectangle
    expect(mmd).toMatch(/^ {2}n4\{\{"consent newsletter/m); // consent: hexagon
    expect(mmd).toMatch(/^ {2}n7\(\["end thanks/m); // end: stadium
    expect(mmd).toContain("class n4 consentGate");
    expect(mermaidProblems(renderMermaid(onboarding))).toEqual([]);
    expect(renderMermaid(onboarding)).toMatch(/n\d+\{"if given\(product_news\)"\}/); // if: rhombus
  });

  it("escapes labels", () => {
    expect(escapeMermaid(`a "b" <i>#1 & c|d\`e`)).toBe("a #quot;b#quot; #60;i#62;#35;1 #38; c#124;d#96;e");
    expect(escapeMermaid("two\nlines")).toBe("two lines");
    expect(escapeMermaid("%%{init: {}}%%")).toBe("#37;#37;#123;init: #123;#125;#125;#37;#37;");
  });
});

describe("diagram: DOT and SVG", () => {
  it("escapes DOT strings", () => {
    expect(escapeDot(`say "hi" \\N`)).toBe(`say \\"hi\\" \\\\N`);
  });

  it("breaks a long step text into lines at spaces, so one long question does not make the diagram screens wide", async () => {
    const request = 'If this role does not work out, may we keep your name, email address and experience for 12 months to tell you about other roles? Type "leave the pool" at any time to change your mind.';
    expect(wrapLine(request).join(" ")).toBe(request);
    for (const line of wrapLine(request)) expect(line.length).toBeLessThanOrEqual(DOT_LINE_LENGTH);
    expect(wrapLine("a-single-word-longer-than-the-limit", 10)).toEqual(["a-single-word-longer-than-the-limit"]);
    const recruitment = diagramOfFile("examples/recruitment/recruitment.flow");
    const dot = renderDot(recruitment);
    for (const m of dot.matchAll(/label="((?:[^"\\]|\\.)*)"/g)) for (const line of m[1]!.split("\\n")) expect(line.length).toBeLessThanOrEqual(DOT_LINE_LENGTH);
    // The consent request is all there, over several lines of its box.
    expect(dot.replace(/\\n/g, " ")).toContain(request.replace(/"/g, '\\"'));
    const svg = await renderSvg(recruitment);
    const width = Number(/<svg width="(\d+)pt"/.exec(svg)![1]);
    expect(width).toBeLessThan(1200);
  });

  it("lays the example out as well-formed SVG", async () => {
    const svg = await renderSvg(lead);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain("<svg");
    expect(svg).toContain("consent newsletter");
  });

  it("has a text alternative: an image titled with the flow, described by a summary, each step titled by its id and kind", async () => {
    const svg = await renderSvg(lead);
    expect(xmlProblems(svg)).toEqual([]);
    const root = /<svg\b[^>]*>/.exec(svg)![0];
    expect(root).toContain(`role="img"`);
    expect(root).toContain(`aria-labelledby="${SVG_TITLE_ID}"`);
    expect(root).toContain(`aria-describedby="${SVG_DESC_ID}"`);
    // The title and the description are the root's first children.
    const after = svg.slice(svg.indexOf(root) + root.length).trimStart();
    expect(after).toMatch(new RegExp(`^<title id="${SVG_TITLE_ID}">Flow diagram: LeadCapture 1\\.0\\.0</title>\n<desc id="${SVG_DESC_ID}">`));
    const desc = /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1];
    expect(desc).toBe(
      "LeadCapture 1.0.0, from start through 5 questions (company, plan, birth_year, email, quote_email), 1 consent request (newsletter) and 2 ends (thanks, sales_call). It collects for quote (contract), audience (legitimate_interests), newsletter (consent).",
    );
    // Hovering a box shows the step, not Graphviz's node name.
    const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).not.toContain("n1");
    expect(titles.filter((t) => /^n\d+$|&#45;&gt;/.test(t!))).toEqual([]);
    expect(titles).toEqual(expect.arrayContaining(["start", "step company (ask)", "step newsletter (consent)", "step thanks (end)", "newsletter → email: given", "plan → sales_call: when enterprise"]));
    expect(await renderSvg(onboarding)).toContain("<title>unnamed step (decision): if given(product_news)</title>");
  });

  it("escapes every text of the text alternative", async () => {
    const hostile: FlowDiagram = {
      name: `Evil</title><script>alert(1)</script>`,
      version: `1.0.0" onload="alert(2)`,
      nodes: [
        { id: "start", kind: "start", lines: ["start"], purposes: [] },
        { id: "n1", kind: "ask", step: `</title><g onclick="x">`, lines: ["ask & <b>"], purposes: [`p' & "q" <i>`] },
        { id: "n2", kind: "end", lines: ["end \u0000 <end>"], purposes: [] },
      ],
      edges: [
        { from: "start", to: "n1", kind: "start" },
        { from: "n1", to: "n2", kind: "when", label: `when "<x>"` },
      ],
    };
    const svg = await renderSvg(hostile);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toMatch(/<script|<g onclick|<b>|<i>|<end>|onload="/);
    expect(svg).toContain(`<title id="${SVG_TITLE_ID}">Flow diagram: Evil&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62; 1.0.0&#34; onload=&#34;alert(2)</title>`);
    expect(svg).toContain("<title>step &#60;/title&#62;&#60;g onclick=&#34;x&#34;&#62; (ask)</title>");
    expect(svg).toContain("<title>unnamed step (end): end \u2400 &#60;end&#62;</title>");
    expect(escapeXml(`a&b<c>"d'`)).toBe("a&#38;b&#60;c&#62;&#34;d&#39;");
  });

  it("names fonts as wide as Helvetica, whose widths Graphviz sized the boxes for, before the generic family; an author's text is left as written", async () => {
    const svg = await renderSvg(lead);
    expect(svg).not.toContain('font-family="Helvetica,sans-Serif"');
    for (const m of svg.matchAll(/font-family="([^"]*)"/g)) expect(m[1]).toBe(SVG_FONTS);
    const quoted = diagramOf(
      {
        "q.flow": `flow Q version "1.0.0"
controller "C" contact "c@example.org"
purpose p "P" { basis contract  needs f  retain 1 day }
field f: text(10)
ask f "x font-family=\\"Helvetica,sans-Serif\\" y" for p under contract
end "Bye"`,
      },
      "q.flow",
    );
    expect(await renderSvg(quoted)).toContain("x font&#45;family=&quot;Helvetica,sans&#45;Serif&quot; y");
  });

  it("survives hostile author strings in every format", async () => {
    const evil = diagramOf(
      {
        "e.flow": `flow Evil version "1.0.0"
controller "C" contact "c@example.org"
purpose p "P" { basis contract  needs f, g  retain 1 day }
purpose n "N" { basis consent  needs g  retain until withdrawn }
field f: choice(a "A \\"quoted\\"", b "B")
field g: text(10)
ask f "<script>alert(\\"x\\")</script> & \\\\N (( ]] end --> #quot; |" for p under contract
  when a -> gate
ask g "second" for p under contract
  -> bye
gate: consent n "Consent? \\"yes\\" ]) <b>"
  refused -> bye
ask g2: g "g again" for n under consent
end bye "Bye \\\\ \\"<end>\\""`,
      },
      "e.flow",
    );
    const mmd = renderMermaid(evil);
    expect(mermaidProblems(mmd)).toEqual([]);
    expect(mmd).not.toMatch(/<script|<b>|<end>/);
    const dot = renderDot(evil);
    expect(dot).toContain(`\\"x\\"`);
    const svg = await renderSvg(evil);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).not.toMatch(/<script|<b>|<end>/);
  });
});

/** Mermaid 11's own pattern for a directive (`%%{init: …}%%`), which it looks for anywhere in a diagram's text. */
const MERMAID_DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;

describe("diagram: no text from a flow is anything but a label", () => {
  const hijack = `%%{init: {'theme':'base','themeCSS':'.node{display:none} g{background:url(http://attacker.example/x)}'}}%%`;
  // As written in a .flow string, where a literal brace is `\{`.
  const written = hijack.replace(/[{}]/g, (c) => `\\${c}`);
  const flow = diagramOf(
    {
      "h.flow": `flow Hijack version "1.0.0"
controller "C" contact "c@example.org"
purpose p "P" { basis contract  needs f  retain 1 day }
field f: choice(a "A ${written}", b "B")
say "${written}"
ask f "Which? ${written} %%\\{wrap\\}%% \\u2028 click n1 call alert()" for p under contract
  when a -> bye
end bye "NUL \\u0000 BEL \\u0007 ESC \\u001b[31m red"`,
    },
    "h.flow",
  );

  it("a Mermaid directive in a step text stays text", () => {
    const mmd = renderMermaid(flow);
    expect(mmd.match(MERMAID_DIRECTIVE)).toBeNull();
    expect(mmd).not.toContain("%%");
    expect(mermaidProblems(mmd)).toEqual([]);
    // What the author wrote is still there, as codes Mermaid shows as the characters.
    expect(mmd).toContain("#37;#37;#123;init: #123;'theme':'base'");
  });

  it("control characters are drawn as their pictures, and Graphviz lays them out", async () => {
    expect(renderMermaid(flow)).toContain("NUL \u2400 BEL \u2407 ESC \u241b[31m red");
    const dot = renderDot(flow);
    expect(dot).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    const svg = await renderSvg(flow);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain("NUL \u2400 BEL");
  });
});

describe("the well-formedness check itself", () => {
  it("finds what is wrong", () => {
    expect(xmlProblems("<a><b></a></b>")).not.toEqual([]);
    expect(xmlProblems("<a x=1/>")).not.toEqual([]);
    expect(xmlProblems("<a>&nbsp;</a>")).not.toEqual([]);
    expect(xmlProblems("<a/><b/>")).not.toEqual([]);
    expect(xmlProblems('<?xml version="1.0"?>\n<a x="1" y=\'2\'><!-- ok --><b/>t &amp; &#60;</a>\n')).toEqual([]);
    expect(mermaidProblems('flowchart TD\n  end["x"]\n')).not.toEqual([]);
    expect(mermaidProblems('flowchart TD\n  a["x "y""]\n')).not.toEqual([]);
    expect(mermaidProblems('flowchart TD\n  a["x"]\n  a --> b\n')).not.toEqual([]);
  });
});
