/**
 * Human words in human documents (Art. 12(1): "concise, transparent,
 * intelligible … using clear and plain language"): no identifier of the
 * source — a special category, an Art. 9(2) condition, a field name without a
 * label, the flow's name — reaches the notice or the record meant for people.
 * Each has a human label, declared or derived. The machine formats (record
 * JSON, Fideslang, DPV) keep the ids.
 */
import { describe, expect, it } from "vitest";
import { modelOf } from "../../test/documents/helpers.ts";
import { renderNoticeHtml } from "./notice-html.ts";
import { renderNoticeMarkdown } from "./notice-markdown.ts";
import { buildNotice } from "./notice.ts";
import { renderRecordCsv } from "./record-csv.ts";
import { renderRecordMarkdown } from "./record-markdown.ts";
import { buildRecord } from "./record.ts";
import { humanName } from "./wording.ts";

const SURVEY = `
flow DiversitySurvey version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"

purpose monitoring "Monitor equal opportunities in our hiring" {
  basis consent
  condition explicit_consent
  needs ethnic_origin, birth_year
  retain until withdrawn
}

field ethnic_origin: text(100) special racial_or_ethnic_origin
field birth_year: integer(1900..2026)

consent monitoring "May we ask about your background to monitor equal opportunities?"
  refused -> done
ask ethnic_origin "How would you describe your ethnic origin?" for monitoring under consent
ask birth_year "What year were you born?" for monitoring under consent
end done "Thank you."
`;

const model = modelOf({ "survey.flow": SURVEY }, "survey.flow");
const notice = buildNotice(model);
const record = buildRecord(model);
const forPeople = {
  "notice (Markdown)": renderNoticeMarkdown(notice),
  "notice (HTML)": renderNoticeHtml(notice),
  "record (Markdown)": renderRecordMarkdown(record),
  "record (CSV)": renderRecordCsv(record),
};
const RAW = ["DiversitySurvey", "racial_or_ethnic_origin", "explicit_consent", "ethnic_origin", "birth_year"];

describe("Art. 12(1): plain language in the notice and the record", () => {
  it.each(Object.entries(forPeople))("the %s shows no identifier of the source", (_, text) => {
    for (const raw of RAW) expect(text, raw).not.toContain(raw);
    // Markdown escapes underscores; an escaped identifier is no better.
    for (const raw of RAW) expect(text, raw).not.toContain(raw.replace(/_/g, "\\_"));
    // The purpose's id (`monitoring`) is for tools: the record's JSON keeps it.
    expect(text).not.toMatch(/\(monitoring\)/);
  });

  it("the notice names the special category, the Art. 9(2)(a) condition, the derived field labels and the flow in words", () => {
    const md = forPeople["notice (Markdown)"];
    expect(md).toContain("# Privacy notice: Diversity survey chat");
    expect(md).toContain("This includes special-category data (racial or ethnic origin), processed under the Art. 9(2)(a) condition: explicit consent.");
    expect(md).toContain("Data: ethnic origin, birth year.");
  });

  it("the record names the condition with its point of Art. 9(2), and the flow in words", () => {
    const md = forPeople["record (Markdown)"];
    expect(md).toContain("Kept under Article 30(1) of the GDPR for Diversity survey 1.0.0.");
    expect(md).toContain("| Special categories (Art. 9) | racial or ethnic origin (condition: Explicit consent, Art. 9(2)(a)) |");
    expect(md).toContain("ethnic origin (text (at most 100 characters); special category: racial or ethnic origin)");
  });

  it("a declared label wins over the derived one; machine formats keep the ids", () => {
    const labelled = modelOf({ "survey.flow": SURVEY.replace("text(100) special", 'text(100) "your ethnic origin" special') }, "survey.flow");
    expect(renderNoticeMarkdown(buildNotice(labelled))).toContain("Data: your ethnic origin, birth year.");
    const activity = buildRecord(labelled).activities[0]!;
    expect(activity.specialCondition).toBe("explicit_consent");
    expect(activity.data[0]).toMatchObject({ field: "ethnic_origin", special: "racial_or_ethnic_origin" });
  });

  it("derives words from identifiers", () => {
    expect(humanName("LeadCapture", true)).toBe("Lead capture");
    expect(humanName("birth_year")).toBe("birth year");
    expect(humanName("CRMSync", true)).toBe("CRM sync");
    expect(humanName("plan")).toBe("plan");
  });
});
