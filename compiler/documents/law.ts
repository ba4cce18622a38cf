/**
 * The law the documents state: the lawful bases of GDPR Art. 6(1) as a
 * person reads them, and the rights of Art. 15–21 with the bases under which
 * each applies. The notice, the record and the exports word a basis or a
 * right only through these tables.
 */
import type { BasisName } from "../ast.ts";

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
  legal_obligation: { name: "legal_obligation", label: "Legal obligation", article: "Art. 6(1)(c)", evidenceLabel: "Law" },
  vital_interests: { name: "vital_interests", label: "Vital interests", article: "Art. 6(1)(d)" },
  public_task: { name: "public_task", label: "Public task", article: "Art. 6(1)(e)", evidenceLabel: "Task" },
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
  access: { name: "access", label: "Access", article: "Art. 15", what: "ask what data we hold about you and get a copy" },
  rectification: { name: "rectification", label: "Rectification", article: "Art. 16", what: "have inaccurate data corrected" },
  erasure: { name: "erasure", label: "Erasure", article: "Art. 17", what: "have your data deleted" },
  restriction: { name: "restriction", label: "Restriction", article: "Art. 18", what: "ask us to limit how we use your data" },
  portability: {
    name: "portability",
    label: "Portability",
    article: "Art. 20",
    what: "receive the data you gave us in a machine-readable format, or have it sent to another organisation",
  },
  objection: { name: "objection", label: "Objection", article: "Art. 21", what: "object to our using your data" },
};

/**
 * Whether a right applies under a basis, and why not where it does not.
 * Access, rectification and restriction apply whatever the basis. Erasure
 * does not where processing is needed for a legal obligation or a public
 * task (Art. 17(3)(b)). Portability applies only to consent and contract
 * (Art. 20(1)(a)). Objection applies only to public task and legitimate
 * interests (Art. 21(1)); consent has withdrawal instead (Art. 7(3)).
 */
export function rightApplies(right: RightName, basis: BasisName | undefined): { applies: boolean; reason?: string } {
  if (basis === undefined) return { applies: true };
  switch (right) {
    case "access":
    case "rectification":
    case "restriction":
      return { applies: true };
    case "erasure":
      return basis === "legal_obligation" || basis === "public_task"
        ? { applies: false, reason: "Art. 17(3)(b): the data is needed to comply with a legal obligation or to perform a public task" }
        : { applies: true };
    case "portability":
      return basis === "consent" || basis === "contract"
        ? { applies: true }
        : { applies: false, reason: "Art. 20(1)(a): portability covers only data processed on consent or a contract" };
    case "objection":
      return basis === "legitimate_interests" || basis === "public_task"
        ? { applies: true }
        : { applies: false, reason: "Art. 21(1): the right to object covers only processing on a public task or legitimate interests" };
  }
}
