/** The record of processing activities as Markdown: a table of the shared items, then one table per activity. */
import type { DocumentFormat } from "./format.ts";
import { escapeMarkdown } from "./markdown.ts";
import { buildDocumentsModel } from "./model.ts";
import { activityEntries, buildRecord, controllerText, dpoText, securityText, type ProcessingRecord } from "./record.ts";

const SHARED_ITEMS = new Set(["Controller", "Data protection officer", "Security measures"]);

/** Markdown table cells: markup and the cell separator `|` escaped, line breaks made spaces. */
const cell = escapeMarkdown;

export function renderRecordMarkdown(r: ProcessingRecord): string {
  const out: string[] = ["# Record of processing activities", ""];
  out.push(
    `Kept under Article 30(1) of the GDPR for ${cell(r.flows.map((f) => `${f.title} ${f.version}`).join(", "))}.`,
    "",
    "| Item | Entry |",
    "| --- | --- |",
    `| Controller (Art. 30(1)(a)) | ${cell(controllerText(r))} |`,
    `| Data protection officer (Art. 30(1)(a)) | ${cell(dpoText(r))} |`,
    `| Security measures (Art. 30(1)(g)) | ${cell(securityText(r))} |`,
    "",
  );
  for (const a of r.activities) {
    out.push(`## ${cell(a.description)}`, "", "| Item | Entry |", "| --- | --- |");
    // Controller, DPO and security are the same for every activity: the table above gives them once.
    for (const e of activityEntries(r, a).filter((e) => !SHARED_ITEMS.has(e.item))) {
      out.push(`| ${e.item}${e.article ? ` (${e.article})` : ""} | ${cell(e.text)} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

export const recordMarkdownFormat: DocumentFormat = {
  description: "Markdown",
  render: (programs) => renderRecordMarkdown(buildRecord(buildDocumentsModel(programs))),
};
