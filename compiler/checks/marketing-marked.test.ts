import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../diagnostics/render.ts";
import { FIDES_DATA_USES } from "../vocab/fideslang.ts";
import { isMarketingUse } from "./marketing-marked.ts";
import { HEADER, detail, notes, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose news "Email you our monthly newsletter" {
  basis consent
  direct_marketing
  needs email
  retain until withdrawn
  category marketing.communications.email
}
purpose reply "Answer your question" {
  basis contract
  needs email
  retain 30 days
  category essential.service.operations.support
}
field email: email
consent news "May we email you our newsletter?"
ask email "Email?" for reply under contract, news under consent
end "Thanks"
`;
const unmarked = ok.replace("  direct_marketing\n", "");

/** The published taxonomy itself, read here rather than through the generated vocabulary the check uses. */
const TAXONOMY = fileURLToPath(new URL("../../../shared/vocab/fideslang/data_uses.json", import.meta.url));
const taxonomy = existsSync(TAXONOMY)
  ? (JSON.parse(readFileSync(TAXONOMY, "utf8")) as { data_use: { fides_key: string; parent_key: string | null; version_deprecated: string | null }[] }).data_use
  : undefined;

describe("marketing-marked", () => {
  it("passes a marketing purpose marked `direct_marketing` and a purpose whose data use is not marketing", () => {
    expect(only(ok, "LF332")).toEqual([]);
  });

  it("LF332 (Art. 21(2)–(3)): warns at a purpose with a marketing data use that is not marked `direct_marketing`", () => {
    expect(only(unmarked, "LF332")).toEqual(["LF332@3:9"]);
    const [d] = detail(unmarked, "LF332");
    expect(d!.severity).toBe("warning");
    expect(d!.message).toBe(
      "purpose `news` has the marketing data use `marketing.communications.email` but is not marked `direct_marketing`, so the person cannot object to it as to direct marketing (Art. 21(2)–(3))",
    );
    expect(notes(d!)).toEqual(["7:12 `marketing.communications.email` is `marketing` or under it in Fideslang's data uses"]);
  });

  it("LF332: warns whatever the basis, for `marketing` itself and for ids deeper under it", () => {
    const li = unmarked
      .replace("basis consent", 'basis legitimate_interests "Telling customers about similar products"')
      .replace("retain until withdrawn", "retain 1 year")
      .replace('consent news "May we email you our newsletter?"\n', "")
      .replace("news under consent", "news under legitimate_interests");
    expect(only(li, "LF332")).toEqual(["LF332@3:9"]);
    expect(only(unmarked.replace("marketing.communications.email", "marketing"), "LF332")).toEqual(["LF332@3:9"]);
    expect(only(unmarked.replace("marketing.communications.email", "marketing.advertising.first_party.targeted"), "LF332")).toEqual(["LF332@3:9"]);
    // Under `sales` or `personalize`, not `marketing`: no warning.
    expect(only(unmarked.replace("marketing.communications.email", "sales"), "LF332")).toEqual([]);
  });

  it("LF332: leaves an unknown id to LF218, and reports a purpose once", () => {
    expect(only(unmarked.replace("marketing.communications.email", "marketing.spam"), "LF332")).toEqual([]);
    expect(only(unmarked.replace("  category marketing.communications.email\n", "  category marketing.communications.email\n  category marketing.communications.sms\n"), "LF332")).toEqual(["LF332@3:9"]);
  });

  it("LF332: renders with a code frame under the purpose's name and a hint saying how to mark it", () => {
    const text = renderDiagnostic(detail(unmarked, "LF332")[0]!, { color: false });
    expect(text).toContain("warning[LF332]: purpose `news` has the marketing data use `marketing.communications.email`");
    expect(text).toContain("--> test.flow:3:9");
    expect(text).toContain('3 | purpose news "Email you our monthly newsletter" {');
    expect(text).toMatch(/\| {9}\^{4}\n/);
    expect(text).toContain("= hint: if it markets to the person, add the line `direct_marketing` inside purpose `news`");
  });

  describe.skipIf(!taxonomy)("against Fideslang's published data uses", () => {
    it("reads as marketing exactly the ids whose parent_key chain reaches `marketing`", () => {
      const parent = new Map(taxonomy!.map((e) => [e.fides_key, e.parent_key]));
      const under = (id: string): boolean => {
        for (let at: string | null | undefined = id; at; at = parent.get(at)) if (at === "marketing") return true;
        return false;
      };
      const live = taxonomy!.filter((e) => e.version_deprecated === null).map((e) => e.fides_key);
      expect(live).toContain("marketing");
      expect(live.filter(isMarketingUse)).toEqual(live.filter(under));
      expect(live.filter(isMarketingUse).length).toBeGreaterThan(5);
      expect(Object.keys(FIDES_DATA_USES).sort()).toEqual([...live].sort());
    });

    it("warns for every marketing id of the taxonomy and for none other", () => {
      const warned = Object.keys(FIDES_DATA_USES).filter((id) => only(unmarked.replace("marketing.communications.email", id), "LF332").length > 0);
      expect(warned).toEqual(Object.keys(FIDES_DATA_USES).filter(isMarketingUse));
      expect(warned).toContain("marketing.advertising.third_party.targeted");
      expect(warned).not.toContain("sales");
    });
  });
});
