/**
 * The processing of the documents model in the W3C Data Privacy Vocabulary
 * (DPV 2.3), as JSON-LD: one `dpv:Process` per purpose, with its purpose,
 * legal bases (the EU-GDPR extension's Art. 6(1)(a)–(f), the Art. 9(2)
 * condition, and the Art. 45–46 transfer mechanism), personal data (special
 * categories typed with the DPV personal-data concepts), storage duration,
 * recipients, third-country transfers, automated decision-making, data
 * subjects, the controller and the declared security measures.
 *
 * Every DPV term written is a {@link DpvTerm}: generated from DPV 2.3 and
 * checked to exist and not be sunset there (scripts/gen-vocab.ts).
 *
 * Built as a plain object and serialised with JSON.stringify, so every author
 * string is a JSON string and nothing else. Identifiers are `urn:lawflow:`
 * IRIs made of percent-encoded Lawflow names.
 */
import type { BasisName } from "../ast.ts";
import type { Art9Condition, SpecialCategory } from "../checks/art9-names.ts";
import { DPV_PREFIXES, type DpvTerm } from "../vocab/dpv.ts";
import type { DocumentFormat } from "./format.ts";
import { CONDITIONS, SPECIAL_CATEGORY_INFO, transferMechanism, TRANSFER_MECHANISMS } from "./law.ts";
import { buildDocumentsModel, fieldOf, purposeSubjects, type DocumentsModel } from "./model.ts";

const CONTEXT = {
  ...DPV_PREFIXES,
  dct: "http://purl.org/dc/terms/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
};

/** The EU-GDPR legal bases of Art. 6(1). */
export const DPV_LEGAL_BASIS: Readonly<Record<BasisName, DpvTerm>> = {
  consent: "eu-gdpr:A6-1-a",
  contract: "eu-gdpr:A6-1-b",
  legal_obligation: "eu-gdpr:A6-1-c",
  vital_interests: "eu-gdpr:A6-1-d",
  public_task: "eu-gdpr:A6-1-e",
  legitimate_interests: "eu-gdpr:A6-1-f",
};

/** A DPV term as a JSON-LD value; typed so that only generated, checked terms can be written. */
const term = (t: DpvTerm) => t;

const iri = (...parts: string[]) => `urn:lawflow:${parts.map(encodeURIComponent).join(":")}`;

export function dpvDocument(model: DocumentsModel): Record<string, unknown> {
  const graph: Record<string, unknown>[] = [];
  const controllerIds = model.controllers.map((_, i) => iri("controller", String(i + 1)));
  model.controllers.forEach((c, i) => {
    graph.push({
      "@id": controllerIds[i],
      "@type": term("dpv:DataController"),
      "dpv:hasName": c.name,
      "dpv:hasContact": c.contact,
      ...(c.dpo !== undefined
        ? {
            "dpv:hasDataProtectionOfficer": {
              "@type": term("dpv:DataProtectionOfficer"),
              "dpv:hasContact": c.dpo,
            },
          }
        : {}),
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
        "@type":
          f.special !== undefined
            ? [term("dpv:PersonalData"), term("dpv:SpecialCategoryPersonalData"), ...SPECIAL_CATEGORY_INFO[f.special as SpecialCategory].dpv]
            : term("dpv:PersonalData"),
        "dct:title": f.name,
        "dct:description": f.label,
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
    if (p.condition !== undefined) {
      const condition = CONDITIONS[p.condition as Art9Condition];
      legalBases.push({
        "@id": condition.dpv,
        "dct:description": `${condition.article}: ${condition.label}${p.conditionFact ? ` — ${p.conditionFact}` : ""}`,
      });
    }
    for (const t of p.transfers) {
      const mechanism = TRANSFER_MECHANISMS[transferMechanism(t.safeguard)].dpv;
      legalBases.push(
        mechanism !== undefined
          ? { "@id": mechanism, "dct:description": t.safeguard }
          : {
              "@type": term("dpv:DataTransferLegalBasis"),
              "dct:description": t.safeguard,
            },
      );
    }
    graph.push({
      "@id": iri("processing", p.key),
      "@type": term("dpv:Process"),
      "dct:title": p.name,
      "dct:source": flows.map((f) => `${f.name} ${f.version}`),
      "dpv:hasDataController": controllers.map((id) => ({ "@id": id })),
      "dpv:hasPurpose": {
        "@id": iri("purpose", p.key),
        "@type": term("dpv:Purpose"),
        "dct:description": p.why,
        ...(p.category !== undefined ? { "dct:subject": `fideslang:${p.category}` } : {}),
      },
      "dpv:hasLegalBasis": legalBases,
      "dpv:hasPersonalData": data,
      "dpv:hasDataSubject": purposeSubjects(model, p).map((s) => ({
        "@type": term("dpv:DataSubject"),
        "dct:description": s,
      })),
      "dpv:hasStorageCondition":
        p.retention.kind === "undeclared"
          ? []
          : [
              {
                "@type": term("dpv:StorageDuration"),
                "dct:description": p.retention.text,
                ...(p.retention.iso !== undefined
                  ? {
                      "dpv:hasDuration": {
                        "@type": term("dpv:Duration"),
                        "rdf:value": {
                          "@value": p.retention.iso,
                          "@type": "xsd:duration",
                        },
                      },
                    }
                  : {}),
              },
              ...(p.retention.orUntilWithdrawn
                ? [
                    {
                      "@type": term("dpv:StorageDeletion"),
                      "dct:description": "erased when consent is withdrawn",
                    },
                  ]
                : []),
            ],
      "dpv:hasRecipient": p.recipients.map((r) => ({
        "@type": term("dpv:Recipient"),
        "dpv:hasName": r,
      })),
      ...(p.transfers.length > 0
        ? {
            "dpv:hasThirdCountry": p.transfers.map((t) => ({
              "@type": term("dpv:ThirdCountry"),
              "dpv:hasName": t.country,
            })),
          }
        : {}),
      ...(p.automated.some((a) => a.kind === "decision")
        ? {
            "dpv:hasContext": p.automated.flatMap((a) =>
              a.kind === "decision"
                ? [
                    {
                      "@type": term("dpv:AutomatedDecisionMaking"),
                      "dct:description": a.logic,
                      "dpv:hasConsequence": { "@type": term("dpv:Consequence"), "dct:description": a.effects },
                    },
                  ]
                : [],
            ),
          }
        : {}),
      ...(p.automated.some((a) => a.kind === "profiling")
        ? {
            "dpv:hasProcessing": p.automated.flatMap((a) => (a.kind === "profiling" ? [{ "@type": term("dpv:Profiling"), "dct:description": a.description }] : [])),
          }
        : {}),
      ...(security.length > 0
        ? {
            "dpv:hasTechnicalOrganisationalMeasure": security.map((s) => ({
              "@type": term("dpv:TechnicalOrganisationalMeasure"),
              "dct:description": s,
            })),
          }
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
