/**
 * The documents model: one normalised description of the processing that a
 * set of flows performs, built once from their programs. The privacy notice
 * (Art. 13), the record of processing (Art. 30), the Fideslang and DPV exports
 * and the diagram all read their facts from here, so they cannot disagree —
 * a retention period, a recipient or a basis is worded in one place.
 *
 * The model is plain data (no spans, no file paths), so it is deterministic
 * across machines: the notice hash must not depend on where a repository is
 * checked out. Pure: building it reads nothing and writes nothing.
 */
import type { AskStep, BasisName, Condition, ConsentStep, Duration, FieldDecl, FieldType, Operand, PurposeDecl, Retention } from "../ast.ts";
import { buildFlowGraph, END_OF_FILE, type Edge } from "../analyses/flow-graph.ts";
import type { Program } from "../program.ts";
import {
  purposeBasis,
  purposeConsentValid,
  purposeEvidence,
  purposeItem,
  purposeItems,
  purposeNeeds,
  purposeRetention,
} from "../program.ts";

// ── Vocabulary ──────────────────────────────────────────────────────────────

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

// ── The model ───────────────────────────────────────────────────────────────

export interface ControllerFacts {
  readonly name: string;
  readonly contact: string;
  readonly dpo?: string;
}

export interface RetentionFacts {
  readonly kind: "session" | "until_withdrawn" | "period" | "undeclared";
  readonly period?: { readonly amount: number; readonly unit: Duration["unit"] };
  readonly orUntilWithdrawn: boolean;
  /** As a person reads it: "90 days after it is collected". */
  readonly text: string;
  /** ISO 8601 duration where the period is fixed ("P90D"). */
  readonly iso?: string;
}

export interface TransferFacts {
  readonly country: string;
  readonly safeguard: string;
}

export interface PurposeFacts {
  /** Unique key across the model (the purpose's name; suffixed if two different purposes share a name). */
  readonly key: string;
  readonly name: string;
  readonly why: string;
  readonly basis?: BasisInfo;
  /** The law, task or interest the basis rests on. */
  readonly evidence?: string;
  readonly retention: RetentionFacts;
  /** How long a consent lasts before it is asked again ("13 months"). */
  readonly consentValid?: string;
  /** Field keys from `needs`, in order. */
  readonly needs: readonly string[];
  readonly recipients: readonly string[];
  readonly transfers: readonly TransferFacts[];
  readonly withdrawOn: readonly string[];
  /** Art. 9(2) condition. */
  readonly condition?: string;
  /** Fideslang data-use id. */
  readonly category?: string;
  /** Declared categories of data subjects (empty: not declared). */
  readonly subjects: readonly string[];
  /** Declared automated decision-making (Art. 22), each a description of its logic and effects. */
  readonly automated: readonly string[];
  /** The flows whose processing includes this purpose, in model order. */
  readonly flows: readonly string[];
  readonly rights: Readonly<Record<RightName, { readonly applies: boolean; readonly reason?: string }>>;
}

export interface FieldFacts {
  readonly key: string;
  readonly name: string;
  /** How the field is described to a person: its label, else its name. */
  readonly label: string;
  /** The type, described: "text (at most 100 characters)". */
  readonly type: string;
  readonly special?: string;
  /** Fideslang data-category id. */
  readonly category?: string;
  /** Purpose keys whose `needs` name the field. */
  readonly purposes: readonly string[];
  readonly flows: readonly string[];
}

/**
 * Whether giving a piece of data is required, and what happens if not
 * (Art. 13(2)(e)), for one field collected for one purpose in one flow.
 */
export type Provision =
  | "optional" // every ask of it may be skipped
  | "consent" // voluntary: rests on consent, refusing changes nothing else
  | "contract" // needed to do what the purpose says
  | "statutory" // required by law
  | "not_obliged"; // not obliged, but the purpose cannot be served without it

export interface CollectionFacts {
  readonly field: string;
  readonly purpose: string;
  readonly provision: Provision;
}

export interface DiagramNode {
  /** A safe identifier (n0, n1…) for every output format. */
  readonly id: string;
  readonly kind: "start" | "ask" | "consent" | "end" | "if" | "eof";
  /** The step id, where the step has one. */
  readonly step?: string;
  /** Lines of the label, plain text (each format escapes them). */
  readonly lines: readonly string[];
  /** For asks: the purposes and bases ("quote (contract)"); for consent: the gated purpose. */
  readonly purposes: readonly string[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: Edge["kind"] | "start";
  /** Plain-text label, absent for plain sequence. */
  readonly label?: string;
}

export interface FlowFacts {
  readonly name: string;
  readonly version: string;
  readonly controller?: ControllerFacts;
  /** Purpose keys this flow processes for: declared in its own file, or named by one of its steps. */
  readonly purposes: readonly string[];
  /** Field keys this flow asks for, in order of first ask. */
  readonly fields: readonly string[];
  readonly collections: readonly CollectionFacts[];
  readonly security: readonly string[];
  /** The category of data subjects used when no purpose declares `subjects`. */
  readonly defaultSubjects: string;
  readonly diagram: { readonly nodes: readonly DiagramNode[]; readonly edges: readonly DiagramEdge[] };
}

export interface DocumentsModel {
  readonly flows: readonly FlowFacts[];
  /** Distinct controllers, in flow order (one for a company's flows). */
  readonly controllers: readonly ControllerFacts[];
  /** Distinct security descriptions, in flow order. */
  readonly security: readonly string[];
  readonly purposes: readonly PurposeFacts[];
  readonly fields: readonly FieldFacts[];
}

// ── Building it ─────────────────────────────────────────────────────────────

/** Identity of a declaration: the same purpose reached through a shared policy file is one purpose. */
function declId(
  decl: { readonly span: { readonly file: { readonly path: string }; readonly start: number } },
  normalized?: Map<string, string>,
): string {
  const path = decl.span.file.path;
  let norm = normalized?.get(path);
  if (norm === undefined) {
    norm = normalizePath(path);
    normalized?.set(path, norm);
  }
  return `${norm}\u0000${decl.span.start}`;
}

/**
 * The facts of one kind of declaration, made once per declaration identity
 * (`declId`: the same declaration reached through two flows is one) and
 * appended to `list` in the order first met, each under a key unique among
 * them. Every ask looks its field and purposes up: by the declaration object
 * first, so the identity string is made once per declaration.
 */
function declarations<D extends PurposeDecl | FieldDecl, F extends { readonly key: string }>(
  list: { facts: F; id: string }[],
  make: (decl: D, key: string) => F,
  normalized: Map<string, string>,
): (decl: D) => F {
  const byDecl = new Map<D, F>();
  const byId = new Map<string, F>();
  const taken = new Set<string>();
  return (decl) => {
    const known = byDecl.get(decl);
    if (known) return known;
    const id = declId(decl, normalized);
    let facts = byId.get(id);
    if (!facts) {
      facts = make(decl, uniqueKey(decl.name.text, taken));
      taken.add(facts.key);
      byId.set(id, facts);
      list.push({ facts, id });
    }
    byDecl.set(decl, facts);
    return facts;
  };
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, "/").split("/")) {
    if (seg === "." || seg === "") continue;
    if (seg === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(seg);
  }
  return (p.startsWith("/") ? "/" : "") + parts.join("/");
}

export function durationText(d: { readonly amount: number; readonly unit: Duration["unit"] }): string {
  const unit = d.amount === 1 ? d.unit.slice(0, -1) : d.unit;
  return `${d.amount} ${unit}`;
}

function isoDuration(d: { readonly amount: number; readonly unit: Duration["unit"] }): string {
  const letter = { days: "D", weeks: "W", months: "M", years: "Y" }[d.unit];
  return `P${d.amount}${letter}`;
}

export function retentionFacts(r: Retention | undefined): RetentionFacts {
  if (r === undefined) return { kind: "undeclared", orUntilWithdrawn: false, text: "not declared" };
  switch (r.kind) {
    case "session":
      return { kind: "session", orUntilWithdrawn: false, text: "until the conversation ends" };
    case "until_withdrawn":
      return { kind: "until_withdrawn", orUntilWithdrawn: true, text: "until you withdraw your consent" };
    case "period": {
      const period = { amount: r.period.amount, unit: r.period.unit };
      const base = `${durationText(period)} after it is collected`;
      return {
        kind: "period",
        period,
        orUntilWithdrawn: r.orUntilWithdrawn,
        text: r.orUntilWithdrawn ? `${base}, or until you withdraw your consent if that is sooner` : base,
        iso: isoDuration(period),
      };
    }
  }
}

export function fieldTypeText(t: FieldType): string {
  switch (t.kind) {
    case "text":
      return `text (at most ${t.max} characters)`;
    case "email":
      return "email address";
    case "phone":
      return "phone number";
    case "integer":
      return `whole number (${t.min} to ${t.max})`;
    case "number":
      return `number (${t.min} to ${t.max})`;
    case "yesno":
      return "yes or no";
    case "date":
      return "date";
    case "choice":
      return `one of: ${t.options.map((o) => o.label.value).join(", ")}`;
  }
}

function operandText(o: Operand): string {
  switch (o.kind) {
    case "name":
      return o.name.text;
    case "string":
      return JSON.stringify(o.value);
    case "number":
      return String(o.value);
    case "symbol":
      return o.value;
  }
}

/** A condition as written (normalised spacing, parentheses where needed). */
export function conditionText(c: Condition, parent = 0): string {
  const prec = c.kind === "or" ? 1 : c.kind === "and" ? 2 : 3;
  let s: string;
  switch (c.kind) {
    case "or":
    case "and":
      s = `${conditionText(c.left, prec)} ${c.kind} ${conditionText(c.right, prec + 1)}`;
      break;
    case "not":
      s = `not ${conditionText(c.operand, 3)}`;
      break;
    case "known":
      s = `known(${c.field.text})`;
      break;
    case "given":
      s = `given(${c.purpose.text})`;
      break;
    case "compare":
      s = `${operandText(c.left)} ${c.op} ${operandText(c.right)}`;
      break;
  }
  return prec < parent ? `(${s})` : s;
}

export interface DocumentsModelOptions {
  /**
   * Whether to build each flow's diagram (default true). The privacy notice
   * reads none, and on a large flow drawing it was a third of the notice
   * stamp a compile pays for; without it each flow's diagram is empty.
   */
  readonly diagram?: boolean;
}

/**
 * Builds the model of the processing of one or more flows. Purposes and
 * fields reached through the same declaration (a shared `use`d policy file)
 * are merged; the flows that use each are listed on it.
 */
export function buildDocumentsModel(programs: readonly Program[], options: DocumentsModelOptions = {}): DocumentsModel {
  // Lookups are by map and set, so the model is built in time linear in the size of the programs.
  const purposes: { facts: MutablePurpose; id: string }[] = [];
  const fields: { facts: MutableField; id: string }[] = [];
  /** The keys already in each purpose's `needs` and each field's `purposes`, for constant-time membership. */
  const needsOf = new Map<MutablePurpose, Set<string>>();
  const purposesOfField = new Map<MutableField, Set<string>>();
  const flows: FlowFacts[] = [];
  const controllers: ControllerFacts[] = [];
  const security: string[] = [];
  const ids = new Map<string, string>();
  const purposeKey = declarations(purposes, makePurpose, ids);
  const fieldKey = declarations(fields, makeField, ids);

  for (const program of programs) {
    const flowName = program.flow?.name.text ?? "Unnamed";
    // Register every purpose in declaration order first, so documents list them as the source does.
    const purposeOrder = [...program.purposes.values()].map((d) => purposeKey(d));
    const orderOf = new Map<MutablePurpose, number>();
    purposeOrder.forEach((p, i) => {
      if (!orderOf.has(p)) orderOf.set(p, i);
    });
    const flowPurposes: MutablePurpose[] = [];
    const flowPurposeSet = new Set<MutablePurpose>();
    const include = (decl: PurposeDecl | undefined) => {
      if (!decl) return;
      const p = purposeKey(decl);
      if (!flowPurposeSet.has(p)) {
        flowPurposeSet.add(p);
        flowPurposes.push(p);
      }
    };
    // The flow's processing: purposes declared in its own file, and those its steps name.
    for (const decl of program.main.declarations) if (decl.kind === "purpose") include(program.purposes.get(decl.name.text));
    for (const step of program.steps) {
      if (step.kind === "ask") for (const u of step.purposes) include(program.purposes.get(u.purpose.text));
      if (step.kind === "consent") include(program.purposes.get(step.purpose.text));
      if (step.kind === "if") for (const p of givenPurposes(step.condition)) include(program.purposes.get(p));
    }
    flowPurposes.sort((a, b) => (orderOf.get(a) ?? -1) - (orderOf.get(b) ?? -1));
    for (const p of flowPurposes) {
      if (!p.flows.includes(flowName)) p.flows.push(flowName);
    }

    // Fields: those the flow asks, and those its purposes need.
    const flowFields: MutableField[] = [];
    const asksOf = new Map<MutableField, AskStep[]>();
    const collections: CollectionFacts[] = [];
    for (const ask of program.steps) {
      if (ask.kind !== "ask") continue;
      const decl = program.fields.get(ask.field.text);
      if (!decl) continue;
      const f = fieldKey(decl);
      const list = asksOf.get(f);
      if (list) list.push(ask);
      else {
        asksOf.set(f, [ask]);
        flowFields.push(f);
      }
      if (!f.flows.includes(flowName)) f.flows.push(flowName);
    }
    for (const p of flowPurposes) {
      let needs = needsOf.get(p);
      if (!needs) needsOf.set(p, (needs = new Set(p.needs)));
      for (const need of p.needNames) {
        const decl = program.fields.get(need);
        if (!decl) continue;
        const f = fieldKey(decl);
        if (!needs.has(f.key)) {
          needs.add(f.key);
          p.needs.push(f.key);
        }
        let fieldPurposes = purposesOfField.get(f);
        if (!fieldPurposes) purposesOfField.set(f, (fieldPurposes = new Set(f.purposes)));
        if (!fieldPurposes.has(p.key)) {
          fieldPurposes.add(p.key);
          f.purposes.push(p.key);
        }
      }
    }
    for (const f of flowFields) {
      const fieldAsks = asksOf.get(f)!;
      const allOptional = fieldAsks.every((a) => a.optional);
      const seen = new Set<string>();
      for (const a of fieldAsks) {
        for (const u of a.purposes) {
          const decl = program.purposes.get(u.purpose.text);
          if (!decl) continue;
          const p = purposeKey(decl);
          if (seen.has(p.key)) continue;
          seen.add(p.key);
          collections.push({ field: f.key, purpose: p.key, provision: provisionOf(p.basis?.name, allOptional) });
        }
      }
    }

    let controller: ControllerFacts | undefined;
    if (program.controller) {
      const c = program.controller;
      controller = c.dpo ? { name: c.name.value, contact: c.contact.value, dpo: c.dpo.value } : { name: c.name.value, contact: c.contact.value };
      if (!controllers.some((k) => sameController(k, controller!))) controllers.push(controller);
    }
    const flowSecurity = [...new Set(program.security.map((s) => s.text.value))];
    for (const s of flowSecurity) if (!security.includes(s)) security.push(s);

    flows.push({
      name: flowName,
      version: program.flow?.version.value ?? "0.0.0",
      ...(controller ? { controller } : {}),
      purposes: flowPurposes.map((p) => p.key),
      fields: flowFields.map((f) => f.key),
      collections,
      security: flowSecurity,
      defaultSubjects: `people who use the ${flowName} chat`,
      diagram: options.diagram === false ? { nodes: [], edges: [] } : buildDiagram(program),
    });
  }

  // Purposes and fields keep the order in which flows first reach them; a
  // purpose no flow reaches (declared only in an unused part of a policy) is left out.
  const reached = purposes.map((p) => p.facts).filter((p) => p.flows.length > 0);
  const reachedKeys = new Set(reached.map((p) => p.key));
  const neededFields = new Set(reached.flatMap((p) => p.needs));
  const reachedFields = fields.map((f) => f.facts).filter((f) => f.flows.length > 0 || neededFields.has(f.key));
  return {
    flows,
    controllers,
    security,
    purposes: reached.map(freezePurpose),
    fields: reachedFields.map((f) => ({ ...f, purposes: f.purposes.filter((k) => reachedKeys.has(k)) })),
  };
}

type MutablePurpose = Omit<PurposeFacts, "needs" | "flows"> & { needs: string[]; flows: string[]; needNames: string[] };
type MutableField = Omit<FieldFacts, "purposes" | "flows"> & { purposes: string[]; flows: string[] };

function freezePurpose(p: MutablePurpose): PurposeFacts {
  const { needNames: _ignored, ...rest } = p;
  return rest;
}

function uniqueKey(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}_${i}`)) return `${name}_${i}`;
}

function sameController(a: ControllerFacts, b: ControllerFacts): boolean {
  return a.name === b.name && a.contact === b.contact && a.dpo === b.dpo;
}

function makePurpose(decl: PurposeDecl, key: string): MutablePurpose {
  const basisName = purposeBasis(decl);
  const basis = basisName ? BASES[basisName] : undefined;
  const evidence = purposeEvidence(decl)?.value;
  const consentValid = purposeConsentValid(decl);
  const condition = purposeItem(decl, "condition")?.condition.text;
  const category = purposeItem(decl, "category")?.category.text;
  const rights = Object.fromEntries(RIGHT_NAMES.map((r) => [r, rightApplies(r, basisName)])) as Record<
    RightName,
    { applies: boolean; reason?: string }
  >;
  return {
    key,
    name: decl.name.text,
    why: decl.why.value,
    ...(basis ? { basis } : {}),
    ...(evidence !== undefined ? { evidence } : {}),
    retention: retentionFacts(purposeRetention(decl)),
    ...(consentValid ? { consentValid: durationText(consentValid) } : {}),
    needs: [],
    needNames: dedupe(purposeNeeds(decl).map((n) => n.text)),
    recipients: dedupe(purposeItems(decl, "shared_with").flatMap((i) => i.recipients.map((r) => r.value))),
    transfers: purposeItems(decl, "transfer").map((t) => ({ country: t.country.value, safeguard: t.safeguard.value })),
    withdrawOn: dedupe(purposeItems(decl, "withdraw_on").flatMap((i) => i.phrases.map((p) => p.value))),
    ...(condition !== undefined ? { condition } : {}),
    ...(category !== undefined ? { category } : {}),
    subjects: dedupe(purposeItems(decl, "subjects").flatMap((i) => i.subjects.map((s) => s.value))),
    automated: purposeItems(decl, "automated").map((a) => a.description.value),
    flows: [],
    rights,
  };
}

function makeField(decl: FieldDecl, key: string): MutableField {
  return {
    key,
    name: decl.name.text,
    label: decl.label?.value ?? decl.name.text,
    type: fieldTypeText(decl.type),
    ...(decl.special ? { special: decl.special.text } : {}),
    ...(decl.category ? { category: decl.category.text } : {}),
    purposes: [],
    flows: [],
  };
}

function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function givenPurposes(c: Condition): string[] {
  switch (c.kind) {
    case "and":
    case "or":
      return [...givenPurposes(c.left), ...givenPurposes(c.right)];
    case "not":
      return givenPurposes(c.operand);
    case "given":
      return [c.purpose.text];
    default:
      return [];
  }
}

function provisionOf(basis: BasisName | undefined, optional: boolean): Provision {
  if (optional) return "optional";
  switch (basis) {
    case "consent":
      return "consent";
    case "contract":
      return "contract";
    case "legal_obligation":
      return "statutory";
    default:
      return "not_obliged";
  }
}

/** Subjects of a purpose for the record: those declared, else the default of each flow that uses it. */
export function purposeSubjects(model: DocumentsModel, p: PurposeFacts): string[] {
  if (p.subjects.length > 0) return [...p.subjects];
  return p.flows.map((f) => model.flows.find((x) => x.name === f)?.defaultSubjects ?? `people who use the ${f} chat`);
}

/** Key → facts of a model's purposes and fields (the first of a key wins, as a search in order would find it). */
const indexes = new WeakMap<
  DocumentsModel,
  { purposes: readonly PurposeFacts[]; fields: readonly FieldFacts[]; purposeByKey: Map<string, PurposeFacts>; fieldByKey: Map<string, FieldFacts> }
>();

function indexOf(model: DocumentsModel) {
  let index = indexes.get(model);
  // Rebuilt if the lists were replaced since (the model is plain data a caller could spread and change).
  if (!index || index.purposes !== model.purposes || index.fields !== model.fields) {
    const purposeByKey = new Map<string, PurposeFacts>();
    for (const p of model.purposes) if (!purposeByKey.has(p.key)) purposeByKey.set(p.key, p);
    const fieldByKey = new Map<string, FieldFacts>();
    for (const f of model.fields) if (!fieldByKey.has(f.key)) fieldByKey.set(f.key, f);
    index = { purposes: model.purposes, fields: model.fields, purposeByKey, fieldByKey };
    indexes.set(model, index);
  }
  return index;
}

export function purposeOf(model: DocumentsModel, key: string): PurposeFacts {
  const p = indexOf(model).purposeByKey.get(key);
  if (!p) throw new Error(`internal error: documents model has no purpose ${key}`);
  return p;
}

export function fieldOf(model: DocumentsModel, key: string): FieldFacts {
  const f = indexOf(model).fieldByKey.get(key);
  if (!f) throw new Error(`internal error: documents model has no field ${key}`);
  return f;
}

/** "quote (contract)" — a purpose with its basis, as the diagram and the record show it. */
export function purposeWithBasis(p: PurposeFacts): string {
  return `${p.name} (${p.basis?.name ?? "no basis"})`;
}

// ── The diagram's graph ─────────────────────────────────────────────────────

/**
 * Waiting steps become nodes; say and goto are passed through (their edges
 * lead on to the next step that is drawn); if is a decision node.
 */
function buildDiagram(program: Program): FlowFacts["diagram"] {
  const graph = buildFlowGraph(program);
  const steps = program.steps;
  const drawn = (i: number) => {
    const k = steps[i]!.kind;
    return k === "ask" || k === "consent" || k === "end" || k === "if";
  };
  const nodes: DiagramNode[] = [{ id: "start", kind: "start", lines: ["start"], purposes: [] }];
  const nodeOf = new Map<number, string>();
  steps.forEach((step, i) => {
    if (!drawn(i)) return;
    const id = `n${i}`;
    nodeOf.set(i, id);
    const stepName = program.stepIds[i];
    switch (step.kind) {
      case "ask": {
        const uses = step.purposes.map((u) => `${u.purpose.text} (${u.basis.text})`);
        const head = stepName && stepName !== step.field.text ? `ask ${stepName}: ${step.field.text}` : `ask ${step.field.text}`;
        nodes.push({
          id,
          kind: "ask",
          ...(stepName ? { step: stepName } : {}),
          lines: [head + (step.optional ? " (optional)" : ""), step.question.value, `for ${uses.join(", ")}`],
          purposes: uses,
        });
        break;
      }
      case "consent": {
        const c = step as ConsentStep;
        const head = stepName && stepName !== c.purpose.text ? `consent ${stepName}: ${c.purpose.text}` : `consent ${c.purpose.text}`;
        nodes.push({
          id,
          kind: "consent",
          ...(stepName ? { step: stepName } : {}),
          lines: [head, c.request.value],
          purposes: [`${c.purpose.text} (consent)`],
        });
        break;
      }
      case "end":
        nodes.push({
          id,
          kind: "end",
          ...(stepName ? { step: stepName } : {}),
          lines: [`end ${stepName ?? ""}`.trim() + (step.outcome ? ` as ${step.outcome.text}` : ""), step.text.value],
          purposes: [],
        });
        break;
      case "if":
        nodes.push({ id, kind: "if", ...(stepName ? { step: stepName } : {}), lines: [`if ${conditionText(step.condition)}`], purposes: [] });
        break;
      default:
        break;
    }
  });

  let eof = false;
  /** Follows say and goto steps to the step that is drawn (or the end of the file). */
  const land = (to: number): string => {
    const seen = new Set<number>();
    let i = to;
    while (i !== END_OF_FILE && !drawn(i)) {
      if (seen.has(i)) return "loop";
      seen.add(i);
      const next = graph.out[i]![0];
      if (!next) return "eof";
      i = next.to;
    }
    if (i === END_OF_FILE) {
      eof = true;
      return "eof";
    }
    return nodeOf.get(i)!;
  };

  const edges: DiagramEdge[] = [];
  const edgeKeys = new Set<string>();
  const add = (e: DiagramEdge) => {
    // One edge per (from, to, label); an absent label is distinct from every label.
    const key = `${e.from}\u0000${e.to}\u0000${e.label === undefined ? "\u0001" : `\u0002${e.label}`}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(e);
  };
  if (graph.entry !== END_OF_FILE) add({ from: "start", to: land(graph.entry), kind: "start" });
  steps.forEach((step, i) => {
    const from = nodeOf.get(i);
    if (!from) return;
    for (const e of graph.out[i]!) {
      const to = e.to === END_OF_FILE ? ((eof = true), "eof") : land(e.to);
      add({ from, to, kind: e.kind, ...edgeLabel(step, e) });
    }
  });
  if (eof) nodes.push({ id: "eof", kind: "eof", lines: ["runs past the last step"], purposes: [] });
  if (edges.some((e) => e.to === "loop")) nodes.push({ id: "loop", kind: "eof", lines: ["loop without a question"], purposes: [] });
  return { nodes, edges };
}

function edgeLabel(step: Program["steps"][number], e: Edge): { label?: string } {
  switch (e.kind) {
    case "when": {
      if (step.kind !== "ask" || e.branch === undefined) return { label: "when" };
      const v = step.when[e.branch]!.value;
      return { label: `when ${v.kind === "string" ? JSON.stringify(v.value) : String(v.value)}` };
    }
    case "retry":
      return { label: step.kind === "ask" && step.retry ? `after ${step.retry.limit} invalid answers` : "retry" };
    case "given":
      return { label: "given" };
    case "refused":
      return { label: "refused" };
    case "then":
      return { label: "then" };
    case "else":
      return { label: "else" };
    case "next":
      return step.kind === "ask" && step.optional ? { label: "answered or skipped" } : {};
    case "goto":
      return {};
  }
}
