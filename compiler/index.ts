/**
 * The public compiler API (`lawflow/compiler`). Compile a flow, then show
 * its diagnostics as text or JSON:
 *
 *   const result = compileFile("lead.flow");
 *   if (!result.ok) console.log(renderDiagnostics(result.diagnostics));
 *   else writeFileSync("lead.flow.ts", result.typescript!);
 *
 * and write the documents of checked programs in any registered format:
 *
 *   const { program } = compileFile("lead.flow", { until: "check" });
 *   const notice = await renderDocument("notice", "html", [program!]);
 */
export { compileFile, compileSource, nodeReader, PHASES, type CompileOptions, type CompileResult, type PhaseName } from "./compile.ts";
export { emitTypeScript, type EmitTypeScriptOptions } from "./codegen/index.ts";
export {
  documentFormats,
  DocumentRefused,
  formatNames,
  noticeArchive,
  noticeStamp,
  renderDocument,
  SVG_STEP_LIMIT,
  type DocumentFormat,
  type DocumentFormatName,
  type DocumentKind,
  type NoticeStamp,
  type ArchivedNotice,
} from "./documents/index.ts";
export { resolveUsePath } from "./paths.ts";
/** A diagnostic from the catalogue by its key, for tools built on the compiler (the bundler plugins' own warnings). */
export { report } from "./diagnostics/messages.ts";
export { loadProgram, memoryReader, ParseCache, type LoadedFile, type LoadResult, type SourceReader } from "./load.ts";
export {
  catalogue,
  diagnostic,
  diagnosticToJson,
  location,
  palette,
  renderDiagnostic,
  renderDiagnostics,
  sortDiagnostics,
  type CatalogueEntry,
  type Diagnostic,
  type DiagnosticCode,
  type JsonDiagnostic,
  type JsonPlace,
  type Palette,
  type RelatedPlace,
  type RenderOptions,
  type Severity,
} from "./diagnostics/index.ts";
export { sourceFile, positionAt, type SourceFile, type Span, type Position } from "./source.ts";
export type { FlowFile } from "./ast.ts";
export type { Program } from "./program.ts";
export type { MachineDefinition } from "../runtime/machine.ts";
