/**
 * `lawflow notice <files…> [--format md|html] [--out FILE] [--archive DIR]` — the privacy
 * notice of GDPR Art. 13 for the flows, from the same source as the machine.
 * Its version is the flow's version and its content hash is the one the
 * compiled machine carries in `notice`, so a consent receipt names this text;
 * `--archive DIR` keeps each flow's notice there under that hash.
 */
import type { Command } from "commander";
import { formatNames } from "../../compiler/documents/index.ts";
import type { CliContext } from "../context.ts";
import { registerDocumentCommand } from "../documents.ts";

export function registerNotice(program: Command, ctx: CliContext): void {
  registerDocumentCommand(program, ctx, {
    name: "notice",
    kind: "notice",
    formats: formatNames("notice"),
    description: "write the privacy notice (GDPR Art. 13) of .flow files",
    argument: "<files...>",
    argumentDescription: "the .flow files the notice covers (normally one)",
    formatDescription: "Markdown or a complete HTML page",
    outDescription: "write the notice to FILE instead of stdout",
    archive: true,
  });
}
