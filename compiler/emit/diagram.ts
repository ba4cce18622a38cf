/**
 * The diagram of a flow, from the documents model's graph: waiting steps
 * (ask, consent, end) are nodes with distinct shapes, `if` is a decision,
 * say and goto are passed through; jumps and branches are labelled edges.
 * Consent steps are drawn as gates (a hexagon in a distinct style), and each
 * ask names the purposes and bases it collects for.
 *
 * Every label is plain text until it reaches a format, and each format has
 * one escaping function (Mermaid entity codes, DOT escaped strings). SVG is
 * DOT laid out by Graphviz compiled to WebAssembly, loaded only when SVG is
 * asked for, so the command line starts fast for everything else.
 */
import type { DiagramEdge, DiagramNode, FlowFacts } from "./documents-model.ts";

export type DiagramFormat = "mermaid" | "dot" | "svg";

const CONSENT_FILL = "#fff4d6";
const CONSENT_STROKE = "#9a6700";

// ── Mermaid ─────────────────────────────────────────────────────────────────

/**
 * Escapes text for a quoted Mermaid label (`"…"`). Mermaid decodes `#name;`
 * and `#code;` entities in labels, so the quote becomes `#quot;` and the
 * characters that could open an entity, HTML or markdown become numeric
 * codes. Line breaks are ours to place (as `<br/>`), never the author's.
 */
export function escapeMermaid(text: string): string {
  return text
    .replace(/\r\n?|\n/g, " ")
    .replace(/[#"&<>`|\\]/g, (c) => (c === '"' ? "#quot;" : `#${c.charCodeAt(0)};`));
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

export function renderMermaid(flow: FlowFacts): string {
  const { nodes, edges } = flow.diagram;
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
  const arrow = e.kind === "refused" || e.kind === "retry" ? "-.->" : "-->";
  return e.label === undefined ? arrow : `${arrow}|${mermaidLabel([e.label])}|`;
}

// ── DOT ─────────────────────────────────────────────────────────────────────

/**
 * Escapes text for a DOT double-quoted string: backslash and quote are
 * escaped (so `\N`, `\G`, `\l` of the author never become Graphviz escapes),
 * line breaks are ours (`\n`).
 */
export function escapeDot(text: string): string {
  return text.replace(/\r\n?|\n/g, " ").replace(/[\\"]/g, (c) => `\\${c}`);
}

function dotLabel(lines: readonly string[]): string {
  return `"${lines.map(escapeDot).join("\\n")}"`;
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

export function renderDot(flow: FlowFacts): string {
  const { nodes, edges } = flow.diagram;
  const out = [
    `digraph ${dotLabel([flow.name])} {`,
    `  graph [rankdir=TB, fontname="Helvetica", label=${dotLabel([`${flow.name} ${flow.version}`])}, labelloc=t];`,
    `  node [fontname="Helvetica", fontsize=11];`,
    `  edge [fontname="Helvetica", fontsize=10];`,
  ];
  for (const n of nodes) out.push(`  ${n.id} [${dotNodeAttrs(n)}, label=${dotLabel(n.lines)}];`);
  for (const e of edges) {
    const attrs: string[] = [];
    if (e.label !== undefined) attrs.push(`label=${dotLabel([e.label])}`);
    if (e.kind === "refused" || e.kind === "retry") attrs.push("style=dashed");
    out.push(`  ${e.from} -> ${e.to}${attrs.length > 0 ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}

// ── SVG ─────────────────────────────────────────────────────────────────────

interface GraphvizLike {
  dot(source: string, format?: "svg"): string;
}

let graphviz: Promise<GraphvizLike> | undefined;

/**
 * Lays the DOT out as SVG with Graphviz (WebAssembly). The module is imported
 * through a variable so bundlers leave it out of the CLI bundle: it is loaded
 * only here, only when SVG is wanted.
 */
export async function renderSvg(flow: FlowFacts): Promise<string> {
  const spec = "@hpcc-js/wasm-graphviz";
  graphviz ??= (import(/* @vite-ignore */ spec) as Promise<{ Graphviz: { load(): Promise<GraphvizLike> } }>).then((m) =>
    m.Graphviz.load(),
  );
  const svg = (await graphviz).dot(renderDot(flow), "svg");
  return svg.endsWith("\n") ? svg : svg + "\n";
}

export async function renderDiagram(flow: FlowFacts, format: DiagramFormat): Promise<string> {
  switch (format) {
    case "mermaid":
      return renderMermaid(flow);
    case "dot":
      return renderDot(flow);
    case "svg":
      return renderSvg(flow);
  }
}
