/**
 * The documents: what the same source says to people and to auditors — the
 * privacy notice (GDPR Art. 13), the record of processing activities (Art.
 * 30(1)) with its Fideslang and DPV exports, and the diagram — and the notice
 * stamp a compiled machine carries. The one entry point of the compiler's
 * second back end; codegen/ is the first.
 *
 *   renderDocument("record", "csv", programs)   any registered format
 *   noticeStamp(program)                        the compile pipeline's stamp step
 *
 * model.ts gathers the facts once; every format reads them from there, so no
 * two documents can disagree.
 */
export { documentFormats, formatNames, renderDocument, type DocumentFormatName, type DocumentKind } from "./formats.ts";
export { DocumentRefused, type DocumentFormat } from "./format.ts";
export { SVG_STEP_LIMIT } from "./svg.ts";
export { noticeStamp, type NoticeStamp } from "./stamp.ts";
export { noticeArchive, type ArchivedNotice } from "./archive.ts";
