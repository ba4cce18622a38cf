/**
 * The diagram as SVG: the DOT of dot.ts laid out by Graphviz compiled to
 * WebAssembly, loaded only when SVG is asked for, so the command line starts
 * fast for everything else.
 *
 * Graphviz's layered layout grows much faster than the flow (ranking and
 * crossing reduction are superlinear) and its recursion overflows the stack
 * on very large graphs, so SVG is refused above a stated number of steps
 * (LF505), with the formats that have no such limit named in the hint.
 */
import { report } from "../diagnostics/messages.ts";
import { renderDot } from "./dot.ts";
import { DocumentRefused, firstProgram, type DocumentFormat } from "./format.ts";
import { diagramSummary, diagramTitle, flowDiagram, nodeTitle, type FlowDiagram } from "./flow-diagram.ts";
import { visibleControls } from "./dot.ts";

interface GraphvizLike {
  dot(source: string, format?: "svg"): string;
}

let graphviz: Promise<GraphvizLike> | undefined;

/**
 * Lays the DOT out as SVG with Graphviz (WebAssembly). The module is imported
 * through a variable so bundlers leave it out of the CLI bundle: it is loaded
 * only here, only when SVG is wanted.
 */
export async function renderSvg(diagram: FlowDiagram): Promise<string> {
  const spec = "@hpcc-js/wasm-graphviz";
  graphviz ??= (import(/* @vite-ignore */ spec) as Promise<{ Graphviz: { load(): Promise<GraphvizLike> } }>).then((m) =>
    m.Graphviz.load(),
  );
  const svg = accessible(fontStack((await graphviz).dot(renderDot(diagram), "svg")), diagram);
  return svg.endsWith("\n") ? svg : svg + "\n";
}

/** Text as XML character data or an attribute value: markup characters as references, control characters as their pictures. */
export function escapeXml(text: string): string {
  return visibleControls(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The ids of the SVG's own title and description, which the root element names as its label and description. */
export const SVG_TITLE_ID = "lawflow-diagram-title";
export const SVG_DESC_ID = "lawflow-diagram-desc";

/**
 * A text alternative for the drawing, opened on its own or put in a page:
 * the root is an image (`role="img"`) labelled by a `<title>` naming the flow
 * and described by a `<desc>` that summarises it (diagramSummary). Graphviz
 * titles each node and edge with its DOT name ("n1", "n1->n2"), which a
 * browser shows on hover: each becomes what the step is ("step company
 * (ask)") and where the edge goes. Every text is escaped here (escapeXml);
 * what is replaced is found by Graphviz's own markup around our DOT names,
 * which are ours (start, n1, eof…), never an author's.
 */
function accessible(svg: string, diagram: FlowDiagram): string {
  const title = escapeXml(diagramTitle(diagram));
  const head = `<title id="${SVG_TITLE_ID}">${title}</title>\n<desc id="${SVG_DESC_ID}">${escapeXml(diagramSummary(diagram))}</desc>\n`;
  let out = svg.replace(/<svg\b([^>]*)>\n?/, (_, attrs: string) => `<svg${attrs} role="img" aria-labelledby="${SVG_TITLE_ID}" aria-describedby="${SVG_DESC_ID}">\n${head}`);
  out = out.replace(/(<g id="graph0" class="graph"[^>]*>\n<title>)[^<]*(<\/title>)/, (_, open: string, close: string) => `${open}${title}${close}`);
  const nodes = new Map(diagram.nodes.map((n) => [n.id, n]));
  out = out.replace(/(<g id="node\d+" class="node">\n<title>)([^<]*)(<\/title>)/g, (whole, open: string, id: string, close: string) => {
    const node = nodes.get(id);
    return node ? `${open}${escapeXml(nodeTitle(node))}${close}` : whole;
  });
  // Graphviz numbers edges in the order of the DOT (edge1 is the first); the name checks it.
  out = out.replace(/(<g id="edge(\d+)" class="edge">\n<title>)([^<]*)(<\/title>)/g, (whole, open: string, k: string, name: string, close: string) => {
    const edge = diagram.edges[Number(k) - 1];
    if (!edge || name !== `${edge.from}&#45;&gt;${edge.to}`) return whole;
    const end = (id: string) => {
      const n = nodes.get(id);
      return n === undefined ? id : n.step ?? n.lines[0]!;
    };
    return `${open}${escapeXml(`${end(edge.from)} → ${end(edge.to)}${edge.label === undefined ? "" : `: ${edge.label}`}`)}${close}`;
  });
  return out;
}

/**
 * Graphviz sizes each box for Helvetica's widths and writes
 * `font-family="Helvetica,sans-Serif"`. Where neither Helvetica nor a font of
 * its widths (Arial, Liberation Sans, Nimbus Sans) is installed, the browser
 * falls back to a wider sans-serif (DejaVu Sans on many Linux systems) and
 * the text spills out of its box. DejaVu Sans Condensed is about as wide as
 * Helvetica: named before the generic family, the text stays inside.
 * Only the attribute Graphviz writes is replaced: an author's text in a
 * label is element content, where Graphviz escapes `"`.
 */
export const SVG_FONTS = `Helvetica,Arial,'Liberation Sans','Nimbus Sans','DejaVu Sans Condensed',sans-serif`;
function fontStack(svg: string): string {
  return svg.replaceAll(' font-family="Helvetica,sans-Serif"', ` font-family="${SVG_FONTS}"`);
}

/** The most steps SVG is laid out for (docs/cli.md). */
export const SVG_STEP_LIMIT = 1000;

/** The format entry of the registry (formats.ts): the diagram of the first flow given, if it is not too large. */
export const svgFormat: DocumentFormat = {
  description: "SVG, laid out by Graphviz",
  render(programs) {
    const program = firstProgram(programs);
    const diagram = flowDiagram(program);
    const steps = diagram.nodes.length;
    if (steps > SVG_STEP_LIMIT) {
      const path = program.main.path;
      throw new DocumentRefused(
        report("svg.tooManySteps", { path, steps: steps.toLocaleString("en"), limit: SVG_STEP_LIMIT.toLocaleString("en") }, { path }),
      );
    }
    return renderSvg(diagram);
  },
};
