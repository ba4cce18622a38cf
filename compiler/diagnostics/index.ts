/**
 * Diagnostics: what they are (diagnostic.ts), their codes (catalogue.ts), and
 * how they are shown (render.ts, colour.ts). The room's one entry point,
 * re-exported by `lawflow/compiler`; it loads nothing of the parser, so a
 * program can print diagnostics without paying for the compiler.
 */
export { catalogue, type CatalogueEntry, type DiagnosticCode, type Severity } from "./catalogue.ts";
export { palette, type Palette } from "./colour.ts";
export { diagnostic, sortDiagnostics, type Diagnostic, type RelatedPlace } from "./diagnostic.ts";
export { diagnosticToJson, location, renderDiagnostic, renderDiagnostics, type JsonDiagnostic, type JsonPlace, type RenderOptions } from "./render.ts";
