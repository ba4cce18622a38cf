/**
 * The public, typed face of the runtime. A generated module instantiates
 * `FlowTypes` with the exact steps, fields, purposes and outcomes of its flow,
 * so `Conversation<LeadCaptureTypes>` accepts only answers that fit.
 */
import type { Basis, FieldValue, Retention } from "./machine.ts";

/** What a person is shown under "Why are we asking?" for one purpose of a question. */
export interface PurposeInfo<P extends string = string> {
  readonly purpose: P;
  readonly why: string;
  readonly basis: Basis;
  readonly evidence?: string;
  readonly retention: Retention;
  readonly sharedWith: readonly string[];
}

export interface ChoiceInfo<V extends string = string> {
  readonly value: V;
  readonly label: string;
}

interface PromptBase<S extends string> {
  readonly step: S;
  /** Messages of `say` steps passed since the last prompt, interpolated. */
  readonly messages: readonly string[];
  /** The question, request or closing text, interpolated. */
  readonly text: string;
}

export interface AskPromptShape<S extends string = string, F extends string = string, P extends string = string> extends PromptBase<S> {
  readonly kind: "ask";
  readonly field: F;
  readonly fieldType: "text" | "email" | "phone" | "integer" | "number" | "yesno" | "date" | "choice";
  readonly choices: readonly ChoiceInfo[];
  readonly optional: boolean;
  /** The purposes that have a valid basis at this moment (the others were dropped). */
  readonly purposes: readonly PurposeInfo<P>[];
  /** Refused answers at this step so far (for `retry N then -> ID`). */
  readonly attempts: number;
}

export interface ConsentPromptShape<S extends string = string, P extends string = string> extends PromptBase<S> {
  readonly kind: "consent";
  readonly purpose: P;
  readonly purposes: readonly PurposeInfo<P>[];
}

export interface EndPromptShape<S extends string = string, O extends string = string> extends PromptBase<S> {
  readonly kind: "end";
  readonly outcome: O;
}

export type PromptShape = AskPromptShape | ConsentPromptShape | EndPromptShape;

/**
 * The type bundle a generated module provides. Every member is precise for
 * that flow: `Answers["plan"]` is `"basic" | "pro" | "enterprise"`.
 */
export interface FlowTypes {
  /** Discriminated union of prompts, by `step`. */
  readonly Prompt: PromptShape;
  /** For each ask or consent step, the value `answer(step, value)` accepts (`null` skips an optional ask; consent takes a boolean). */
  readonly Answers: { readonly [step: string]: unknown };
  /** The value type of each field. */
  readonly Fields: { readonly [field: string]: FieldValue };
  readonly Purpose: string;
  /** For each purpose, exactly the data it may use. */
  readonly PurposeData: { readonly [purpose: string]: object };
  readonly Outcome: string;
}

/** Why an answer was refused. Stable codes, for frontends to translate. */
export type RefusalCode =
  | "empty"
  | "too_long"
  | "not_email"
  | "not_phone"
  | "not_integer"
  | "not_number"
  | "out_of_range"
  | "not_yesno"
  | "not_date"
  | "unknown_choice"
  | "wrong_type"
  | "not_optional";

export interface ConversationOptions {
  /** The clock, injectable for tests and replays. Defaults to `() => new Date()`. */
  readonly clock?: () => Date;
  /** How consent given through this conversation is recorded on receipts (e.g. `"web-chat"`). */
  readonly method?: string;
}
