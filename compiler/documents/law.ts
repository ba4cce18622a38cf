/**
 * The law the documents state: the lawful bases of GDPR Art. 6(1) as a
 * person reads them, and the rights of Art. 15–21 with the bases under which
 * each applies. The notice, the record and the exports word a basis or a
 * right only through these tables.
 */
import type { BasisName } from "../ast.ts";
import { ART9_CONDITIONS, type Art9Condition, type SpecialCategory } from "../checks/art9-names.ts";
import type { DpvTerm } from "../vocab/dpv.ts";
import { FIDES_PROFILING_BASES, FIDES_SPECIAL_CATEGORY_BASES } from "../vocab/fideslang.ts";

export interface BasisInfo {
  readonly name: BasisName;
  /** Short name, as a person reads it. */
  readonly label: string;
  /** The point of Art. 6(1). */
  readonly article: string;
  /** What the evidence text of this basis is (the law, the task, the interest), where the basis has one. */
  readonly evidenceLabel?: string;
}

export const BASES: Readonly<Record<BasisName, BasisInfo>> = {
  consent: { name: "consent", label: "Consent", article: "Art. 6(1)(a)" },
  contract: { name: "contract", label: "Contract", article: "Art. 6(1)(b)" },
  legal_obligation: {
    name: "legal_obligation",
    label: "Legal obligation",
    article: "Art. 6(1)(c)",
    evidenceLabel: "Law",
  },
  vital_interests: {
    name: "vital_interests",
    label: "Vital interests",
    article: "Art. 6(1)(d)",
  },
  public_task: {
    name: "public_task",
    label: "Public task",
    article: "Art. 6(1)(e)",
    evidenceLabel: "Task",
  },
  legitimate_interests: {
    name: "legitimate_interests",
    label: "Legitimate interests",
    article: "Art. 6(1)(f)",
    evidenceLabel: "Interest",
  },
};

/** The rights of Art. 15–21 that depend on the lawful basis. */
export type RightName = "access" | "rectification" | "erasure" | "restriction" | "portability" | "objection";
export const RIGHT_NAMES: readonly RightName[] = ["access", "rectification", "erasure", "restriction", "portability", "objection"];

export interface RightInfo {
  readonly name: RightName;
  readonly label: string;
  readonly article: string;
  /** What the right lets a person do. */
  readonly what: string;
}

export const RIGHTS: Readonly<Record<RightName, RightInfo>> = {
  access: {
    name: "access",
    label: "Access",
    article: "Art. 15",
    what: "ask what data we hold about you and get a copy",
  },
  rectification: {
    name: "rectification",
    label: "Rectification",
    article: "Art. 16",
    what: "have inaccurate data corrected",
  },
  erasure: {
    name: "erasure",
    label: "Erasure",
    article: "Art. 17",
    what: "have your data deleted",
  },
  restriction: {
    name: "restriction",
    label: "Restriction",
    article: "Art. 18",
    what: "ask us to limit how we use your data",
  },
  portability: {
    name: "portability",
    label: "Portability",
    article: "Art. 20",
    what: "receive the data you gave us in a machine-readable format, or have it sent to another organisation",
  },
  objection: {
    name: "objection",
    label: "Objection",
    article: "Art. 21",
    what: "object to our using your data",
  },
};

/**
 * Whether a right applies under a basis, and why not where it does not.
 * Access, rectification and restriction apply whatever the basis. Erasure
 * does not where processing is needed for a legal obligation or a public
 * task (Art. 17(3)(b)). Portability applies only to consent and contract
 * (Art. 20(1)(a)). Objection applies only to public task and legitimate
 * interests (Art. 21(1)), and to direct marketing whatever the basis (Art.
 * 21(2)); consent has withdrawal besides (Art. 7(3)).
 */
export function rightApplies(right: RightName, basis: BasisName | undefined, directMarketing = false): { applies: boolean; reason?: string } {
  // Art. 21(2): the right to object to direct marketing applies whatever the basis.
  if (right === "objection" && directMarketing) return { applies: true };
  if (basis === undefined) return { applies: true };
  switch (right) {
    case "access":
    case "rectification":
    case "restriction":
      return { applies: true };
    case "erasure":
      return basis === "legal_obligation" || basis === "public_task"
        ? {
            applies: false,
            reason: "Art. 17(3)(b): the data is needed to comply with a legal obligation or to perform a public task",
          }
        : { applies: true };
    case "portability":
      return basis === "consent" || basis === "contract"
        ? { applies: true }
        : {
            applies: false,
            reason: "Art. 20(1)(a): portability covers only data processed on consent or a contract",
          };
    case "objection":
      return basis === "legitimate_interests" || basis === "public_task"
        ? { applies: true }
        : {
            applies: false,
            reason: "Art. 21(1)–(2): the right to object covers processing on a public task or legitimate interests, and direct marketing",
          };
  }
}

/** An Art. 9(2) condition as a person reads it, and its ids in DPV and Fideslang. */
export interface ConditionInfo {
  /** The point of Art. 9(2). */
  readonly article: string;
  readonly label: string;
  readonly dpv: DpvTerm;
  /** Fideslang's `SpecialCategoryLegalBasisEnum` value. */
  readonly fides: string;
}

const CONDITION_LABELS: Readonly<Record<Art9Condition, string>> = {
  explicit_consent: "Explicit consent",
  employment: "Obligations in employment, social security and social protection law",
  vital_interests: "Vital interests of a person unable to consent",
  not_for_profit: "Activities of a not-for-profit body with members",
  made_public: "Data the person has made manifestly public",
  legal_claims: "Legal claims or courts acting in their judicial capacity",
  substantial_public_interest: "Substantial public interest, on the basis of law",
  health_care: "Health or social care",
  public_health: "Public health",
  research: "Archiving, research or statistics",
};

/** Art. 9(2)(a)–(j): the conditions and Fideslang's enum are both in the order of the article. */
export const CONDITIONS: Readonly<Record<Art9Condition, ConditionInfo>> = Object.fromEntries(
  ART9_CONDITIONS.map((name, i) => {
    const letter = String.fromCharCode(0x61 + i);
    return [
      name,
      {
        article: `Art. 9(2)(${letter})`,
        label: CONDITION_LABELS[name],
        dpv: `eu-gdpr:A9-2-${letter}` as DpvTerm,
        fides: FIDES_SPECIAL_CATEGORY_BASES[i]!,
      },
    ];
  }),
) as Record<Art9Condition, ConditionInfo>;

/** A special category of Art. 9(1) as a person reads it, and the DPV personal-data concepts it covers. */
export interface SpecialCategoryInfo {
  readonly label: string;
  readonly dpv: readonly DpvTerm[];
}

export const SPECIAL_CATEGORY_INFO: Readonly<Record<SpecialCategory, SpecialCategoryInfo>> = {
  racial_or_ethnic_origin: {
    label: "racial or ethnic origin",
    dpv: ["pd:Race", "pd:EthnicOrigin"],
  },
  political_opinions: {
    label: "political opinions",
    dpv: ["pd:PoliticalOpinion"],
  },
  religious_or_philosophical_beliefs: {
    label: "religious or philosophical beliefs",
    dpv: ["pd:Religion", "pd:PhilosophicalBelief"],
  },
  trade_union_membership: {
    label: "trade union membership",
    dpv: ["pd:TradeUnionMembership"],
  },
  genetic: { label: "genetic data", dpv: ["pd:Genetic"] },
  biometric: {
    label: "biometric data identifying a person",
    dpv: ["pd:Biometric"],
  },
  health: { label: "health", dpv: ["pd:Health"] },
  sex_life_or_orientation: {
    label: "sex life or sexual orientation",
    dpv: ["pd:Sexual", "pd:SexualPreference"],
  },
};

/** The label of a condition or special category named in a checked program (a check rejects any other name). */
export const conditionLabel = (name: string) => CONDITIONS[name as Art9Condition]?.label ?? name;
export const specialCategoryLabel = (name: string) => SPECIAL_CATEGORY_INFO[name as SpecialCategory]?.label ?? name;

/**
 * The mechanism of a third-country transfer, read from its safeguard text:
 * an adequacy decision (Art. 45(3)), standard contractual clauses (Art.
 * 46(2)(c)), binding corporate rules (Art. 46(2)(b)), or another safeguard
 * exported as such with its text.
 */
export type TransferMechanism = "adequacy" | "scc" | "bcr" | "other";

export function transferMechanism(safeguard: string): TransferMechanism {
  if (/adequacy|art(icle|\.)?\s*45\b/i.test(safeguard)) return "adequacy";
  if (/standard\s+(data\s+protection\s+|contractual\s+)?clauses|\bSCCs?\b|46\s*\(2\)\s*\(c\)/i.test(safeguard)) return "scc";
  if (/binding\s+corporate\s+rules|\bBCRs?\b|art(icle|\.)?\s*47\b|46\s*\(2\)\s*\(b\)/i.test(safeguard)) return "bcr";
  return "other";
}

export const TRANSFER_MECHANISMS: Readonly<Record<TransferMechanism, { readonly dpv?: DpvTerm; readonly fides: string }>> = {
  adequacy: { dpv: "eu-gdpr:A45-3", fides: "Adequacy Decision" },
  scc: { dpv: "eu-gdpr:A46-2-c", fides: "SCCs" },
  bcr: { dpv: "eu-gdpr:A46-2-b", fides: "BCRs" },
  other: { fides: "Other" },
};

/** The exceptions of Art. 22(2) that allow a solely automated decision, as Fideslang's `LegalBasisForProfilingEnum` names them. */
export const FIDES_PROFILING: Readonly<Record<"contract" | "law" | "explicit_consent", (typeof FIDES_PROFILING_BASES)[number]>> = {
  explicit_consent: FIDES_PROFILING_BASES[0],
  contract: FIDES_PROFILING_BASES[1],
  law: FIDES_PROFILING_BASES[2],
};
