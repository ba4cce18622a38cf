/**
 * A company's documents from its flows, through the compiler's library API
 * (`lawflow/compiler`) rather than the command line: one record of
 * processing for every chat, and for each chat its privacy notice and its
 * diagram, in every format the registry offers. This is how a build step or
 * a documentation site would publish them.
 *
 *   npx tsx examples/company-policy/write-documents.ts [OUT_DIR]
 *
 * With no OUT_DIR it checks examples/company-policy/docs/ instead: it
 * prints each file that differs from what the flows give, and exits 1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileFile, documentFormats, formatNames, renderDiagnostics, renderDocument, type Program } from "lawflow/compiler";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const CHATS = ["onboarding", "support"] as const;

/** `record.csv`, `notice-support.html`, `onboarding.mmd`; the two exports of the record keep their own names. */
function fileName(format: string, stem: string): string {
  if (format === "fideslang") return "fideslang.yml";
  if (format === "dpv") return "dpv.jsonld";
  return `${stem}.${format === "mermaid" ? "mmd" : format}`;
}

/** Every document of the company, file name → text. Throws with the diagnostics if a flow has an error. */
export async function companyDocuments(): Promise<Map<string, string>> {
  const programs = CHATS.map((chat) => checked(join(HERE, `${chat}.flow`)));
  const files = new Map<string, string>();
  for (const format of formatNames("record")) files.set(fileName(format, "record"), await renderDocument("record", format, programs));
  for (const [i, chat] of CHATS.entries()) {
    for (const format of formatNames("notice")) files.set(fileName(format, `notice-${chat}`), await renderDocument("notice", format, [programs[i]!]));
    for (const format of formatNames("graph")) files.set(fileName(format, chat), await renderDocument("graph", format, [programs[i]!]));
  }
  return files;
}

function checked(path: string): Program {
  const result = compileFile(path, { until: "check" });
  if (!result.ok || !result.program) throw new Error(`${path} has errors:\n${renderDiagnostics(result.diagnostics)}`);
  return result.program;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2];
  const documents = await companyDocuments();
  if (out !== undefined) {
    mkdirSync(out, { recursive: true });
    for (const [name, text] of documents) writeFileSync(join(out, name), text);
    console.log(`wrote ${documents.size} documents (${Object.keys(documentFormats).join(", ")}) to ${out}`);
  } else {
    const stale = [...documents].filter(([name, text]) => {
      const path = join(HERE, "docs", name);
      return !existsSync(path) || readFileSync(path, "utf8") !== text;
    });
    for (const [name] of stale) console.log(`differs: docs/${name}`);
    if (stale.length === 0) console.log(`docs/ is up to date (${documents.size} documents)`);
    process.exitCode = stale.length === 0 ? 0 : 1;
  }
}
