/**
 * A structural check of the Mermaid flowchart syntax Lawflow emits, fast
 * enough for every golden (mermaid-browser.test.ts draws a flow with real
 * Mermaid 11 in Chromium). It accepts
 * exactly the subset the diagram emitter writes, and checks what would make
 * Mermaid fail or mis-draw: the header, node shapes with quoted labels that
 * contain no raw quote or markup, edges between declared nodes, reserved
 * words as ids, and classes that are defined before use.
 */
const ID = "[A-Za-z_][A-Za-z0-9_]*";
/** Words Mermaid reads as syntax, not as node ids. */
const RESERVED = new Set(["end", "subgraph", "graph", "flowchart", "style", "class", "classDef", "click", "linkStyle", "direction", "call", "href"]);
/** A quoted label: no raw quote; `<` only in our `<br/>`; `#` only to open an entity. */
const LABEL = `"(?:[^"<#]|<br/>|#[a-z]+;|#[0-9]+;)*"`;
const SHAPES = [`\\(\\(${LABEL}\\)\\)`, `\\(\\[${LABEL}\\]\\)`, `\\{\\{${LABEL}\\}\\}`, `\\[/${LABEL}/\\]`, `\\[${LABEL}\\]`, `\\{${LABEL}\\}`];
const NODE = new RegExp(`^  (${ID})(?:${SHAPES.join("|")})$`);
const EDGE = new RegExp(`^  (${ID}) (?:-->|-\\.->)(?:\\|${LABEL}\\|)? (${ID})$`);
const CLASSDEF = new RegExp(`^  classDef (${ID}) [a-z-]+:[^,;\\s]+(?:,[a-z-]+:[^,;\\s]+)*$`);
const CLASS = new RegExp(`^  class (${ID}(?:,${ID})*) (${ID})$`);

export function mermaidProblems(source: string): string[] {
  const problems: string[] = [];
  const lines = source.replace(/\n$/, "").split("\n");
  if (!/^flowchart (TD|TB|LR|RL|BT)$/.test(lines[0] ?? "")) problems.push(`line 1: expected a flowchart header, got ${JSON.stringify(lines[0])}`);
  const nodes = new Set<string>();
  const classes = new Set<string>();
  const edges: [string, string, number][] = [];
  lines.slice(1).forEach((line, k) => {
    const n = k + 2;
    let m: RegExpExecArray | null;
    if ((m = NODE.exec(line))) {
      if (RESERVED.has(m[1]!)) problems.push(`line ${n}: reserved word ${m[1]} as a node id`);
      if (nodes.has(m[1]!)) problems.push(`line ${n}: node ${m[1]} declared twice`);
      nodes.add(m[1]!);
    } else if ((m = EDGE.exec(line))) edges.push([m[1]!, m[2]!, n]);
    else if ((m = CLASSDEF.exec(line))) {
      if (RESERVED.has(m[1]!)) problems.push(`line ${n}: reserved word ${m[1]} as a class name`);
      classes.add(m[1]!);
    } else if ((m = CLASS.exec(line))) {
      for (const id of m[1]!.split(",")) if (!nodes.has(id)) problems.push(`line ${n}: class on undeclared node ${id}`);
      if (!classes.has(m[2]!)) problems.push(`line ${n}: class ${m[2]} is not defined`);
    } else problems.push(`line ${n}: not a node, edge or class statement: ${JSON.stringify(line)}`);
  });
  for (const [from, to, n] of edges) {
    if (!nodes.has(from)) problems.push(`line ${n}: edge from undeclared node ${from}`);
    if (!nodes.has(to)) problems.push(`line ${n}: edge to undeclared node ${to}`);
  }
  return problems;
}
