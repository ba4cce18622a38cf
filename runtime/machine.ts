/**
 * The machine definition: what the compiler emits and the engine runs. It is
 * plain data (no functions, no code), frozen, and indexed densely: steps refer
 * to each other by position in `nodes`, so a transition is an array access.
 *
 * Author-given names (fields, purposes, steps) appear only as string values,
 * never as object keys, so a name such as `__proto__` cannot reach a prototype.
 */

export type Basis = "consent" | "contract" | "legal_obligation" | "vital_interests" | "public_task" | "legitimate_interests";

export type DurationUnit = "days" | "weeks" | "months" | "years";

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

export type Retention =
  | { readonly kind: "session" }
  | { readonly kind: "until_withdrawn" }
  | { readonly kind: "period"; readonly period: Duration; readonly orUntilWithdrawn: boolean };

export interface PurposeDef {
  readonly name: string;
  /** The sentence a person reads under "Why are we asking?". */
  readonly why: string;
  readonly basis: Basis;
  /** The law, interest or task the basis rests on (required for some bases). */
  readonly evidence?: string;
  readonly retention: Retention;
  /** How long a consent lasts before it must be asked again. */
  readonly consentValid?: Duration;
  readonly needs: readonly string[];
  /** Chat phrases that withdraw consent for this purpose (compared case-insensitively, trimmed). */
  readonly withdrawOn: readonly string[];
  /**
   * Chat phrases that object to this purpose (Art. 21): the flow's own and
   * the defaults the compiler adds ("I object"). Only on a purpose the person
   * can object to: legitimate interests, public task, or direct marketing.
   */
  readonly objectOn?: readonly string[];
  /** Direct marketing: the right to object to it is absolute, whatever the basis (Art. 21(2)–(3)). */
  readonly directMarketing?: true;
  /**
   * Present on a purpose whose data erasure keeps, because it is needed for
   * a legal obligation or a public task (Art. 17(3)(b)): what the person is
   * told, after "forget me", about the data kept. The compiler writes it.
   */
  readonly kept?: string;
  readonly sharedWith: readonly string[];
  readonly transfers: readonly { readonly country: string; readonly safeguard: string }[];
  /** Art. 9(2) condition for special-category data. */
  readonly condition?: string;
  /** Fideslang data-use id. */
  readonly category?: string;
}

export type FieldType =
  | { readonly kind: "text"; readonly max: number }
  | { readonly kind: "email" }
  | { readonly kind: "phone" }
  | { readonly kind: "integer"; readonly min: number; readonly max: number }
  | { readonly kind: "number"; readonly min: number; readonly max: number }
  | { readonly kind: "yesno" }
  | { readonly kind: "date" }
  | { readonly kind: "choice"; readonly options: readonly { readonly value: string; readonly label: string }[] };

export interface FieldDef {
  readonly name: string;
  /** How the field is described to a person ("your email address"). */
  readonly label: string;
  readonly type: FieldType;
  /**
   * What a refused answer is told when the host gives no message of its own:
   * "Please give your email address.", "Please pick one of: Basic, Pro.".
   * Written by the compiler, so the runtime carries no sentences of its own.
   */
  readonly hint: string;
  readonly special?: string;
  readonly category?: string;
}

/** Text with `{field}` interpolations: literal strings and references to fields. */
export type TextTemplate = readonly (string | { readonly field: string })[];

/** A value a field can hold: text, number, yes/no as boolean, a choice's value, a date as `YYYY-MM-DD`. */
export type FieldValue = string | number | boolean;

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type Operand = { readonly field: string } | { readonly value: FieldValue };

export type Condition =
  | { readonly op: "and" | "or"; readonly left: Condition; readonly right: Condition }
  | { readonly op: "not"; readonly operand: Condition }
  | { readonly op: "known"; readonly field: string }
  | { readonly op: "given"; readonly purpose: string }
  | { readonly op: CompareOp; readonly left: Operand; readonly right: Operand };

/** Index into `MachineDefinition.nodes`. */
export type NodeIndex = number;

export interface SayNode {
  readonly kind: "say";
  readonly text: TextTemplate;
  readonly next: NodeIndex;
}

export interface BranchNode {
  readonly kind: "branch";
  readonly test: Condition;
  readonly then: NodeIndex;
  readonly else: NodeIndex;
}

export interface AskNode {
  readonly kind: "ask";
  readonly id: string;
  readonly field: string;
  readonly text: TextTemplate;
  readonly purposes: readonly { readonly purpose: string; readonly basis: Basis }[];
  readonly optional: boolean;
  readonly when: readonly { readonly value: FieldValue; readonly next: NodeIndex }[];
  readonly next: NodeIndex;
  readonly retry?: { readonly limit: number; readonly next: NodeIndex };
  /**
   * Set by the compiler on an ask the flow can come back to (through any
   * jumps and branches): reached again, it asks again even when its field is
   * held (docs/language.md, "Loops"). Absent on every other ask.
   */
  readonly loop?: true;
}

export interface ConsentNode {
  readonly kind: "consent";
  readonly id: string;
  readonly purpose: string;
  readonly text: TextTemplate;
  readonly given: NodeIndex;
  readonly refused: NodeIndex;
  /** `keeps`: fields already held that join this purpose when consent is given (each one the purpose needs). */
  readonly keeps?: readonly string[];
}

export interface EndNode {
  readonly kind: "end";
  readonly id: string;
  readonly text: TextTemplate;
  readonly outcome?: string;
}

export type Node = SayNode | BranchNode | AskNode | ConsentNode | EndNode;

/** Waiting nodes are the machine's states; say and branch nodes are passed on the way. */
export type WaitingNode = AskNode | ConsentNode | EndNode;

/**
 * The chat phrases the runtime recognises in raw input, each normalised
 * (commands.ts, `norm`): the compiler writes the English ones
 * (docs/runtime.md, "Chat commands").
 */
export interface ChatPhrases {
  /** Art. 15: show the person their data. */
  readonly export: readonly string[];
  /** Art. 17: erase the person's data. */
  readonly erase: readonly string[];
  /** Decline an optional question. */
  readonly skip: readonly string[];
  readonly yes: readonly string[];
  readonly no: readonly string[];
}

export interface MachineDefinition {
  /** The flow's name, e.g. `LeadCapture`. */
  readonly id: string;
  readonly version: string;
  readonly controller: { readonly name: string; readonly contact: string; readonly dpo?: string };
  /** Version and content hash of the privacy notice generated from the same source. */
  readonly notice?: { readonly version: string; readonly hash: string };
  readonly purposes: readonly PurposeDef[];
  readonly fields: readonly FieldDef[];
  readonly nodes: readonly Node[];
  readonly start: NodeIndex;
  readonly phrases: ChatPhrases;
}
