/**
 * The public compiler API (`lawflow/compiler`). Compile a flow, then show
 * its diagnostics as text or JSON:
 *
 *   const result = compileFile("lead.flow");
 *   if (!result.ok) console.log(renderDiagnostics(result.diagnostics));
 *   else writeFileSync("lead.flow.ts", result.typescript!);
 */
export {
  compileFile,
  compileSource,
  nodeReader,
  phases,
  type CompileOptions,
  type CompileResult,
  type CompileState,
  type Phase,
  type PhaseName,
} from "./compile.ts";
export { loadProgram, memoryReader, resolveUsePath, type LoadedFile, type LoadResult, type SourceReader } from "./load.ts";
export {
  renderDiagnostic,
  renderDiagnostics,
  diagnosticToJson,
  location,
  type JsonDiagnostic,
  type JsonPlace,
  type RenderOptions,
} from "./diagnostics/render.ts";
export { sortDiagnostics, type Diagnostic, type RelatedPlace } from "./diagnostics/diagnostic.ts";
export { catalogue, type CatalogueEntry, type DiagnosticCode, type Severity } from "./diagnostics/catalogue.ts";
export { sourceFile, positionAt, type SourceFile, type Span, type Position } from "./source.ts";
export type { FlowFile } from "./ast.ts";
export type { Program } from "./program.ts";
export type { MachineDefinition } from "../runtime/machine.ts";
