/**
 * The record of processing activities as CSV (RFC 4180), one row per
 * activity, safe to open in a spreadsheet: no cell can start a formula.
 */
import type { DocumentFormat } from "./format.ts";
import { buildDocumentsModel } from "./model.ts";
import { activityEntries, buildRecord, type ProcessingRecord } from "./record.ts";

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line
 * break, quotes doubled. A cell that a spreadsheet would read as a formula
 * (starting with = + - @, or a tab or carriage return before one) gets a
 * leading apostrophe, so opening the record never runs an author's string.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderRecordCsv(r: ProcessingRecord): string {
  if (r.activities.length === 0) return "";
  const header = activityEntries(r, r.activities[0]!).map((e) => (e.article ? `${e.item} (${e.article})` : e.item));
  const rows = [header, ...r.activities.map((a) => activityEntries(r, a).map((e) => e.text))];
  // RFC 4180: records end with CRLF.
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export const recordCsvFormat: DocumentFormat = {
  description: "CSV (RFC 4180), one row per activity",
  render: (programs) => renderRecordCsv(buildRecord(buildDocumentsModel(programs))),
};
