/**
 * The machine-readable exports of the record: the Fideslang manifest (YAML
 * through a small emitter that quotes every string) and the DPV JSON-LD.
 * Both read the same documents model as the record.
 */
import { describe, expect, it } from "vitest";
import { FULL } from "../../test/documents/fixtures.ts";
import { modelOf } from "../../test/documents/helpers.ts";
import { dpvDocument, renderDpv } from "./dpv.ts";
import { fideslangManifest, fidesKey, renderFideslang, toYaml, yamlString, type YamlValue } from "./fideslang.ts";

const model = modelOf({ "full.flow": FULL }, "full.flow");

/**
 * Reads back the block-YAML subset the emitter writes: mappings, sequences,
 * `[]`/`{}`, and scalars that are double-quoted strings (JSON-compatible
 * escapes), numbers, booleans or null. Anything else is an error — so a
 * plain (unquoted) author string would fail the round trip.
 */
function readYaml(text: string): YamlValue {
  const lines = text.split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  let i = 0;
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const scalar = (s: string): YamlValue => {
    if (s === "[]") return [];
    if (s === "{}") return {};
    if (s === "null") return null;
    if (s === "true" || s === "false") return s === "true";
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    if (s.startsWith('"')) return JSON.parse(s) as string;
    throw new Error(`unquoted scalar: ${s}`);
  };
  const block = (indent: number): YamlValue => {
    const first = lines[i]!;
    if (first.slice(indent).startsWith("- ")) {
      const list: YamlValue[] = [];
      while (i < lines.length && indentOf(lines[i]!) === indent && lines[i]!.slice(indent).startsWith("- ")) {
        const rest = lines[i]!.slice(indent + 2);
        if (/^[a-z_]+:/.test(rest)) {
          lines[i] = " ".repeat(indent + 2) + rest; // the first key of a mapping item
          list.push(block(indent + 2));
        } else {
          list.push(scalar(rest));
          i++;
        }
      }
      return list;
    }
    const map: Record<string, YamlValue> = {};
    while (i < lines.length && indentOf(lines[i]!) === indent) {
      const m = /^([a-z_]+):(?: (.*))?$/.exec(lines[i]!.slice(indent));
      if (!m) throw new Error(`bad line: ${lines[i]}`);
      i++;
      map[m[1]!] = m[2] !== undefined ? scalar(m[2]) : block(indentOf(lines[i]!));
    }
    return map;
  };
  return block(0);
}

describe("fideslang", () => {
  it("quotes every string and escapes what YAML would read otherwise", () => {
    expect(yamlString("no")).toBe('"no"');
    expect(yamlString('a "b" \\ c\nd\u2028\u0007')).toBe('"a \\"b\\" \\\\ c\\nd\\u2028\\u0007"');
    const tricky = { a: ["yes", "1e3", "null", "- x", "key: v", "#c", "&anchor", "*alias", "!tag", "{}", "'"], b: { c: "\ttab" }, d: [] };
    expect(readYaml(toYaml(tricky))).toEqual(tricky);
    expect(() => toYaml({ "bad key": 1 })).toThrow(/unsafe YAML key/);
  });

  it("makes one system per flow with a privacy declaration per purpose, from the categories", () => {
    const { manifest, missing } = fideslangManifest(model);
    expect(readYaml(renderFideslang(model))).toEqual(manifest);
    const system = (manifest as { system: Record<string, YamlValue>[] }).system[0]!;
    expect(system).toMatchObject({ fides_key: "clinic", name: "Clinic", legal_name: "Harbour Clinic", dpo: "dpo@harbour.example", does_international_transfers: true });
    const decls = system.privacy_declarations as Record<string, YamlValue>[];
    expect(decls.map((d) => d.data_use)).toEqual(["essential.service", "marketing.communications", null, null]);
    expect(decls[0]).toMatchObject({
      name: "Book your appointment",
      data_categories: ["user.name", "user.health_and_medical"],
      legal_basis_for_processing: "Contract",
      retention_period: "365",
      processes_special_category_data: true,
      special_category_legal_basis: "health_care",
      third_parties: "BookIt Ltd (processor)",
    });
    expect(decls[3]).toMatchObject({ legal_basis_for_processing: "Legal obligations" });
    expect(missing).toEqual(["purpose triage has no data-use category", "purpose records has no data-use category"]);
    expect(fidesKey("LeadCapture")).toBe("lead_capture");
  });
});

describe("dpv", () => {
  const doc = dpvDocument(model) as { "@context": Record<string, string>; "@graph": Record<string, unknown>[] };
  const handling = doc["@graph"].filter((n) => n["@type"] === "dpv:PersonalDataHandling");

  it("is JSON-LD with the DPV and DPV-GDPR namespaces", () => {
    expect(JSON.parse(renderDpv(model))).toEqual(doc);
    expect(doc["@context"].dpv).toBe("https://w3id.org/dpv#");
    expect(doc["@context"]["dpv-gdpr"]).toBe("https://w3id.org/dpv/dpv-gdpr#");
  });

  it("describes each purpose's handling with its legal basis, data, storage, recipients and controller", () => {
    expect(handling).toHaveLength(4);
    const basis = (h: Record<string, unknown>) => (h["dpv:hasLegalBasis"] as { "@id"?: string }[])[0]!["@id"];
    expect(handling.map(basis)).toEqual(["dpv-gdpr:A6-1-b", "dpv-gdpr:A6-1-a", "dpv-gdpr:A6-1-f", "dpv-gdpr:A6-1-c"]);
    const booking = handling[0]!;
    expect(booking["dpv:hasPurpose"]).toMatchObject({ "@type": "dpv:Purpose", "dct:description": "Book your appointment" });
    expect(booking["dpv:hasPersonalData"]).toEqual([
      expect.objectContaining({ "@type": "dpv:PersonalData", "dct:title": "name" }),
      expect.objectContaining({ "@type": ["dpv:PersonalData", "dpv:SpecialCategoryPersonalData"], "dct:title": "symptoms" }),
    ]);
    expect(booking["dpv:hasStorageCondition"]).toEqual([expect.objectContaining({ "@type": "dpv:StorageDuration" })]);
    expect(JSON.stringify(booking["dpv:hasStorageCondition"])).toContain('"P1Y"');
    expect(booking["dpv:hasRecipient"]).toEqual([{ "@type": "dpv:Recipient", "dpv:hasName": "BookIt Ltd (processor)" }]);
    expect(booking["dpv:hasThirdCountry"]).toEqual([{ "@type": "dpv:ThirdCountry", "dpv:hasName": "Canada" }]);
    const controller = doc["@graph"].find((n) => n["@type"] === "dpv:DataController")!;
    expect(booking["dpv:hasDataController"]).toEqual([{ "@id": controller["@id"] }]);
    expect(controller["dpv:hasName"]).toBe("Harbour Clinic");
  });
});
