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
import { flowDiagram, type FlowDiagram } from "./flow-diagram.ts";

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
  const svg = fontStack((await graphviz).dot(renderDot(diagram), "svg"));
  return svg.endsWith("\n") ? svg : svg + "\n";
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
