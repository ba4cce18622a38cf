/**
 * `lawflow record <files…> [--format md|csv|json|fideslang|dpv] [--out FILE]`
 * — the record of processing activities (GDPR Art. 30(1)) of a company's
 * flows: one activity per purpose, purposes shared through a `use`d policy
 * file merged and listing their flows. `fideslang` gives a Fideslang system
 * manifest (YAML), `dpv` the W3C Data Privacy Vocabulary as JSON-LD.
 */
import type { Command } from "commander";
import { formatNames } from "../../compiler/documents/index.ts";
import type { CliContext } from "../context.ts";
import { registerDocumentCommand } from "../documents.ts";

export function registerRecord(program: Command, ctx: CliContext): void {
  registerDocumentCommand(program, ctx, {
    name: "record",
    kind: "record",
    formats: formatNames("record"),
    description: "write the record of processing activities (GDPR Art. 30) of .flow files",
    argument: "<files...>",
    argumentDescription: "the .flow files of the company (their shared policy files are read through `use`)",
    formatDescription: "how to write the record",
    outDescription: "write the record to FILE instead of stdout",
  });
}
