/**
 * The registry of document formats: each kind of document (the privacy
 * notice, the record of processing, the diagram) and the formats it is
 * written in. The command line offers exactly these; adding a format is one
 * file exporting a {@link DocumentFormat} and one line here.
 */
import { dotFormat } from "./dot.ts";
import { dpvFormat } from "./dpv.ts";
import { fideslangFormat } from "./fideslang.ts";
import type { DocumentFormat } from "./format.ts";
import type { Program } from "../program.ts";
import { mermaidFormat } from "./mermaid.ts";
import { noticeHtmlFormat } from "./notice-html.ts";
import { noticeMarkdownFormat } from "./notice-markdown.ts";
import { recordCsvFormat } from "./record-csv.ts";
import { recordJsonFormat } from "./record-json.ts";
import { recordMarkdownFormat } from "./record-markdown.ts";
import { svgFormat } from "./svg.ts";

/** Each kind's first format is its default. */
export const documentFormats = {
  /** The privacy notice of GDPR Art. 13. */
  notice: { md: noticeMarkdownFormat, html: noticeHtmlFormat },
  /** The record of processing activities of GDPR Art. 30(1). */
  record: { md: recordMarkdownFormat, csv: recordCsvFormat, json: recordJsonFormat, fideslang: fideslangFormat, dpv: dpvFormat },
  /** The diagram of a flow. */
  graph: { mermaid: mermaidFormat, dot: dotFormat, svg: svgFormat },
} as const satisfies Readonly<Record<string, Readonly<Record<string, DocumentFormat>>>>;

export type DocumentKind = keyof typeof documentFormats;
export type DocumentFormatName<K extends DocumentKind> = keyof (typeof documentFormats)[K] & string;

/** The format names of a kind, its default first. */
export function formatNames<K extends DocumentKind>(kind: K): DocumentFormatName<K>[] {
  return Object.keys(documentFormats[kind]) as DocumentFormatName<K>[];
}

/**
 * Writes one document of checked programs (see {@link DocumentFormat.render}).
 * An unknown format is refused with the ones that exist.
 */
export async function renderDocument<K extends DocumentKind>(kind: K, format: DocumentFormatName<K>, programs: readonly Program[]): Promise<string> {
  if (!Object.hasOwn(documentFormats, kind)) throw new RangeError(`unknown document ${JSON.stringify(kind)}: use one of ${Object.keys(documentFormats).join(", ")}`);
  const formats: Readonly<Record<string, DocumentFormat>> = documentFormats[kind];
  const entry = Object.hasOwn(formats, format) ? formats[format] : undefined;
  if (!entry) throw new RangeError(`unknown ${kind} format ${JSON.stringify(format)}: use one of ${formatNames(kind).join(", ")}`);
  return entry.render(programs);
}
