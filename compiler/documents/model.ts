/**
 * The documents model: one normalised description of the processing that a
 * set of flows performs, built once from their programs. The privacy notice
 * (Art. 13), the record of processing (Art. 30) and the Fideslang and DPV
 * exports all read their facts from here, so they cannot disagree — a
 * retention period, a recipient or a basis is worded in one place
 * (wording.ts, law.ts). The diagram is drawn from the flow's steps
 * (flow-diagram.ts), with the same wording of conditions.
 *
 * The model is plain data (no spans, no file paths), so it is deterministic
 * across machines: the notice hash must not depend on where a repository is
 * checked out. Pure: building it reads nothing and writes nothing.
 */
import type { AskStep, BasisName, Condition, Duration, FieldDecl, PurposeDecl } from "../ast.ts";
import { normalizePath } from "../paths.ts";
import type { Program } from "../program.ts";
import {
  purposeBasis,
  purposeConsentValid,
  purposeEvidence,
  purposeItem,
  purposeItems,
  purposeNeeds,
  purposeObjectPhrases,
  purposeObjectable,
  purposeRetention,
} from "../program.ts";
import { BASES, RIGHT_NAMES, rightApplies, type BasisInfo, type RightName } from "./law.ts";
import { durationText, fieldTypeText, humanName, retentionFacts } from "./wording.ts";

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
  /** Direct marketing (Art. 21(2)–(3)). */
  readonly directMarketing: boolean;
  /** The chat phrases that object to the purpose, defaults included; empty where the person cannot object. */
  readonly objectOn: readonly string[];
  /** Art. 9(2) condition. */
  readonly condition?: string;
  /** What the condition rests on (the law, the body, the claims…); none for explicit consent. */
  readonly conditionFact?: string;
  /** Fideslang data-use id. */
  readonly category?: string;
  /** Declared categories of data subjects (empty: not declared). */
  readonly subjects: readonly string[];
  /** Declared automated processing: decisions of Art. 22(1) and profiling without such decisions. */
  readonly automated: readonly AutomatedFacts[];
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

export interface FlowFacts {
  readonly name: string;
  /** The flow's name as words, for titles a person reads (`LeadCapture` → "Lead capture"). */
  readonly title: string;
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

/**
 * Builds the model of the processing of one or more flows. Purposes and
 * fields reached through the same declaration (a shared `use`d policy file)
 * are merged; the flows that use each are listed on it.
 */
export function buildDocumentsModel(programs: readonly Program[]): DocumentsModel {
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
      // A consent step that `keeps` the field adds it to its purpose on a yes: the purpose holds it as surely as one asked for.
      for (const step of program.steps) {
        if (step.kind !== "consent") continue;
        const kept = step.keeps?.some((k) => {
          const d = program.fields.get(k.text);
          return d !== undefined && fieldKey(d) === f;
        });
        if (!kept) continue;
        const decl = program.purposes.get(step.purpose.text);
        if (!decl) continue;
        const p = purposeKey(decl);
        if (seen.has(p.key)) continue;
        seen.add(p.key);
        collections.push({ field: f.key, purpose: p.key, provision: "consent" });
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
      title: humanName(flowName, true),
      version: program.flow?.version.value ?? "0.0.0",
      ...(controller ? { controller } : {}),
      purposes: flowPurposes.map((p) => p.key),
      fields: flowFields.map((f) => f.key),
      collections,
      security: flowSecurity,
      defaultSubjects: `people who use the ${humanName(flowName, true)} chat`,
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

/**
 * `automated decision "LOGIC" effects "CONSEQUENCES"`: a decision based solely on automated
 * processing with legal or similarly significant effects (Art. 22(1)), allowed by the exception
 * of Art. 22(2) read from the basis; `automated profiling "…"`: profiling without such a decision.
 */
export type AutomatedFacts =
  | { readonly kind: "decision"; readonly logic: string; readonly effects: string; readonly exception?: "contract" | "law" | "explicit_consent" }
  | { readonly kind: "profiling"; readonly description: string };

function automatedFacts(decl: PurposeDecl, basis: BasisName | undefined): AutomatedFacts[] {
  const exception = basis === "contract" ? "contract" : basis === "legal_obligation" || basis === "public_task" ? "law" : basis === "consent" ? "explicit_consent" : undefined;
  return purposeItems(decl, "automated").map((a): AutomatedFacts =>
    a.mode?.text === "profiling"
      ? { kind: "profiling", description: a.description.value }
      : { kind: "decision", logic: a.description.value, effects: a.effects?.value ?? "", ...(exception ? { exception } : {}) },
  );
}

function makePurpose(decl: PurposeDecl, key: string): MutablePurpose {
  const basisName = purposeBasis(decl);
  const basis = basisName ? BASES[basisName] : undefined;
  const evidence = purposeEvidence(decl)?.value;
  const consentValid = purposeConsentValid(decl);
  const condition = purposeItem(decl, "condition")?.condition.text;
  const conditionFact = purposeItem(decl, "condition")?.fact?.value;
  const category = purposeItem(decl, "category")?.category.text;
  const directMarketing = purposeItem(decl, "direct_marketing") !== undefined;
  const rights = Object.fromEntries(RIGHT_NAMES.map((r) => [r, rightApplies(r, basisName, directMarketing)])) as Record<RightName, { applies: boolean; reason?: string }>;
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
    directMarketing,
    objectOn: purposeObjectable(decl) ? purposeObjectPhrases(decl) : [],
    ...(condition !== undefined ? { condition } : {}),
    ...(conditionFact !== undefined ? { conditionFact } : {}),
    ...(category !== undefined ? { category } : {}),
    subjects: dedupe(purposeItems(decl, "subjects").flatMap((i) => i.subjects.map((s) => s.value))),
    automated: automatedFacts(decl, basisName),
    flows: [],
    rights,
  };
}

function makeField(decl: FieldDecl, key: string): MutableField {
  return {
    key,
    name: decl.name.text,
    label: decl.label?.value ?? humanName(decl.name.text),
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
  return p.flows.map((f) => model.flows.find((x) => x.name === f)?.defaultSubjects ?? `people who use the ${humanName(f, true)} chat`);
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
