/**
 * `lawflow graph <file> [--format mermaid|dot|svg] [--out FILE]` — a diagram
 * of the flow: asks, consent gates and ends as nodes, branches and jumps as
 * labelled edges, each ask marked with its purposes and bases. SVG is laid
 * out by Graphviz (WebAssembly), loaded only for SVG.
 */
import { Option, type Command } from "commander";
import type { CliContext } from "../context.ts";
import { checkedPrograms, writeDocument } from "./notice.ts";

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
      await writeDocument(ctx, await renderDiagram(flow, flags.format), flags.out, command);
    });
}
