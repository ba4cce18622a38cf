/**
 * The diagram as a Mermaid flowchart, for Markdown viewers that draw it.
 * Consent steps are gates (a hexagon in a distinct style); refusals and
 * retries are dotted.
 */
import type { DocumentFormat } from "./format.ts";
import { firstProgram } from "./format.ts";
import { DASHED, flowDiagram, type DiagramEdge, type DiagramNode, type FlowDiagram } from "./flow-diagram.ts";
import { CONSENT_FILL, CONSENT_STROKE, visibleControls } from "./dot.ts";

/**
 * Escapes text for a quoted Mermaid label (`"…"`). Mermaid decodes `#name;`
 * and `#code;` entities in labels, so the quote becomes `#quot;` and the
 * characters that could open an entity, HTML or markdown become numeric
 * codes. Mermaid also reads `%%{…}%%` directives anywhere in a diagram's
 * text, before it parses labels (with `init` one reconfigures the whole
 * diagram, its theme CSS included), so `%`, `{` and `}` are codes too. Line
 * breaks are ours to place (as `<br/>`), never the author's.
 */
export function escapeMermaid(text: string): string {
  return visibleControls(text)
    .replace(/\r\n?|\n|\u2028|\u2029/g, " ")
    .replace(/[#"&<>`|\\%{}\t]/g, (c) => (c === '"' ? "#quot;" : `#${c.charCodeAt(0)};`));
}

function mermaidLabel(lines: readonly string[]): string {
  return `"${lines.map(escapeMermaid).join("<br/>")}"`;
}

function mermaidNode(n: DiagramNode): string {
  const label = mermaidLabel(n.lines);
  switch (n.kind) {
    case "start":
      return `${n.id}((${label}))`;
    case "ask":
      return `${n.id}[${label}]`;
    case "consent":
      return `${n.id}{{${label}}}`;
    case "end":
      return `${n.id}([${label}])`;
    case "if":
      return `${n.id}{${label}}`;
    case "eof":
      return `${n.id}[/${label}/]`;
  }
}

export function renderMermaid(diagram: FlowDiagram): string {
  const { nodes, edges } = diagram;
  const out = ["flowchart TD"];
  for (const n of nodes) out.push(`  ${mermaidNode(n)}`);
  for (const e of edges) out.push(`  ${e.from} ${mermaidArrow(e)} ${e.to}`);
  out.push(
    `  classDef askStep fill:#eef4ff,stroke:#1f4f99`,
    `  classDef consentGate fill:${CONSENT_FILL},stroke:${CONSENT_STROKE},stroke-width:3px`,
    `  classDef endStep fill:#e8f5e9,stroke:#2e7d32`,
    `  classDef decision fill:#f5f5f5,stroke:#555555`,
  );
  const byClass = (kind: DiagramNode["kind"]) => nodes.filter((n) => n.kind === kind).map((n) => n.id);
  for (const [cls, kind] of [
    ["askStep", "ask"],
    ["consentGate", "consent"],
    ["endStep", "end"],
    ["decision", "if"],
  ] as const) {
    const ids = byClass(kind);
    if (ids.length > 0) out.push(`  class ${ids.join(",")} ${cls}`);
  }
  return out.join("\n") + "\n";
}

function mermaidArrow(e: DiagramEdge): string {
  const arrow = DASHED.has(e.kind) ? "-.->" : "-->";
  return e.label === undefined ? arrow : `${arrow}|${mermaidLabel([e.label])}|`;
}

/** The format entry of the registry (formats.ts): the diagram of the first flow given. */
export const mermaidFormat: DocumentFormat = {
  description: "a Mermaid flowchart",
  render: (programs) => renderMermaid(flowDiagram(firstProgram(programs))),
};
