/**
 * Programs for the document tests: loaded (with `use` resolution), built and
 * checked like `lawflow check` does. A fixture with an error is a broken test,
 * so it throws with the rendered diagnostics.
 */
import { readFileSync } from "node:fs";
import { runChecks } from "../../compiler/checks/index.ts";
import { renderDiagnostic } from "../../compiler/diagnostics/render.ts";
import { loadProgram, memoryReader, type SourceReader } from "../../compiler/load.ts";
import { buildProgram, type Program } from "../../compiler/program.ts";
import { flowDiagram, type FlowDiagram } from "../../compiler/documents/flow-diagram.ts";
import { buildDocumentsModel, type DocumentsModel } from "../../compiler/documents/model.ts";

/** Every example flow that has documents, relative to examples/: what the browser tests open. */
export const EXAMPLE_FLOWS = [
  "lead-capture/lead.flow",
  "shop/shop.flow",
  "recruitment/recruitment.flow",
  "order-loop/order.flow",
  "company-policy/onboarding.flow",
  "company-policy/support.flow",
] as const;

export function programOf(path: string, read: SourceReader = (p) => readFileSync(p, "utf8")): Program {
  const loaded = loadProgram(path, read);
  if (!loaded.main) throw new Error(`cannot load ${path}: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  const program = buildProgram(
    loaded.main.ast,
    loaded.used.map((u) => u.ast),
  );
  const errors = [...loaded.diagnostics, ...runChecks(program)].filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`fixture ${path} has errors:\n${errors.map((d) => (d.span ? renderDiagnostic(d) : d.message)).join("\n")}`);
  return program;
}

/** A model from in-memory files: `files[main]` is the flow, the others are what it may `use`. */
export function modelOf(files: Record<string, string>, ...mains: string[]): DocumentsModel {
  const read = memoryReader(files);
  return buildDocumentsModel(mains.map((m) => programOf(m, read)));
}

export function modelOfFiles(...paths: string[]): DocumentsModel {
  return buildDocumentsModel(paths.map((p) => programOf(p)));
}

/** The diagram of a flow from in-memory files. */
export function diagramOf(files: Record<string, string>, main: string): FlowDiagram {
  return flowDiagram(programOf(main, memoryReader(files)));
}

export function diagramOfFile(path: string): FlowDiagram {
  return flowDiagram(programOf(path));
}
