/**
 * The typed AST of a `.flow` file. Every node carries the span it came from;
 * names carry their own span so that diagnostics can point at exactly the
 * name that is wrong. The AST holds what was written, unresolved: the checks
 * resolve and judge it, the lowering turns it into the IR.
 */
import type { Span } from "./source.ts";

export interface Name {
  readonly text: string;
  readonly span: Span;
}

/** A string literal after escapes are decoded, split at `{field}` interpolations. */
export interface Text {
  /** The decoded text with interpolations left as `{name}` (for display and hashing). */
  readonly value: string;
  readonly parts: readonly TextPart[];
  readonly span: Span;
}

export type TextPart = { readonly kind: "literal"; readonly value: string } | { readonly kind: "field"; readonly name: Name };

// ── Declarations ────────────────────────────────────────────────────────────

export interface FlowDecl {
  readonly kind: "flow";
  readonly name: Name;
  readonly version: Text;
  readonly span: Span;
}

export interface ControllerDecl {
  readonly kind: "controller";
  readonly name: Text;
  readonly contact: Text;
  readonly dpo?: Text;
  readonly span: Span;
}

export interface SecurityDecl {
  readonly kind: "security";
  readonly text: Text;
  readonly span: Span;
}

export interface UseDecl {
  readonly kind: "use";
  readonly path: Text;
  readonly span: Span;
}

/** The six lawful bases of GDPR Art. 6(1)(a)–(f). */
export type BasisName = "consent" | "contract" | "legal_obligation" | "vital_interests" | "public_task" | "legitimate_interests";
export const BASIS_NAMES: readonly BasisName[] = [
  "consent",
  "contract",
  "legal_obligation",
  "vital_interests",
  "public_task",
  "legitimate_interests",
];

export type DurationUnit = "days" | "weeks" | "months" | "years";

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
  readonly span: Span;
}

export type Retention =
  | { readonly kind: "session"; readonly span: Span }
  | { readonly kind: "until_withdrawn"; readonly span: Span }
  | { readonly kind: "period"; readonly period: Duration; readonly orUntilWithdrawn: boolean; readonly span: Span };

/** One item inside `purpose ID "WHY" { … }`, in source order (repeats are kept so a check can report them). */
export type PurposeItem =
  | { readonly kind: "basis"; readonly basis: Name; readonly evidence?: Text; readonly span: Span }
  | { readonly kind: "needs"; readonly fields: readonly Name[]; readonly span: Span }
  | { readonly kind: "retain"; readonly retention: Retention; readonly span: Span }
  | { readonly kind: "consent_valid"; readonly duration: Duration; readonly span: Span }
  | { readonly kind: "shared_with"; readonly recipients: readonly Text[]; readonly span: Span }
  | { readonly kind: "transfer"; readonly country: Text; readonly safeguard: Text; readonly span: Span }
  | { readonly kind: "withdraw_on"; readonly phrases: readonly Text[]; readonly span: Span }
  /** Chat phrases that object to the purpose (Art. 21). */
  | { readonly kind: "object_on"; readonly phrases: readonly Text[]; readonly span: Span }
  /** The purpose is direct marketing: the right to object to it is absolute, whatever the basis (Art. 21(2)–(3)). */
  | { readonly kind: "direct_marketing"; readonly span: Span }
  /** `condition C ["FACT"]`: the Art. 9(2) condition and the fact it rests on (the law, the body, the claim…). */
  | { readonly kind: "condition"; readonly condition: Name; readonly fact?: Text; readonly span: Span }
  | { readonly kind: "category"; readonly category: Name; readonly span: Span }
  | { readonly kind: "subjects"; readonly subjects: readonly Text[]; readonly span: Span }
  /**
   * `automated decision "LOGIC" effects "CONSEQUENCES"` (Art. 22(1): a decision based solely on
   * automated processing with legal or similarly significant effects) or `automated profiling
   * "DESCRIPTION"` (Art. 4(4), without such effects). `kind` is the word after `automated`, when
   * written; a check requires one of the two.
   */
  | {
      readonly kind: "automated";
      readonly mode?: Name;
      readonly description: Text;
      readonly effectsWord?: Name;
      readonly effects?: Text;
      readonly span: Span;
    };

export interface PurposeDecl {
  readonly kind: "purpose";
  readonly name: Name;
  readonly why: Text;
  readonly items: readonly PurposeItem[];
  readonly span: Span;
}

export type FieldType =
  | { readonly kind: "text"; readonly max: number; readonly span: Span }
  | { readonly kind: "email"; readonly span: Span }
  | { readonly kind: "phone"; readonly span: Span }
  | { readonly kind: "integer"; readonly min: number; readonly max: number; readonly span: Span }
  | { readonly kind: "number"; readonly min: number; readonly max: number; readonly span: Span }
  | { readonly kind: "yesno"; readonly span: Span }
  | { readonly kind: "date"; readonly span: Span }
  | { readonly kind: "choice"; readonly options: readonly ChoiceOption[]; readonly span: Span };

export interface ChoiceOption {
  readonly value: Name;
  readonly label: Text;
}

export interface FieldDecl {
  readonly kind: "field";
  readonly name: Name;
  readonly type: FieldType;
  readonly label?: Text;
  /** Art. 9 special category, e.g. `health`. */
  readonly special?: Name;
  /** Fideslang data-category id, e.g. `user.contact.email`. */
  readonly category?: Name;
  readonly span: Span;
}

// ── Steps ───────────────────────────────────────────────────────────────────

/** `for P under B` at an ask. */
export interface PurposeUse {
  readonly purpose: Name;
  readonly basis: Name;
  readonly span: Span;
}

/** A literal in a condition or a `when` branch. `symbol` is a bare word: a choice value, `yes`/`no`. */
export type Literal =
  | { readonly kind: "number"; readonly value: number; readonly span: Span }
  | { readonly kind: "string"; readonly value: string; readonly span: Span }
  | { readonly kind: "symbol"; readonly value: string; readonly span: Span };

export interface WhenBranch {
  readonly value: Literal;
  readonly target: Name;
  readonly span: Span;
}

export interface SayStep {
  readonly kind: "say";
  readonly id?: Name;
  readonly text: Text;
  readonly span: Span;
}

export interface AskStep {
  readonly kind: "ask";
  /** Explicit `ask ID: FIELD`; without it the step id is the field's name. */
  readonly id?: Name;
  readonly field: Name;
  readonly question: Text;
  readonly purposes: readonly PurposeUse[];
  readonly optional: boolean;
  readonly when: readonly WhenBranch[];
  readonly next?: Name;
  readonly retry?: { readonly limit: number; readonly target: Name; readonly span: Span };
  readonly span: Span;
}

export interface ConsentStep {
  readonly kind: "consent";
  /** Explicit `consent ID: PURPOSE`; without it the step id is the purpose's name. */
  readonly id?: Name;
  readonly purpose: Name;
  readonly request: Text;
  readonly given?: Name;
  readonly refused?: Name;
  /**
   * `keeps F, G`: fields the person may already have given for other purposes, kept for this
   * purpose too when consent is given — the only way held data joins a purpose consented to later.
   */
  readonly keeps?: readonly Name[];
  readonly span: Span;
}

export interface IfStep {
  readonly kind: "if";
  readonly id?: Name;
  readonly condition: Condition;
  readonly target: Name;
  readonly span: Span;
}

export interface GotoStep {
  readonly kind: "goto";
  readonly id?: Name;
  readonly target: Name;
  readonly span: Span;
}

export interface EndStep {
  readonly kind: "end";
  readonly id?: Name;
  readonly text: Text;
  readonly outcome?: Name;
  readonly span: Span;
}

export type Step = SayStep | AskStep | ConsentStep | IfStep | GotoStep | EndStep;

// ── Conditions ──────────────────────────────────────────────────────────────

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** An operand of a comparison: a bare word resolves to a field if one has that name, else it is a symbol literal. */
export type Operand = { readonly kind: "name"; readonly name: Name } | Literal;

export type Condition =
  | { readonly kind: "and" | "or"; readonly left: Condition; readonly right: Condition; readonly span: Span }
  | { readonly kind: "not"; readonly operand: Condition; readonly span: Span }
  | { readonly kind: "known"; readonly field: Name; readonly span: Span }
  | { readonly kind: "given"; readonly purpose: Name; readonly span: Span }
  | { readonly kind: "compare"; readonly op: CompareOp; readonly left: Operand; readonly right: Operand; readonly span: Span };

// ── File ────────────────────────────────────────────────────────────────────

export type Declaration = FlowDecl | ControllerDecl | SecurityDecl | UseDecl | PurposeDecl | FieldDecl;

export interface FlowFile {
  readonly path: string;
  readonly declarations: readonly Declaration[];
  readonly steps: readonly Step[];
  readonly span: Span;
}

/** The id a step is known by: its explicit id, else the field (ask) or purpose (consent) it names. Say, if and goto without an id have none. */
export function stepId(step: Step): Name | undefined {
  if (step.id) return step.id;
  if (step.kind === "ask") return step.field;
  if (step.kind === "consent") return step.purpose;
  return undefined;
}
