/**
 * A program is one flow file together with the policy files it `use`s: the
 * declarations of all of them, indexed by name, and the steps of the flow.
 * It is built before the checks run; the checks judge it (duplicates are
 * reported by the names check, here the first declaration wins).
 */
import type {
  AskStep,
  BasisName,
  ControllerDecl,
  Duration,
  FieldDecl,
  FlowDecl,
  FlowFile,
  PurposeDecl,
  PurposeItem,
  Retention,
  SecurityDecl,
  Step,
  Text,
  Name,
} from "./ast.ts";
import { BASIS_NAMES, stepId } from "./ast.ts";

export interface Program {
  /** The flow file (the one with the steps). */
  readonly main: FlowFile;
  /** Every file of the program: the flow file first, then the files it uses, in the order they were loaded. */
  readonly files: readonly FlowFile[];
  readonly flow?: FlowDecl;
  readonly controller?: ControllerDecl;
  readonly security: readonly SecurityDecl[];
  readonly purposes: ReadonlyMap<string, PurposeDecl>;
  readonly fields: ReadonlyMap<string, FieldDecl>;
  readonly steps: readonly Step[];
  /** Step id → index into `steps` (first occurrence wins). */
  readonly stepIndex: ReadonlyMap<string, number>;
  /**
   * The id of each step, parallel to `steps`: the explicit id, else the field
   * (ask) or purpose (consent); an `end` without one is `end`, `end_2`, `end_3`…
   * in file order; say, if and goto without an id have none.
   */
  readonly stepIds: readonly (string | undefined)[];
}

export function buildProgram(main: FlowFile, used: readonly FlowFile[] = []): Program {
  const files = [main, ...used];
  const purposes = new Map<string, PurposeDecl>();
  const fields = new Map<string, FieldDecl>();
  const security: SecurityDecl[] = [];
  let flow: FlowDecl | undefined;
  let controller: ControllerDecl | undefined;
  for (const file of files) {
    for (const decl of file.declarations) {
      switch (decl.kind) {
        case "flow":
          flow ??= decl;
          break;
        case "controller":
          controller ??= decl;
          break;
        case "security":
          security.push(decl);
          break;
        case "purpose":
          if (!purposes.has(decl.name.text)) purposes.set(decl.name.text, decl);
          break;
        case "field":
          if (!fields.has(decl.name.text)) fields.set(decl.name.text, decl);
          break;
        case "use":
          break;
      }
    }
  }
  const stepIndex = new Map<string, number>();
  const stepIds: (string | undefined)[] = [];
  let anonymousEnds = 0;
  main.steps.forEach((step, i) => {
    let id = stepId(step)?.text;
    if (id === undefined && step.kind === "end") {
      anonymousEnds++;
      id = anonymousEnds === 1 ? "end" : `end_${anonymousEnds}`;
    }
    stepIds.push(id);
    if (id !== undefined && !stepIndex.has(id)) stepIndex.set(id, i);
  });
  return { main, files, flow, controller, security, purposes, fields, steps: main.steps, stepIndex, stepIds };
}

// ── Reading a purpose's items ───────────────────────────────────────────────
// Items are kept in source order so checks can report repeats; these helpers
// give the first occurrence, which is the one that counts.

type ItemOf<K extends PurposeItem["kind"]> = Extract<PurposeItem, { kind: K }>;

export function purposeItem<K extends PurposeItem["kind"]>(p: PurposeDecl, kind: K): ItemOf<K> | undefined {
  return p.items.find((i): i is ItemOf<K> => i.kind === kind);
}

export function purposeItems<K extends PurposeItem["kind"]>(p: PurposeDecl, kind: K): ItemOf<K>[] {
  return p.items.filter((i): i is ItemOf<K> => i.kind === kind);
}

/** The declared basis if it is one of the six of Art. 6(1), else undefined. */
export function purposeBasis(p: PurposeDecl): BasisName | undefined {
  const b = purposeItem(p, "basis")?.basis.text;
  return b !== undefined && (BASIS_NAMES as readonly string[]).includes(b) ? (b as BasisName) : undefined;
}

export function purposeEvidence(p: PurposeDecl): Text | undefined {
  return purposeItem(p, "basis")?.evidence;
}

/** Every field named in any `needs` line of the purpose. */
const needsOf = new WeakMap<PurposeDecl, readonly Name[]>();

/** The fields a purpose needs, gathered once per declaration: checks ask for them at every ask. */
export function purposeNeeds(p: PurposeDecl): readonly Name[] {
  let needs = needsOf.get(p);
  if (!needs) needsOf.set(p, (needs = purposeItems(p, "needs").flatMap((i) => i.fields)));
  return needs;
}

export function purposeRetention(p: PurposeDecl): Retention | undefined {
  return purposeItem(p, "retain")?.retention;
}

export function purposeConsentValid(p: PurposeDecl): Duration | undefined {
  return purposeItem(p, "consent_valid")?.duration;
}

/**
 * Whether the person can object to the purpose (Art. 21): processing on a
 * public task or legitimate interests (21(1)), or direct marketing whatever
 * its basis (21(2)–(3)).
 */
export function purposeObjectable(p: PurposeDecl): boolean {
  const b = purposeBasis(p);
  return b === "legitimate_interests" || b === "public_task" || purposeItem(p, "direct_marketing") !== undefined;
}

/** What anyone may type to object, whatever the flow declares: the runtime holds no list of its own. */
export const DEFAULT_OBJECT_PHRASES: readonly string[] = ["I object"];
/** What anyone may type to object to direct marketing. */
export const DEFAULT_MARKETING_OBJECT_PHRASES: readonly string[] = ["stop marketing", "no marketing"];

/** The chat phrases that object to an objectable purpose: its `object on` phrases, then the defaults. */
export function purposeObjectPhrases(p: PurposeDecl): string[] {
  const own = purposeItems(p, "object_on").flatMap((i) => i.phrases.map((t) => t.value));
  const defaults = purposeItem(p, "direct_marketing") ? [...DEFAULT_OBJECT_PHRASES, ...DEFAULT_MARKETING_OBJECT_PHRASES] : DEFAULT_OBJECT_PHRASES;
  return [...new Set([...own, ...defaults])];
}

/** Ask steps of the program that collect `field` (by field name). */
export function asksOf(program: Program, field: string): AskStep[] {
  return program.steps.filter((s): s is AskStep => s.kind === "ask" && s.field.text === field);
}
