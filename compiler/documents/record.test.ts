/**
 * The record of processing carries every item of GDPR Art. 30(1) for each
 * activity: present where the flows declare it, "not declared" / "none"
 * where they do not. Several flows sharing a policy file make one record,
 * one activity per purpose. CSV is RFC 4180 and cannot start a formula.
 */
import { describe, expect, it } from "vitest";
import { FULL, MINIMAL } from "../../test/documents/fixtures.ts";
import { modelOf, modelOfFiles } from "../../test/documents/helpers.ts";
import { csvCell, renderRecordCsv } from "./record-csv.ts";
import { renderRecordJson } from "./record-json.ts";
import { renderRecordMarkdown } from "./record-markdown.ts";
import { activityEntries, buildRecord, type ProcessingRecord } from "./record.ts";

const full = buildRecord(modelOf({ "full.flow": FULL }, "full.flow"));
const minimal = buildRecord(modelOf({ "tiny.flow": MINIMAL }, "tiny.flow"));

const entry = (r: ProcessingRecord, purpose: string, article: string) => {
  const a = r.activities.find((x) => x.purpose === purpose)!;
  return activityEntries(r, a)
    .filter((e) => e.article === article)
    .map((e) => e.text)
    .join(" | ");
};

/** Art. 30(1) item → what the full flow's `booking` activity and the minimal flow's `reply` activity say. */
const CHECKLIST: { article: string; what: string; full: RegExp; minimal: RegExp }[] = [
  { article: "Art. 30(1)(a)", what: "controller and DPO", full: /^Harbour Clinic \(privacy@harbour\.example\) \| dpo@harbour\.example$/, minimal: /^Tiny Co \(hello@tiny\.example\) \| not declared$/ },
  { article: "Art. 30(1)(b)", what: "purpose", full: /^Book your appointment$/, minimal: /^Reply to your question$/ },
  {
    article: "Art. 30(1)(c)",
    what: "data subjects and personal data",
    full: /^patients \| your full name \(text \(at most 80 characters\)\); your symptoms \(text \(at most 500 characters\); special category: health\)$/,
    minimal: /^people who use the Tiny chat \| your email address \(email address\)$/,
  },
  { article: "Art. 30(1)(d)", what: "recipients", full: /^BookIt Ltd \(processor\)$/, minimal: /^none$/ },
  { article: "Art. 30(1)(e)", what: "transfers and safeguards", full: /^Canada, safeguard: Adequacy decision \(Art\. 45\)$/, minimal: /^none$/ },
  { article: "Art. 30(1)(f)", what: "time limit for erasure", full: /^1 year after it is collected$/, minimal: /^7 days after it is collected$/ },
  { article: "Art. 30(1)(g)", what: "security measures", full: /^Encrypted at rest; access limited to clinical staff$/, minimal: /^not declared$/ },
];

describe("record: the Art. 30(1) checklist", () => {
  for (const item of CHECKLIST) {
    it(`${item.article} (${item.what}): stated when declared`, () => {
      expect(entry(full, "booking", item.article)).toMatch(item.full);
    });
    it(`${item.article} (${item.what}): marked when not declared`, () => {
      expect(entry(minimal, "reply", item.article)).toMatch(item.minimal);
    });
  }

  it("one activity per purpose, with basis, special categories and consent duration", () => {
    expect(full.activities.map((a) => a.purpose)).toEqual(["booking", "reminders", "triage", "records"]);
    expect(entry(full, "booking", "Art. 9")).toBe(
      "health (condition: Health or social care, Art. 9(2)(h): Care by our registered clinicians, who are bound by professional secrecy)",
    );
    // Profiling is recorded as what it is, not as a decision of Art. 22(1).
    expect(entry(full, "triage", "Art. 22")).toBe(
      "Profiling without decisions of Art. 22(1): Your answers are scored; a high score puts you first in the list a nurse reviews each morning",
    );
    expect(entry(full, "booking", "Art. 22")).toBe("none");
    expect(entry(full, "records", "Art. 6(1)")).toBe("Legal obligation (Art. 6(1)(c)): Health Records Act 2020, s. 4");
    expect(entry(full, "reminders", "Art. 30(1)(f)")).toBe(
      "6 months after it is collected, or until the person withdraws their consent if that is sooner; erased when the consent lapses, 12 months after it is given, if that is sooner",
    );
  });

  it("every item appears in Markdown, CSV and JSON", () => {
    const md = renderRecordMarkdown(minimal);
    const csv = renderRecordCsv(minimal);
    const json = JSON.parse(renderRecordJson(minimal));
    for (const art of ["30(1)(a)", "30(1)(b)", "30(1)(c)", "30(1)(d)", "30(1)(e)", "30(1)(f)", "30(1)(g)"]) {
      expect(md).toContain(`Art. ${art}`);
      expect(csv.split("\r\n")[0]).toContain(`Art. ${art}`);
    }
    expect(json.controllers).toEqual([{ name: "Tiny Co", contact: "hello@tiny.example", dpo: null }]);
    expect(json.security).toEqual([]);
    expect(json.activities[0]).toMatchObject({ purpose: "reply", recipients: [], transfers: [], retention: "7 days after it is collected", retentionPeriod: "P7D" });
  });
});

describe("record: several flows and a shared policy", () => {
  const model = modelOfFiles("examples/company-policy/onboarding.flow", "examples/company-policy/support.flow");
  const record = buildRecord(model);

  it("is one record for the company: one controller, every flow", () => {
    expect(record.controllers).toEqual([{ name: "Acme Analytics Ltd", contact: "privacy@acme.example", dpo: "dpo@acme.example" }]);
    expect(record.flows).toEqual([
      { name: "Onboarding", title: "Onboarding", version: "2.1.0" },
      { name: "Support", title: "Support", version: "1.4.0" },
    ]);
  });

  it("merges a purpose that several flows share into one activity listing them", () => {
    const purposes = record.activities.map((a) => a.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    expect(purposes.sort()).toEqual(["account", "fraud", "invoicing", "product_news", "support"]);
    // The flows each activity lists are the flows that process for it.
    const flowsOf = (p: string) => record.activities.find((a) => a.purpose === p)!.flows;
    expect(flowsOf("support")).toEqual(["Support"]);
    expect(flowsOf("account")).toEqual(["Onboarding"]);
  });

  it("a purpose reached by two flows lists both", () => {
    const shared = buildRecord(
      modelOf(
        {
          "policy.flow": `controller "Acme" contact "p@acme.example"
purpose help "Help you" { basis contract  needs email  retain 30 days }
field email: email "your email"`,
          "a.flow": `flow A version "1.0.0"
use "./policy.flow"
ask email "Email?" for help under contract
end "Bye"`,
          "b.flow": `flow B version "2.0.0"
use "./policy.flow"
ask email "Your email?" for help under contract
end "Bye"`,
        },
        "a.flow",
        "b.flow",
      ),
    );
    expect(shared.activities).toHaveLength(1);
    expect(shared.activities[0]!.flows).toEqual(["A", "B"]);
    expect(shared.activities[0]!.subjects).toEqual(["people who use the A chat", "people who use the B chat"]);
    expect(renderRecordCsv(shared).trimEnd().split("\r\n")).toHaveLength(2);
  });
});

describe("record: CSV", () => {
  it("quotes cells per RFC 4180", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  it("never lets a cell start a formula", () => {
    for (const c of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(csvCell(c).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("=HYPERLINK(\"http://x\",\"y\")")).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it("author strings in every column stay inside their cell", () => {
    const evil = buildRecord(
      modelOf(
        {
          "e.flow": `flow E version "1.0.0"
controller "=cmd|' /C calc'!A0" contact "@evil, \\"x\\""
security "-2+3"
purpose p "+why, \\"quoted\\"\\nnext" { basis contract  needs f  retain 1 day  shared with "=1,2" }
field f: text(5) "=label"
ask f "Q?" for p under contract
end "Bye"`,
        },
        "e.flow",
      ),
    );
    const csv = renderRecordCsv(evil);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    for (const cell of rows[1]!) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(rows[1]![0]).toBe(`'=cmd|' /C calc'!A0 (@evil, "x")`);
  });
});

/** A strict RFC 4180 reader, to check what the writer produced. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted cell");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted cell`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} after a cell`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
