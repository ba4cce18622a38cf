/**
 * `lawflow record <files…> [--format md|csv|json|fideslang|dpv] [--out FILE]`
 * — the record of processing activities (GDPR Art. 30(1)) of a company's
 * flows: one activity per purpose, purposes shared through a `use`d policy
 * file merged and listing their flows. `fideslang` gives a Fideslang system
 * manifest (YAML), `dpv` the W3C Data Privacy Vocabulary as JSON-LD.
 */
import { Option, type Command } from "commander";
import type { CliContext } from "../context.ts";
import { checkedPrograms, writeDocument } from "./notice.ts";

const FORMATS = ["md", "csv", "json", "fideslang", "dpv"] as const;
type RecordFormat = (typeof FORMATS)[number];

interface RecordFlags {
  readonly format: RecordFormat;
  readonly out?: string;
}

export function registerRecord(program: Command, ctx: CliContext): void {
  program
    .command("record")
    .description("write the record of processing activities (GDPR Art. 30) of .flow files")
    .argument("<files...>", "the .flow files of the company (their shared policy files are read through `use`)")
    .addOption(new Option("--format <format>", "how to write the record").choices(FORMATS).default("md"))
    .option("-o, --out <file>", "write the record to FILE instead of stdout")
    .action(async (files: string[], flags: RecordFlags, command: Command) => {
      const programs = await checkedPrograms(ctx, files, command);
      if (!programs) return;
      const { buildDocumentsModel } = await import("../../compiler/emit/documents-model.ts");
      const model = buildDocumentsModel(programs);
      let text: string;
      if (flags.format === "fideslang") text = (await import("../../compiler/emit/fideslang.ts")).renderFideslang(model);
      else if (flags.format === "dpv") text = (await import("../../compiler/emit/dpv.ts")).renderDpv(model);
      else {
        const r = await import("../../compiler/emit/record.ts");
        const record = r.buildRecord(model);
        text = flags.format === "csv" ? r.renderRecordCsv(record) : flags.format === "json" ? r.renderRecordJson(record) : r.renderRecordMarkdown(record);
      }
      await writeDocument(ctx, text, flags.out, command);
    });
}
