/**
 * The record of processing activities of GDPR Art. 30(1), built from the
 * documents model: one activity per purpose, a purpose shared by several
 * flows (through a `use`d policy file) being one activity that lists them.
 * Every Art. 30(1) item is an entry of each activity; one that a flow does
 * not declare says so ("not declared", "none") rather than being left out.
 *
 * Rendered as Markdown for people (record-markdown.ts), CSV for spreadsheets
 * (record-csv.ts) and JSON for tools (record-json.ts).
 */
import { CONDITIONS, specialCategoryLabel } from "./law.ts";
import type { Art9Condition } from "../checks/art9-names.ts";
import { FIDES_DATA_USES } from "../vocab/fideslang.ts";
import { purposeSubjects, type DocumentsModel, type PurposeFacts, type TransferFacts } from "./model.ts";

export const NOT_DECLARED = "not declared";

export interface RecordData {
  readonly field: string;
  readonly label: string;
  readonly type: string;
  /** Art. 9 special category, where the field is one. */
  readonly special: string | null;
  /** Fideslang data category. */
  readonly category: string | null;
}

export interface RecordActivity {
  /** The purpose's id in the source. */
  readonly purpose: string;
  /** Art. 30(1)(b): the purpose, as the person reads it. */
  readonly description: string;
  readonly flows: readonly string[];
  /** The lawful basis and its point of Art. 6(1), e.g. "Contract (Art. 6(1)(b))". */
  readonly basis: string;
  /** The law, task or legitimate interest the basis rests on. */
  readonly basisDetail: string | null;
  /** Art. 30(1)(c). */
  readonly subjects: readonly string[];
  /** Art. 30(1)(c). */
  readonly data: readonly RecordData[];
  /** Art. 9 categories among the data, and the Art. 9(2) condition. */
  readonly specialCategories: readonly string[];
  readonly specialCondition: string | null;
  /** What the Art. 9(2) condition rests on: the law, the body, the claims… (none for explicit consent). */
  readonly specialConditionFact: string | null;
  /** Solely automated decisions (Art. 22(1)) and profiling, each in words, with the Art. 22(2) exception of a decision. */
  readonly automated: readonly string[];
  /** Art. 30(1)(d). */
  readonly recipients: readonly string[];
  /** Art. 30(1)(e). */
  readonly transfers: readonly TransferFacts[];
  /** Art. 30(1)(f): the time limit for erasure. */
  readonly retention: string;
  /** ISO 8601 duration of a fixed retention period. */
  readonly retentionPeriod: string | null;
  readonly consentValid: string | null;
  /** Fideslang data use. */
  readonly dataUse: string | null;
}

export interface ProcessingRecord {
  /** Art. 30(1)(a). */
  readonly controllers: readonly { readonly name: string; readonly contact: string; readonly dpo: string | null }[];
  readonly flows: readonly { readonly name: string; readonly title: string; readonly version: string }[];
  /** Art. 30(1)(g): general description of the technical and organisational measures; empty when not declared. */
  readonly security: readonly string[];
  readonly activities: readonly RecordActivity[];
}

export function buildRecord(model: DocumentsModel): ProcessingRecord {
  return {
    controllers: model.controllers.map((c) => ({ name: c.name, contact: c.contact, dpo: c.dpo ?? null })),
    flows: model.flows.map((f) => ({ name: f.name, title: f.title, version: f.version })),
    security: [...model.security],
    activities: model.purposes.map((p) => activity(model, p)),
  };
}

function activity(model: DocumentsModel, p: PurposeFacts): RecordActivity {
  const data: RecordData[] = p.needs.map((k) => {
    const f = model.fields.find((x) => x.key === k)!;
    return { field: f.name, label: f.label, type: f.type, special: f.special ?? null, category: f.category ?? null };
  });
  const specialCategories = [...new Set(data.flatMap((d) => (d.special ? [d.special] : [])))];
  return {
    purpose: p.name,
    description: p.why,
    flows: [...p.flows],
    basis: p.basis ? `${p.basis.label} (${p.basis.article})` : NOT_DECLARED,
    basisDetail: p.evidence ?? null,
    subjects: purposeSubjects(model, p),
    data,
    specialCategories,
    specialCondition: p.condition ?? null,
    specialConditionFact: p.conditionFact ?? null,
    automated: p.automated.map((a) =>
      a.kind === "profiling"
        ? `Profiling without decisions of Art. 22(1): ${a.description}`
        : `Decision based solely on automated processing (Art. 22(1)): ${a.logic}; consequences: ${a.effects}; ${EXCEPTIONS[a.exception ?? "none"]}`,
    ),
    recipients: [...p.recipients],
    transfers: [...p.transfers],
    retention: p.retention.kind === "undeclared" ? NOT_DECLARED : p.retention.text.replace(/\byou withdraw your\b/, "the person withdraws their"),
    retentionPeriod: p.retention.iso ?? null,
    consentValid: p.consentValid ?? null,
    dataUse: p.category ?? null,
  };
}

// ── Entries, as text: one wording for Markdown and CSV ──────────────────────

export interface RecordEntry {
  readonly item: string;
  readonly article: string;
  readonly text: string;
}

const join = (xs: readonly string[], none: string) => (xs.length > 0 ? xs.join("; ") : none);

export function controllerText(r: ProcessingRecord): string {
  return join(
    r.controllers.map((c) => `${c.name} (${c.contact})`),
    NOT_DECLARED,
  );
}

export function dpoText(r: ProcessingRecord): string {
  return join(
    r.controllers.flatMap((c) => (c.dpo ? [c.dpo] : [])),
    NOT_DECLARED,
  );
}

export function securityText(r: ProcessingRecord): string {
  return join(r.security, NOT_DECLARED);
}

export function dataText(a: RecordActivity): string {
  return join(
    a.data.map((d) => `${d.label} (${d.type}${d.special ? `; special category: ${specialCategoryLabel(d.special)}` : ""})`),
    "none",
  );
}

export function transfersText(a: RecordActivity): string {
  return join(
    a.transfers.map((t) => `${t.country}, safeguard: ${t.safeguard}`),
    "none",
  );
}

/** The entries of one activity, in the order of Art. 30(1). */
export function activityEntries(r: ProcessingRecord, a: RecordActivity): RecordEntry[] {
  return [
    { item: "Controller", article: "Art. 30(1)(a)", text: controllerText(r) },
    { item: "Data protection officer", article: "Art. 30(1)(a)", text: dpoText(r) },
    { item: "Purpose", article: "Art. 30(1)(b)", text: a.description },
    { item: "Flows", article: "", text: a.flows.map((name) => r.flows.find((f) => f.name === name)?.title ?? name).join("; ") },
    { item: "Lawful basis", article: "Art. 6(1)", text: a.basisDetail ? `${a.basis}: ${a.basisDetail}` : a.basis },
    { item: "Categories of data subjects", article: "Art. 30(1)(c)", text: join(a.subjects, NOT_DECLARED) },
    { item: "Categories of personal data", article: "Art. 30(1)(c)", text: dataText(a) },
    {
      item: "Special categories",
      article: "Art. 9",
      text:
        a.specialCategories.length > 0
          ? `${a.specialCategories.map(specialCategoryLabel).join("; ")} (condition: ${conditionRecordText(a.specialCondition)}${a.specialConditionFact ? `: ${a.specialConditionFact}` : ""})`
          : "none",
    },
    { item: "Automated decisions and profiling", article: "Art. 22", text: join(a.automated, "none") },
    { item: "Recipients", article: "Art. 30(1)(d)", text: join(a.recipients, "none") },
    { item: "Transfers to third countries", article: "Art. 30(1)(e)", text: transfersText(a) },
    {
      item: "Time limit for erasure",
      article: "Art. 30(1)(f)",
      // A lapsed consent leaves the purpose without a basis: what was held only for it is erased then (the runtime's purge).
      text: a.retention + (a.consentValid ? `; erased when the consent lapses, ${a.consentValid} after it is given, if that is sooner` : ""),
    },
    { item: "Security measures", article: "Art. 30(1)(g)", text: securityText(r) },
    { item: "Data use (Fideslang)", article: "", text: a.dataUse === null ? NOT_DECLARED : `${FIDES_DATA_USES[a.dataUse] ?? a.dataUse} (${a.dataUse})` },
  ];
}

const EXCEPTIONS = {
  contract: "necessary for a contract, Art. 22(2)(a)",
  law: "authorised by law, Art. 22(2)(b)",
  explicit_consent: "explicit consent, Art. 22(2)(c)",
  none: "no Art. 22(2) exception declared",
} as const;

/** "Health or social care, Art. 9(2)(h)": the condition's name and its point of the article. */
function conditionRecordText(condition: string | null): string {
  const info = condition === null ? undefined : CONDITIONS[condition as Art9Condition];
  return info ? `${info.label}, ${info.article}` : (condition ?? NOT_DECLARED);
}
