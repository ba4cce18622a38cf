/**
 * The documents of the examples are checked in (examples/* /docs/) and
 * regenerated here: a difference fails the test, so a change to an emitter
 * or an example shows up in review as a change to the documents themselves.
 * `UPDATE_GOLDEN=1 npx vitest run test/documents` rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import type { Program } from "../../compiler/program.ts";
import { renderDocument } from "../../compiler/documents/index.ts";
import { programOf } from "./helpers.ts";
import { mermaidProblems } from "./mermaid.ts";
import { xmlProblems } from "./xml.ts";

const update = process.env.UPDATE_GOLDEN === "1";

function golden(path: string, actual: string): void {
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`${path} is missing: run with UPDATE_GOLDEN=1 to create it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual, `${path} differs from what the source generates; run with UPDATE_GOLDEN=1 if the change is intended`).toBe(
    readFileSync(path, "utf8"),
  );
}

// Through the registry the command line writes them with: what is checked in is what `lawflow notice|record|graph` prints.
function recordDocs(dir: string, programs: readonly Program[]): [string, () => Promise<string>][] {
  return [
    [`${dir}/record.md`, () => renderDocument("record", "md", programs)],
    [`${dir}/record.csv`, () => renderDocument("record", "csv", programs)],
    [`${dir}/record.json`, () => renderDocument("record", "json", programs)],
    [`${dir}/fideslang.yml`, () => renderDocument("record", "fideslang", programs)],
    [`${dir}/dpv.jsonld`, () => renderDocument("record", "dpv", programs)],
  ];
}

function noticeDocs(dir: string, programs: readonly Program[], suffix = ""): [string, () => Promise<string>][] {
  return [
    [`${dir}/notice${suffix}.md`, () => renderDocument("notice", "md", programs)],
    [`${dir}/notice${suffix}.html`, () => renderDocument("notice", "html", programs)],
  ];
}

async function diagramDocs(dir: string, program: Program, name = "flow"): Promise<void> {
  const mmd = await renderDocument("graph", "mermaid", [program]);
  expect(mermaidProblems(mmd)).toEqual([]);
  golden(`${dir}/${name}.mmd`, mmd);
  golden(`${dir}/${name}.dot`, await renderDocument("graph", "dot", [program]));
  const svg = await renderDocument("graph", "svg", [program]);
  expect(xmlProblems(svg)).toEqual([]);
  golden(`${dir}/${name}.svg`, svg);
}

describe("golden documents: examples/lead-capture", () => {
  const dir = "examples/lead-capture/docs";
  const program = programOf("examples/lead-capture/lead.flow");
  for (const [path, make] of [...noticeDocs(dir, [program]), ...recordDocs(dir, [program])]) it(path, async () => golden(path, await make()));
  it(`${dir}/flow.{mmd,dot,svg}`, () => diagramDocs(dir, program));
});

describe("golden documents: examples/company-policy", () => {
  const dir = "examples/company-policy/docs";
  const flows = ["onboarding", "support"];
  const programs = flows.map((f) => programOf(`examples/company-policy/${f}.flow`));
  // One record for the company; one notice and one diagram per chat.
  for (const [path, make] of recordDocs(dir, programs)) it(path, async () => golden(path, await make()));
  flows.forEach((f, i) => {
    for (const [path, make] of noticeDocs(dir, [programs[i]!], `-${f}`)) it(path, async () => golden(path, await make()));
    it(`${dir}/${f}.{mmd,dot,svg}`, () => diagramDocs(dir, programs[i]!, f));
  });
});

describe("golden documents: examples/shop", () => {
  const dir = "examples/shop/docs";
  const program = programOf("examples/shop/shop.flow");
  for (const [path, make] of [...noticeDocs(dir, [program]), ...recordDocs(dir, [program])]) it(path, async () => golden(path, await make()));
});
