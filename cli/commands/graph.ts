/**
 * `lawflow graph <file> [--format mermaid|dot|svg] [--out FILE]` — a diagram
 * of the flow: asks, consent gates and ends as nodes, branches and jumps as
 * labelled edges, each ask marked with its purposes and bases. SVG is laid
 * out by Graphviz (WebAssembly), loaded only for SVG.
 * SVG is refused above a stated number of steps with LF505
 * (compiler/documents/svg.ts says why).
 */
import type { Command } from "commander";
import { formatNames } from "../../compiler/documents/index.ts";
import type { CliContext } from "../context.ts";
import { registerDocumentCommand } from "../documents.ts";

export function registerGraph(program: Command, ctx: CliContext): void {
  registerDocumentCommand(program, ctx, {
    name: "graph",
    kind: "graph",
    formats: formatNames("graph"),
    description: "draw a .flow file as a diagram (Mermaid, DOT or SVG)",
    argument: "<file>",
    argumentDescription: "the .flow file to draw",
    formatDescription: "the diagram format",
    outDescription: "write the diagram to FILE instead of stdout",
  });
}
