import { describe, expect, it } from "vitest";
import { generateFlow } from "../../bench/generate-flow.ts";
import { programOf } from "../../test/documents/helpers.ts";
import { memoryReader } from "../load.ts";
import { DocumentRefused, documentFormats, formatNames, renderDocument, SVG_STEP_LIMIT } from "./index.ts";
import { renderNoticeMarkdown } from "./notice-markdown.ts";
import { buildDocumentsModel } from "./model.ts";
import { buildNotice } from "./notice.ts";

const lead = programOf("examples/lead-capture/lead.flow");

describe("the registry of document formats", () => {
  it("lists each kind's formats, the default first", () => {
    expect(formatNames("notice")).toEqual(["md", "html"]);
    expect(formatNames("record")).toEqual(["md", "csv", "json", "fideslang", "dpv"]);
    expect(formatNames("graph")).toEqual(["mermaid", "dot", "svg"]);
    for (const kind of Object.keys(documentFormats) as (keyof typeof documentFormats)[]) {
      for (const format of Object.values(documentFormats[kind])) expect(format.description).not.toBe("");
    }
  });

  it("renders a format as its own renderer does", async () => {
    expect(await renderDocument("notice", "md", [lead])).toBe(renderNoticeMarkdown(buildNotice(buildDocumentsModel([lead]))));
    expect(await renderDocument("graph", "mermaid", [lead])).toMatch(/^flowchart TD\n/);
  });

  it("refuses a format it does not have, naming those it has", async () => {
    await expect(renderDocument("record", "xml" as never, [lead])).rejects.toThrow('unknown record format "xml": use one of md, csv, json, fideslang, dpv');
    await expect(renderDocument("notice", "toString" as never, [lead])).rejects.toThrow(/unknown notice format "toString"/);
    // From JavaScript, a kind it does not have is said as such too, not as a TypeError from inside.
    await expect(renderDocument("privacy" as never, "md" as never, [lead])).rejects.toThrow('unknown document "privacy": use one of notice, record, graph');
  });

  it("refuses to draw no flow: a bug in the caller, said as one", async () => {
    await expect(renderDocument("graph", "dot", [])).rejects.toThrow("internal: a diagram needs a flow, and none was given");
  });
});

describe("a format that will not write a document", () => {
  it("refuses with a diagnostic: SVG above its step limit is LF505, naming the formats without the limit", async () => {
    const huge = programOf("huge.flow", memoryReader({ "huge.flow": generateFlow({ steps: 2 * SVG_STEP_LIMIT }) }));
    const refused = await renderDocument("graph", "svg", [huge]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DocumentRefused);
    const d = (refused as DocumentRefused).diagnostic;
    expect([d.code, d.path]).toEqual(["LF505", "huge.flow"]);
    expect(d.message).toMatch(/^`huge.flow` has [\d,]+ steps to draw; SVG is laid out for at most 1,000$/);
    expect(d.hint).toContain("--format dot");
    expect(await renderDocument("graph", "dot", [huge])).toMatch(/^digraph /);
  });
});
