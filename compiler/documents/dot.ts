/**
 * The diagram in Graphviz DOT, the source svg.ts lays out. Consent steps are
 * bold hexagons; refusals and retries are dashed.
 */
import type { DocumentFormat } from "./format.ts";
import { firstProgram } from "./format.ts";
import { DASHED, flowDiagram, type DiagramNode, type FlowDiagram } from "./flow-diagram.ts";

/** The colours of a consent gate, the same in every format. */
export const CONSENT_FILL = "#fff4d6";
export const CONSENT_STROKE = "#9a6700";

/**
 * Escapes text for a DOT double-quoted string: backslash and quote are
 * escaped (so `\N`, `\G`, `\l` of the author never become Graphviz escapes),
 * line breaks are ours (`\n`).
 */
export function escapeDot(text: string): string {
  return visibleControls(text.replace(/\r\n?|\n|\u2028|\u2029/g, " ")).replace(/[\\"]/g, (c) => `\\${c}`);
}

/**
 * Control characters (NUL, ESC…) have no place in a drawing and break
 * renderers (Graphviz stops at NUL): each is shown as its Unicode control
 * picture (␀, ␛), so the label still says what the author wrote.
 */
export function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => (c === "\u007f" ? "\u2421" : String.fromCharCode(0x2400 + c.charCodeAt(0))));
}

/** The longest line of a step's text in a box, in characters. */
export const DOT_LINE_LENGTH = 60;

/**
 * A step's text broken at spaces into lines of at most DOT_LINE_LENGTH
 * characters, about equally long (a longer word stays whole): Graphviz writes
 * a label on one line however long, so one long consent request made the
 * whole diagram several screens wide.
 */
export function wrapLine(text: string, limit = DOT_LINE_LENGTH): string[] {
  const count = Math.ceil(text.length / limit);
  // The narrowest width, from an even share up to the limit, that needs no more lines than the limit does.
  for (let width = Math.ceil(text.length / count); width < limit; width++) {
    const lines = fill(text, width);
    if (lines.length <= count) return lines;
  }
  return fill(text, limit);
}

/** Greedy filling: as many words on each line as fit in `width` characters. */
function fill(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...out, line];
}

function dotLabel(lines: readonly string[]): string {
  return `"${lines.flatMap((l) => wrapLine(escapeDot(l))).join("\\n")}"`;
}

function dotNodeAttrs(n: DiagramNode): string {
  switch (n.kind) {
    case "start":
      return `shape=circle, style=filled, fillcolor="#333333", fontcolor="#ffffff"`;
    case "ask":
      return `shape=box, style="rounded,filled", fillcolor="#eef4ff", color="#1f4f99"`;
    case "consent":
      return `shape=hexagon, style="filled,bold", penwidth=2.5, fillcolor="${CONSENT_FILL}", color="${CONSENT_STROKE}"`;
    case "end":
      return `shape=box, style="rounded,filled", peripheries=2, fillcolor="#e8f5e9", color="#2e7d32"`;
    case "if":
      return `shape=diamond, style=filled, fillcolor="#f5f5f5", color="#555555"`;
    case "eof":
      return `shape=parallelogram, style=dashed, color="#b00020"`;
  }
}

export function renderDot(diagram: FlowDiagram): string {
  const { nodes, edges } = diagram;
  const out = [
    `digraph ${dotLabel([diagram.name])} {`,
    `  graph [rankdir=TB, fontname="Helvetica", label=${dotLabel([`${diagram.name} ${diagram.version}`])}, labelloc=t];`,
    `  node [fontname="Helvetica", fontsize=11];`,
    `  edge [fontname="Helvetica", fontsize=10];`,
  ];
  for (const n of nodes) out.push(`  ${n.id} [${dotNodeAttrs(n)}, label=${dotLabel(n.lines)}];`);
  for (const e of edges) {
    const attrs: string[] = [];
    if (e.label !== undefined) attrs.push(`label=${dotLabel([e.label])}`);
    if (DASHED.has(e.kind)) attrs.push("style=dashed");
    out.push(`  ${e.from} -> ${e.to}${attrs.length > 0 ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}

/** The format entry of the registry (formats.ts): the diagram of the first flow given. */
export const dotFormat: DocumentFormat = {
  description: "Graphviz DOT",
  render: (programs) => renderDot(flowDiagram(firstProgram(programs))),
};
