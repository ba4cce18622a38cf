/** A solely automated decision under a contract, and health data under employment law. */
const DECIDING = `
flow Hiring version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"

purpose screening "Consider your application" {
  basis contract
  needs answers
  retain 6 months
  automated decision "A score from your answers ranks your application" effects "A low score ends the application without a person reading it"
  category essential.service
}

purpose adjustments "Make the adjustments you need at interview" {
  basis legal_obligation "Equality Act 2010, s. 20"
  condition employment "Equality Act 2010, s. 20: the duty to make reasonable adjustments"
  needs needs_note
  retain 6 months
  category essential.service
}

field answers: text(500) "your answers" category user.content
field needs_note: text(200) "the adjustments you need" special health category user.health_and_medical

ask answers "Tell us about your experience" for screening under contract
ask needs_note "Do you need any adjustments at interview?" for adjustments under legal_obligation
end "Thank you."
`;

/**
 * The machine-readable exports of the record: the Fideslang manifest (YAML
 * through a small emitter that quotes every string) and the DPV JSON-LD.
 * Both read the same documents model as the record.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import jsonld from "jsonld";
import { Parser } from "n3";
import { expandDpv, readDpvTerms, VOCAB_DIR, vocabAvailable } from "../../scripts/gen-vocab.ts";
import { FULL } from "../../test/documents/fixtures.ts";
import { DPV_PREFIXES, DPV_TERMS } from "../vocab/dpv.ts";
import {
  FIDES_DATA_CATEGORIES,
  FIDES_DATA_SUBJECTS,
  FIDES_DATA_USES,
  FIDES_LEGAL_BASES,
  FIDES_PROFILING_BASES,
  FIDES_SPECIAL_CATEGORY_BASES,
  FIDES_TRANSFER_BASES,
} from "../vocab/fideslang.ts";
import { modelOf } from "../../test/documents/helpers.ts";
import { dpvDocument, renderDpv } from "./dpv.ts";
import { fideslangManifest, fidesKey, renderFideslang, toYaml, yamlString, type YamlValue } from "./fideslang.ts";

const model = modelOf({ "full.flow": FULL }, "full.flow");

/** Explicit consent for special-category data, sent to the US under standard contractual clauses. */
const EXPLICIT = `
flow Survey version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"

purpose survey "Ask about your background for our diversity report" {
  basis consent
  condition explicit_consent
  needs origin
  retain until withdrawn
  transfer to "United States" under "Standard contractual clauses (Art. 46(2)(c))"
  category analytics.reporting
}

field origin: text(100) "your ethnic origin" special racial_or_ethnic_origin category user.demographic

consent survey "May we record your ethnic origin for the report?"
  refused -> done
ask origin "How would you describe your ethnic origin?" for survey under consent
end done "Thank you."
`;

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
    expect(system).toMatchObject({
      fides_key: "clinic",
      name: "Clinic",
      legal_name: "Harbour Clinic",
      dpo: "dpo@harbour.example",
      does_international_transfers: true,
    });
    const decls = system.privacy_declarations as Record<string, YamlValue>[];
    expect(decls.map((d) => d.data_use)).toEqual(["essential.service", "essential.service.notifications.sms"]);
    expect(decls[0]).toMatchObject({
      name: "Book your appointment",
      data_categories: ["user.name", "user.health_and_medical"],
      legal_basis_for_processing: "Contract",
      retention_period: "365",
      processes_special_category_data: true,
      special_category_legal_basis: "Health or social care (with a basis in law)",
      third_parties: "BookIt Ltd (processor)",
    });
    expect(system.legal_basis_for_transfers).toEqual(["Adequacy Decision"]);
    expect(missing).toEqual(["purpose triage has no data-use category", "purpose records has no data-use category"]);
    expect(fidesKey("LeadCapture")).toBe("lead_capture");
  });

  it("never writes data_use: null — Fideslang requires a data use; the purpose is named as missing instead", () => {
    const text = renderFideslang(model);
    expect(text).not.toMatch(/data_use: null/);
    expect(text).toContain("# missing: purpose triage has no data-use category; add `category ID` to it in the source.");
  });

  it("writes only values of Fideslang's own taxonomy and enums (its model's validation)", () => {
    for (const m of [model, modelOf({ "explicit.flow": EXPLICIT }, "explicit.flow"), modelOf({ "deciding.flow": DECIDING }, "deciding.flow")]) {
      const system = (fideslangManifest(m).manifest as { system: Record<string, YamlValue>[] }).system[0]!;
      for (const t of (system.legal_basis_for_transfers as string[] | undefined) ?? []) expect(FIDES_TRANSFER_BASES).toContain(t);
      for (const d of system.privacy_declarations as Record<string, YamlValue>[]) {
        expect(Object.keys(FIDES_DATA_USES)).toContain(d.data_use);
        for (const c of d.data_categories as string[]) expect(Object.keys(FIDES_DATA_CATEGORIES)).toContain(c);
        for (const s of d.data_subjects as string[]) expect(Object.keys(FIDES_DATA_SUBJECTS)).toContain(s);
        expect(FIDES_LEGAL_BASES).toContain(d.legal_basis_for_processing);
        if (d.special_category_legal_basis !== undefined) expect(FIDES_SPECIAL_CATEGORY_BASES).toContain(d.special_category_legal_basis);
      }
    }
    const explicit = (fideslangManifest(modelOf({ "explicit.flow": EXPLICIT }, "explicit.flow")).manifest as { system: Record<string, YamlValue>[] })
      .system[0]!;
    expect((explicit.privacy_declarations as Record<string, YamlValue>[])[0]!.special_category_legal_basis).toBe("Explicit consent");
    expect(explicit.legal_basis_for_transfers).toEqual(["SCCs"]);
  });

  it("the generated id lists are Fideslang's own (read from ../shared/vocab when present)", () => {
    if (!vocabAvailable()) return console.warn(`skipping: no vocabularies at ${VOCAB_DIR}`);
    const enums = JSON.parse(readFileSync(join(VOCAB_DIR, "fideslang", "enums.json"), "utf8")) as Record<string, string[]>;
    expect([...FIDES_SPECIAL_CATEGORY_BASES]).toEqual(enums.SpecialCategoryLegalBasisEnum);
    expect([...FIDES_LEGAL_BASES]).toEqual(enums.LegalBasisForProcessingEnum);
    const uses = JSON.parse(readFileSync(join(VOCAB_DIR, "fideslang", "data_uses.json"), "utf8")) as { data_use: { fides_key: string }[] };
    expect(Object.keys(FIDES_DATA_USES)).toEqual(uses.data_use.map((u) => u.fides_key));
  });
});

describe("dpv", () => {
  const doc = dpvDocument(model) as { "@context": Record<string, string>; "@graph": Record<string, unknown>[] };
  const processes = doc["@graph"].filter((n) => n["@type"] === "dpv:Process");
  const bases = (h: Record<string, unknown>) => (h["dpv:hasLegalBasis"] as { "@id"?: string }[]).map((b) => b["@id"]);

  it("is JSON-LD with the DPV 2.3 namespaces (no retired DPV 1.0 dpv-gdpr namespace)", () => {
    expect(JSON.parse(renderDpv(model))).toEqual(doc);
    expect(doc["@context"]).toMatchObject({ dpv: "https://w3id.org/dpv#", "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#", pd: "https://w3id.org/dpv/pd#" });
    expect(renderDpv(model)).not.toMatch(/dpv-gdpr|PersonalDataHandling|hasSpecialCategory/);
  });

  it("describes each purpose's processing with its legal basis, data, storage, recipients and controller", () => {
    expect(processes).toHaveLength(4);
    expect(processes.map((h) => bases(h)[0])).toEqual(["eu-gdpr:A6-1-b", "eu-gdpr:A6-1-a", "eu-gdpr:A6-1-f", "eu-gdpr:A6-1-c"]);
    const booking = processes[0]!;
    expect(booking["dpv:hasPurpose"]).toMatchObject({ "@type": "dpv:Purpose", "dct:description": "Book your appointment" });
    expect(booking["dpv:hasPersonalData"]).toEqual([
      expect.objectContaining({ "@type": "dpv:PersonalData", "dct:title": "name" }),
      expect.objectContaining({ "@type": ["dpv:PersonalData", "dpv:SpecialCategoryPersonalData", "pd:Health"], "dct:title": "symptoms" }),
    ]);
    expect(booking["dpv:hasStorageCondition"]).toEqual([expect.objectContaining({ "@type": "dpv:StorageDuration" })]);
    expect(JSON.stringify(booking["dpv:hasStorageCondition"])).toContain('"P1Y"');
    expect(booking["dpv:hasRecipient"]).toEqual([{ "@type": "dpv:Recipient", "dpv:hasName": "BookIt Ltd (processor)" }]);
    expect(booking["dpv:hasThirdCountry"]).toEqual([{ "@type": "dpv:ThirdCountry", "dpv:hasName": "Canada" }]);
    const controller = doc["@graph"].find((n) => n["@type"] === "dpv:DataController")!;
    expect(booking["dpv:hasDataController"]).toEqual([{ "@id": controller["@id"] }]);
    expect(controller["dpv:hasName"]).toBe("Harbour Clinic");
  });

  it("exports the Art. 9(2) condition, the transfer mechanism (Art. 45/46) and automated decision-making with EU-GDPR terms", () => {
    const [booking, , triage] = processes;
    expect(bases(booking!)).toEqual(["eu-gdpr:A6-1-b", "eu-gdpr:A9-2-h", "eu-gdpr:A45-3"]);
    expect(bases(triage!)).toEqual(["eu-gdpr:A6-1-f", "eu-gdpr:A9-2-h"]);
    // Profiling is processing, not automated decision-making (Art. 4(4), Art. 22(1)).
    expect(triage!["dpv:hasContext"]).toBeUndefined();
    expect(triage!["dpv:hasProcessing"]).toEqual([
      { "@type": "dpv:Profiling", "dct:description": "Your answers are scored; a high score puts you first in the list a nurse reviews each morning" },
    ]);
    const explicit = (dpvDocument(modelOf({ "explicit.flow": EXPLICIT }, "explicit.flow"))["@graph"] as Record<string, unknown>[]).find(
      (n) => n["@type"] === "dpv:Process",
    )!;
    expect(bases(explicit)).toEqual(["eu-gdpr:A6-1-a", "eu-gdpr:A9-2-a", "eu-gdpr:A46-2-c"]);
  });

  it("exports a solely automated decision with its logic and its consequence, and the Art. 9(2) condition with the fact it rests on (Art. 22(1), Art. 13(2)(f), Art. 9(2)(b))", () => {
    const src = DECIDING;
    const doc = dpvDocument(modelOf({ "deciding.flow": src }, "deciding.flow"))["@graph"] as Record<string, unknown>[];
    const [p, q] = doc.filter((n) => n["@type"] === "dpv:Process") as [Record<string, unknown>, Record<string, unknown>];
    expect(p["dpv:hasContext"]).toEqual([
      {
        "@type": "dpv:AutomatedDecisionMaking",
        "dct:description": "A score from your answers ranks your application",
        "dpv:hasConsequence": { "@type": "dpv:Consequence", "dct:description": "A low score ends the application without a person reading it" },
      },
    ]);
    expect((q["dpv:hasLegalBasis"] as { "dct:description"?: string }[]).map((b) => b["dct:description"])).toContain(
      "Art. 9(2)(b): Obligations in employment, social security and social protection law — Equality Act 2010, s. 20: the duty to make reasonable adjustments",
    );
    const fides = fideslangManifest(modelOf({ "deciding.flow": src }, "deciding.flow")).manifest as { system: Record<string, unknown>[] };
    expect(fides.system[0]!.uses_profiling).toBe(true);
    expect(fides.system[0]!.legal_basis_for_profiling).toEqual(["Contract"]);
    for (const b of fides.system[0]!.legal_basis_for_profiling as string[]) expect(FIDES_PROFILING_BASES).toContain(b);
  });

  it("uses only DPV 2.3 terms that exist and are not sunset: every IRI of the parsed RDF is checked against the vocabulary files", async () => {
    const known = vocabAvailable() ? readDpvTerms() : undefined;
    if (!known) console.warn(`checking against the generated term list only: no vocabularies at ${VOCAB_DIR}`);
    const generated = new Set(Object.keys(DPV_TERMS).map(expandDpv));
    for (const m of [model, modelOf({ "explicit.flow": EXPLICIT }, "explicit.flow"), modelOf({ "deciding.flow": DECIDING }, "deciding.flow")]) {
      const iris = await dpvIris(renderDpv(m));
      expect(iris.size).toBeGreaterThan(20);
      for (const iri of iris) {
        if (!Object.values(DPV_PREFIXES).some((ns) => iri.startsWith(ns))) {
          expect(iri, "only DPV, Dublin Core, RDF, XSD and Lawflow's own IRIs").toMatch(
            /^(urn:lawflow:|http:\/\/purl\.org\/dc\/terms\/|http:\/\/www\.w3\.org\/(1999\/02\/22-rdf-syntax-ns|2001\/XMLSchema)#)/,
          );
          continue;
        }
        expect(generated.has(iri), `${iri} is in compiler/vocab/dpv.ts`).toBe(true);
        if (known) {
          expect(known.has(iri), `${iri} exists in DPV 2.3`).toBe(true);
          expect(["sunset", "deprecated"]).not.toContain(known.get(iri)!.status);
        }
      }
    }
  });
});

/** Every IRI (subject, predicate, object, datatype) of a JSON-LD document, read by a real JSON-LD processor and N-Quads parser. */
async function dpvIris(text: string): Promise<Set<string>> {
  const nquads = (await jsonld.toRDF(JSON.parse(text) as jsonld.JsonLdDocument, { format: "application/n-quads" })) as unknown as string;
  const iris = new Set<string>();
  for (const q of new Parser({ format: "N-Quads" }).parse(nquads)) {
    for (const t of [q.subject, q.predicate, q.object]) if (t.termType === "NamedNode") iris.add(t.value);
    if (q.object.termType === "Literal") iris.add(q.object.datatype.value);
  }
  iris.delete("http://www.w3.org/2001/XMLSchema#string");
  return iris;
}
