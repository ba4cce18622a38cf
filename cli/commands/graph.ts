/**
 * `lawflow graph <file> [--format mermaid|dot|svg] [--out FILE]` — a diagram
 * of the flow: asks, consent gates and ends as nodes, branches and jumps as
 * labelled edges, each ask marked with its purposes and bases. SVG is laid
 * out by Graphviz (WebAssembly), loaded only for SVG.
 *
 * Graphviz's layered layout grows much faster than the flow (ranking and
 * crossing reduction are superlinear) and its recursion overflows the stack
 * on very large graphs, so SVG is refused above a stated number of steps,
 * with the formats that have no such limit named in the hint.
 */
import { Option, type Command } from "commander";
import { diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { printReport } from "../report.ts";
import { checkedPrograms, writeDocument } from "./notice.ts";

/** The most steps `--format svg` lays out (about 2,800 lines of flow; docs/cli.md). */
export const SVG_STEP_LIMIT = 1000;

interface GraphFlags {
  readonly format: "mermaid" | "dot" | "svg";
  readonly out?: string;
}

export function registerGraph(program: Command, ctx: CliContext): void {
  program
    .command("graph")
    .description("draw a .flow file as a diagram (Mermaid, DOT or SVG)")
    .argument("<file>", "the .flow file to draw")
    .addOption(new Option("--format <format>", "the diagram format").choices(["mermaid", "dot", "svg"]).default("mermaid"))
    .option("-o, --out <file>", "write the diagram to FILE instead of stdout")
    .action(async (file: string, flags: GraphFlags, command: Command) => {
      const programs = await checkedPrograms(ctx, [file], command);
      if (!programs) return;
      const { buildDocumentsModel } = await import("../../compiler/emit/documents-model.ts");
      const { renderDiagram } = await import("../../compiler/emit/diagram.ts");
      const flow = buildDocumentsModel(programs).flows[0]!;
      const steps = flow.diagram.nodes.length;
      if (flags.format === "svg" && steps > SVG_STEP_LIMIT) {
        const tooLarge = diagnostic(
          "LF505",
          `\`${file}\` has ${steps.toLocaleString("en")} steps to draw; SVG is laid out for at most ${SVG_STEP_LIMIT.toLocaleString("en")}`,
          {
            path: file,
            hint: "draw it with `--format dot` and Graphviz's own `dot -Tsvg`, or with `--format mermaid`; neither has this limit",
          },
        );
        printReport(ctx, "text", { diagnostics: [tooLarge], files: [] }, useColor(ctx, command.optsWithGlobals().color));
        raiseExit(ctx, EXIT.errors);
        return;
      }
      await writeDocument(ctx, await renderDiagram(flow, flags.format), flags.out, command);
    });
}
