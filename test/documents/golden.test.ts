/**
 * The documents of the examples are checked in (examples/* /docs/) and
 * regenerated here: a difference fails the test, so a change to an emitter
 * or an example shows up in review as a change to the documents themselves.
 * `UPDATE_GOLDEN=1 npx vitest run test/documents` rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDocumentsModel, type DocumentsModel } from "../../compiler/emit/documents-model.ts";
import { renderDot, renderMermaid, renderSvg } from "../../compiler/emit/diagram.ts";
import { renderDpv } from "../../compiler/emit/dpv.ts";
import { renderFideslang } from "../../compiler/emit/fideslang.ts";
import { buildNotice, renderNoticeHtml, renderNoticeMarkdown } from "../../compiler/emit/notice.ts";
import { buildRecord, renderRecordCsv, renderRecordJson, renderRecordMarkdown } from "../../compiler/emit/record.ts";
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

function recordDocs(dir: string, model: DocumentsModel): [string, () => string][] {
  const record = buildRecord(model);
  return [
    [`${dir}/record.md`, () => renderRecordMarkdown(record)],
    [`${dir}/record.csv`, () => renderRecordCsv(record)],
    [`${dir}/record.json`, () => renderRecordJson(record)],
    [`${dir}/fideslang.yml`, () => renderFideslang(model)],
    [`${dir}/dpv.jsonld`, () => renderDpv(model)],
  ];
}

function noticeDocs(dir: string, model: DocumentsModel, suffix = ""): [string, () => string][] {
  const notice = buildNotice(model);
  return [
    [`${dir}/notice${suffix}.md`, () => renderNoticeMarkdown(notice)],
    [`${dir}/notice${suffix}.html`, () => renderNoticeHtml(notice)],
  ];
}

async function diagramDocs(dir: string, model: DocumentsModel, name = "flow"): Promise<void> {
  const flow = model.flows[0]!;
  const mmd = renderMermaid(flow);
  expect(mermaidProblems(mmd)).toEqual([]);
  golden(`${dir}/${name}.mmd`, mmd);
  golden(`${dir}/${name}.dot`, renderDot(flow));
  const svg = await renderSvg(flow);
  expect(xmlProblems(svg)).toEqual([]);
  golden(`${dir}/${name}.svg`, svg);
}

describe("golden documents: examples/lead-capture", () => {
  const dir = "examples/lead-capture/docs";
  const model = buildDocumentsModel([programOf("examples/lead-capture/lead.flow")]);
  for (const [path, make] of [...noticeDocs(dir, model), ...recordDocs(dir, model)]) it(path, () => golden(path, make()));
  it(`${dir}/flow.{mmd,dot,svg}`, () => diagramDocs(dir, model));
});

describe("golden documents: examples/company-policy", () => {
  const dir = "examples/company-policy/docs";
  const flows = ["onboarding", "support"];
  const programs = flows.map((f) => programOf(`examples/company-policy/${f}.flow`));
  // One record for the company; one notice and one diagram per chat.
  for (const [path, make] of recordDocs(dir, buildDocumentsModel(programs))) it(path, () => golden(path, make()));
  flows.forEach((f, i) => {
    const model = buildDocumentsModel([programs[i]!]);
    for (const [path, make] of noticeDocs(dir, model, `-${f}`)) it(path, () => golden(path, make()));
    it(`${dir}/${f}.{mmd,dot,svg}`, () => diagramDocs(dir, model, f));
  });
});
