/** The record of processing activities as JSON, for tools. */
import type { DocumentFormat } from "./format.ts";
import { buildDocumentsModel } from "./model.ts";
import { buildRecord, type ProcessingRecord } from "./record.ts";

export function renderRecordJson(r: ProcessingRecord): string {
  return JSON.stringify(r, null, 2) + "\n";
}

export const recordJsonFormat: DocumentFormat = {
  description: "JSON",
  render: (programs) => renderRecordJson(buildRecord(buildDocumentsModel(programs))),
};
