/**
 * A Fideslang system manifest (YAML) for the flows of the documents model:
 * one system per flow, one privacy declaration per purpose, using the
 * purposes' `category` as the Fideslang data use and the fields' `category`
 * as data categories — so the record of processing maps onto the taxonomy
 * privacy teams already use (Fides, its data maps and RoPA reports).
 *
 * The YAML is written by a small emitter that double-quotes every string,
 * so no author text can be read as another YAML type (`no`, `1e3`, `null`),
 * a key, an anchor or a tag.
 */
import type { DocumentFormat } from "./format.ts";
import { CONDITIONS, FIDES_PROFILING, transferMechanism, TRANSFER_MECHANISMS, type BasisInfo } from "./law.ts";
import type { Art9Condition } from "../checks/art9-names.ts";
import { buildDocumentsModel, fieldOf, purposeOf, type DocumentsModel } from "./model.ts";

// ── A tiny, safe YAML emitter ───────────────────────────────────────────────

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

const SAFE_KEY = /^[a-z_][a-z0-9_]*$/;

/** A YAML double-quoted scalar: backslash, quote, and every non-printable character escaped. */
export function yamlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff)) {
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out + '"';
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return "null";
  if (typeof v === "string") return yamlString(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error("internal error: YAML number must be finite");
    return String(v);
  }
  return v ? "true" : "false";
}

const isScalar = (v: YamlValue): v is string | number | boolean | null => v === null || typeof v !== "object";

/** Block-style YAML; keys must be plain identifiers (they come from Lawflow, never from authors). */
export function toYaml(value: YamlValue, indent = 0): string {
  const pad = " ".repeat(indent);
  if (isScalar(value)) return `${pad}${scalar(value)}\n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((item: YamlValue) => {
        if (isScalar(item)) return `${pad}- ${scalar(item)}\n`;
        if (Array.isArray(item) && item.length === 0) return `${pad}- []\n`;
        const inner = toYaml(item, indent + 2);
        return `${pad}- ${inner.slice(indent + 2)}`;
      })
      .join("");
  }
  const entries = Object.entries(value as Record<string, YamlValue | undefined>).filter(([, v]) => v !== undefined) as [string, YamlValue][];
  if (entries.length === 0) return `${pad}{}\n`;
  return entries
    .map(([k, v]) => {
      if (!SAFE_KEY.test(k)) throw new Error(`internal error: unsafe YAML key ${JSON.stringify(k)}`);
      if (isScalar(v)) return `${pad}${k}: ${scalar(v)}\n`;
      if (Array.isArray(v) && v.length === 0) return `${pad}${k}: []\n`;
      if (!Array.isArray(v) && Object.keys(v).length === 0) return `${pad}${k}: {}\n`;
      return `${pad}${k}:\n${toYaml(v, Array.isArray(v) ? indent + 2 : indent + 2)}`;
    })
    .join("");
}

// ── The manifest ────────────────────────────────────────────────────────────

/** Fideslang's names for the six bases of Art. 6(1) (`legal_basis_for_processing`). */
const FIDES_BASIS: Record<BasisInfo["name"], string> = {
  consent: "Consent",
  contract: "Contract",
  legal_obligation: "Legal obligations",
  vital_interests: "Vital interests",
  public_task: "Public interest",
  legitimate_interests: "Legitimate interests",
};

/** `LeadCapture` → `lead_capture`: a valid fides_key. */
export function fidesKey(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .toLowerCase();
}

/** Retention in days for Fideslang's `retention_period`, where the period is fixed. */
function retentionDays(p: { readonly retention: { readonly period?: { amount: number; unit: string } } }): string | null {
  const per = p.retention.period;
  if (!per) return null;
  const days = { days: 1, weeks: 7, months: 30, years: 365 }[per.unit] ?? 1;
  return String(per.amount * days);
}

export function fideslangManifest(model: DocumentsModel): {
  manifest: YamlValue;
  missing: string[];
} {
  const missing: string[] = [];
  const systems = model.flows.map((flow) => {
    const controller = flow.controller;
    // Fideslang requires a data use on every declaration: a purpose without
    // `category` is listed in the header as missing rather than exported as null.
    const declarations = flow.purposes.flatMap((key) => {
      const p = purposeOf(model, key);
      const fields = p.needs.map((k) => fieldOf(model, k));
      const categories = [...new Set(fields.flatMap((f) => (f.category ? [f.category] : [])))];
      if (!p.category) missing.push(`purpose ${p.name} has no data-use category`);
      for (const f of fields) if (!f.category) missing.push(`field ${f.name} has no data category`);
      if (!p.category) return [];
      const special = fields.some((f) => f.special !== undefined);
      return [
        {
          name: p.why,
          data_use: p.category,
          data_categories: categories,
          data_subjects: [],
          legal_basis_for_processing: p.basis ? FIDES_BASIS[p.basis.name] : null,
          legitimate_interest: p.basis?.name === "legitimate_interests" ? (p.evidence ?? null) : undefined,
          retention_period: retentionDays(p),
          processes_special_category_data: special,
          special_category_legal_basis: special && p.condition !== undefined ? CONDITIONS[p.condition as Art9Condition].fides : undefined,
          data_shared_with_third_parties: p.recipients.length > 0,
          third_parties: p.recipients.length > 0 ? p.recipients.join("; ") : undefined,
        },
      ];
    });
    const transfers = flow.purposes.flatMap((k) => purposeOf(model, k).transfers);
    // Fideslang's `uses_profiling` covers profiling and automated decisions; its bases are the exceptions of Art. 22(2), which only a decision needs.
    const automated = flow.purposes.flatMap((k) => purposeOf(model, k).automated);
    const decisions = automated.flatMap((a) => (a.kind === "decision" ? [a] : []));
    const profilingBases = [...new Set(decisions.flatMap((a) => (a.exception ? [FIDES_PROFILING[a.exception]] : [])))];
    return {
      fides_key: fidesKey(flow.name),
      name: flow.name,
      description: `The ${flow.name} chat, version ${flow.version}, generated by Lawflow.`,
      system_type: "Service",
      legal_name: controller?.name ?? null,
      dpo: controller?.dpo ?? null,
      responsibility: ["Controller"],
      data_security_practices: flow.security.length > 0 ? flow.security.join("; ") : null,
      does_international_transfers: transfers.length > 0,
      legal_basis_for_transfers:
        transfers.length > 0 ? [...new Set(transfers.map((t) => TRANSFER_MECHANISMS[transferMechanism(t.safeguard)].fides))] : undefined,
      uses_profiling: automated.length > 0,
      legal_basis_for_profiling: profilingBases.length > 0 ? profilingBases : undefined,
      privacy_declarations: declarations,
    };
  });
  return { manifest: { system: systems }, missing: [...new Set(missing)] };
}

export function renderFideslang(model: DocumentsModel): string {
  const { manifest, missing } = fideslangManifest(model);
  const header = [
    "# Fideslang system manifest generated by Lawflow from the flow source; do not edit.",
    "# data_subjects is empty: Lawflow's categories of data subjects are free text (see the record of processing).",
    // Names here are Lawflow identifiers (letters, digits, underscores), never free text.
    ...missing.map((m) => `# missing: ${m.replace(/[^\w .-]/g, "_")}; add \`category ID\` to it in the source.`),
  ];
  return header.join("\n") + "\n" + toYaml(manifest);
}

export const fideslangFormat: DocumentFormat = {
  description: "a Fideslang system manifest (YAML)",
  render: (programs) => renderFideslang(buildDocumentsModel(programs)),
};
