/**
 * The processing of the documents model in the W3C Data Privacy Vocabulary
 * (DPV), as JSON-LD: one `dpv:PersonalDataHandling` per purpose, with its
 * purpose, legal basis (the DPV-GDPR concepts for Art. 6(1)(a)–(f)),
 * personal data (special categories typed as such), storage duration,
 * recipients, third-country transfers, data subjects, the controller and
 * the declared security measures.
 *
 * Built as a plain object and serialised with JSON.stringify, so every author
 * string is a JSON string and nothing else. Identifiers are `urn:lawflow:`
 * IRIs made of percent-encoded Lawflow names.
 */
import type { BasisName } from "../ast.ts";
import type { DocumentFormat } from "./format.ts";
import { buildDocumentsModel, fieldOf, purposeSubjects, type DocumentsModel } from "./model.ts";

const CONTEXT = {
  dpv: "https://w3id.org/dpv#",
  "dpv-gdpr": "https://w3id.org/dpv/dpv-gdpr#",
  dct: "http://purl.org/dc/terms/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
};

/** DPV-GDPR legal bases of Art. 6(1). */
export const DPV_LEGAL_BASIS: Readonly<Record<BasisName, string>> = {
  consent: "dpv-gdpr:A6-1-a",
  contract: "dpv-gdpr:A6-1-b",
  legal_obligation: "dpv-gdpr:A6-1-c",
  vital_interests: "dpv-gdpr:A6-1-d",
  public_task: "dpv-gdpr:A6-1-e",
  legitimate_interests: "dpv-gdpr:A6-1-f",
};

const iri = (...parts: string[]) => `urn:lawflow:${parts.map(encodeURIComponent).join(":")}`;

export function dpvDocument(model: DocumentsModel): Record<string, unknown> {
  const graph: Record<string, unknown>[] = [];
  const controllerIds = model.controllers.map((_, i) => iri("controller", String(i + 1)));
  model.controllers.forEach((c, i) => {
    graph.push({
      "@id": controllerIds[i],
      "@type": "dpv:DataController",
      "dpv:hasName": c.name,
      "dpv:hasContact": c.contact,
      ...(c.dpo !== undefined ? { "dpv:hasDataProtectionOfficer": { "@type": "dpv:DataProtectionOfficer", "dpv:hasContact": c.dpo } } : {}),
    });
  });
  for (const p of model.purposes) {
    const flows = model.flows.filter((f) => f.purposes.includes(p.key));
    const controllers = [...new Set(flows.map((f) => f.controller).filter((c) => c !== undefined))].map(
      (c) => controllerIds[model.controllers.indexOf(c!)] ?? controllerIds[0]!,
    );
    const security = [...new Set(flows.flatMap((f) => f.security))];
    const data = p.needs.map((k) => {
      const f = fieldOf(model, k);
      return {
        "@id": iri("data", f.key),
        "@type": f.special !== undefined ? ["dpv:PersonalData", "dpv:SpecialCategoryPersonalData"] : "dpv:PersonalData",
        "dct:title": f.name,
        "dct:description": f.label,
        ...(f.special !== undefined ? { "dpv:hasSpecialCategory": f.special } : {}),
        ...(f.category !== undefined ? { "dct:subject": `fideslang:${f.category}` } : {}),
      };
    });
    const legalBases: unknown[] = p.basis
      ? [
          {
            "@id": DPV_LEGAL_BASIS[p.basis.name],
            ...(p.evidence !== undefined ? { "dct:description": p.evidence } : {}),
          },
        ]
      : [];
    for (const t of p.transfers) legalBases.push({ "@type": "dpv:DataTransferLegalBasis", "dct:description": t.safeguard });
    graph.push({
      "@id": iri("processing", p.key),
      "@type": "dpv:PersonalDataHandling",
      "dct:title": p.name,
      "dct:source": flows.map((f) => `${f.name} ${f.version}`),
      "dpv:hasDataController": controllers.map((id) => ({ "@id": id })),
      "dpv:hasPurpose": {
        "@id": iri("purpose", p.key),
        "@type": "dpv:Purpose",
        "dct:description": p.why,
        ...(p.category !== undefined ? { "dct:subject": `fideslang:${p.category}` } : {}),
      },
      "dpv:hasLegalBasis": legalBases,
      "dpv:hasPersonalData": data,
      "dpv:hasDataSubject": purposeSubjects(model, p).map((s) => ({ "@type": "dpv:DataSubject", "dct:description": s })),
      "dpv:hasStorageCondition":
        p.retention.kind === "undeclared"
          ? []
          : [
              {
                "@type": "dpv:StorageDuration",
                "dct:description": p.retention.text,
                ...(p.retention.iso !== undefined ? { "dpv:hasDuration": { "@type": "dpv:Duration", "rdf:value": { "@value": p.retention.iso, "@type": "xsd:duration" } } } : {}),
              },
              ...(p.retention.orUntilWithdrawn ? [{ "@type": "dpv:StorageDeletion", "dct:description": "erased when consent is withdrawn" }] : []),
            ],
      "dpv:hasRecipient": p.recipients.map((r) => ({ "@type": "dpv:Recipient", "dpv:hasName": r })),
      ...(p.transfers.length > 0
        ? { "dpv:hasThirdCountry": p.transfers.map((t) => ({ "@type": "dpv:ThirdCountry", "dpv:hasName": t.country })) }
        : {}),
      ...(security.length > 0
        ? { "dpv:hasTechnicalOrganisationalMeasure": security.map((s) => ({ "@type": "dpv:TechnicalOrganisationalMeasure", "dct:description": s })) }
        : {}),
    });
  }
  return { "@context": CONTEXT, "@graph": graph };
}

export function renderDpv(model: DocumentsModel): string {
  return JSON.stringify(dpvDocument(model), null, 2) + "\n";
}

export const dpvFormat: DocumentFormat = {
  description: "W3C Data Privacy Vocabulary (JSON-LD)",
  render: (programs) => renderDpv(buildDocumentsModel(programs)),
};
