/**
 * The public, typed face of the runtime. A generated module instantiates
 * `FlowTypes` with the exact steps, fields, purposes and outcomes of its flow,
 * so `Conversation<LeadCaptureTypes>` accepts only answers that fit.
 */
import type { Basis, FieldType, FieldValue, MachineDefinition, PurposeDef, Retention } from "./machine.ts";
import type { ErrorCode } from "./errors.ts";

export type { ErrorCode };

/** What a person is shown under "Why are we asking?" for one purpose of a question. */
export interface PurposeInfo<P extends string = string> {
  readonly purpose: P;
  readonly why: string;
  readonly basis: Basis;
  readonly evidence?: string;
  readonly retention: Retention;
  readonly sharedWith: readonly string[];
}

/** One option of a choice question: the value `answer` takes and the label a person sees. */
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

/**
 * An ask. A generated module gives `K`, the field's kind, and `V`, the values
 * of a choice field (`never` for any other), so `choices[number]["value"]` is
 * what `answer` accepts and a non-choice question has no choices to show.
 */
export interface AskPromptShape<
  S extends string = string,
  F extends string = string,
  P extends string = string,
  K extends FieldType["kind"] = FieldType["kind"],
  V extends string = string,
> extends PromptBase<S> {
  readonly kind: "ask";
  readonly field: F;
  readonly fieldType: K;
  readonly choices: [V] extends [never] ? readonly [] : readonly ChoiceInfo<V>[];
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
  /**
   * Who gives the answers, recorded on every receipt (ISO/IEC TS 27560
   * "entity id"): the person themselves, or a holder of parental
   * responsibility answering for a child (Art. 8(1)). Unset, receipts say
   * nothing and a consent record takes the person.
   */
  readonly by?: "guardian";
  /**
   * A secret for snapshot integrity. With a key, snapshots carry an
   * HMAC-SHA-256 and restoring needs the same key; without one they carry a
   * plain SHA-256, which catches accidental and naive edits but not someone
   * who recomputes it.
   */
  readonly key?: string;
  /**
   * The conversation's id (a session or chat id). Its snapshots carry it,
   * and restoring one needs the same id, so one person's snapshot cannot
   * be restored as another's (`snapshot_conversation`).
   */
  readonly id?: string;
  /**
   * Refuse a snapshot whose revision is older than this (`snapshot_stale`):
   * give the newest revision you have stored for the conversation, so an
   * old copy (taken before a withdrawal or an erasure) cannot be replayed.
   */
  readonly minRevision?: number;
  /** Faster hashes the host has (Node's `crypto`, a worker's): used instead of the runtime's own. */
  readonly hashes?: Hashes;
  /** Messages to show for refused answers, by code (e.g. translations); the rest stay English. */
  readonly messages?: Partial<Record<RefusalCode, string>>;
  /** The text of the prompt shown after the person's data was erased. */
  readonly erasedText?: string;
  /**
   * What reads raw chat input, for `answerText`: `chatReader` from
   * `lawflow/runtime/chat`. A host that answers with typed values only
   * (buttons, forms) leaves it out and does not download it.
   */
  readonly chatReader?: ChatReader;
}

/** A chat input that is a command rather than an answer: a withdrawal or objection phrase, access, erasure. */
export type Command = { kind: "withdraw"; purpose: string } | { kind: "object"; purposes: string[] } | { kind: "export" } | { kind: "erase" };

/**
 * How raw chat input is read (`lawflow/runtime/chat`): the runtime
 * validates and stores what it gives, as for a typed answer.
 */
export interface ChatReader {
  /** The command a chat input is, if any. */
  readonly command: (text: unknown, machine: MachineDefinition) => Command | undefined;
  /**
   * What raw input answers: for a consent request (no field type) a
   * boolean, or undefined if it is neither yes nor no; for a question, the
   * value to validate as a typed answer, `null` for a phrase that declines it
   * ("skip"), `""` for input with nothing in it, or a refusal.
   */
  readonly read: (text: unknown, type: FieldType | undefined, machine: MachineDefinition) => unknown;
}

/**
 * Hash functions a host can hand in, each returning lowercase hex of the
 * UTF-8 text: SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104). For Node:
 * `{ sha256: (t) => createHash("sha256").update(t).digest("hex"),
 *    hmacSha256: (k, t) => createHmac("sha256", k).update(t).digest("hex") }`.
 */
export interface Hashes {
  readonly sha256?: (text: string) => string;
  readonly hmacSha256?: (key: string, text: string) => string;
}

/**
 * The prompt after `erase()` (or "forget me") ended a conversation that had
 * not reached an end: there is no step to answer and nothing is held.
 */
export interface ErasedPrompt {
  readonly kind: "erased";
  readonly step: null;
  readonly messages: readonly string[];
  readonly text: string;
}

/** An answer was taken; `prompt` is what to show next. */
export interface Accepted<Prompt> {
  readonly ok: true;
  readonly prompt: Prompt;
  /**
   * After a consent decision (given or refused): the person's receipt code
   * for it: the receipt's number and the first 16 hex digits of its hash,
   * as in `0-a8f12c1ba8763dc0` (docs/runtime.md, "Receipt codes").
   * Computed when first read.
   */
  readonly receipt?: string;
}

/**
 * An answer was refused: show `message`. Nothing was stored. `prompt` is
 * the same step (with one more attempt) unless `retry N then -> ID` moved on.
 */
export interface Refused<Prompt> {
  readonly ok: false;
  readonly code: RefusalCode;
  readonly message: string;
  readonly prompt: Prompt;
}

export type AnswerResult<Prompt> = Accepted<Prompt> | Refused<Prompt>;

/** Raw chat input that was a command rather than an answer. */
export type CommandResult<Prompt, P extends string = string> =
  | { readonly ok: true; readonly command: "withdraw"; readonly purpose: P; readonly erased: readonly string[]; readonly prompt: Prompt; readonly receipt?: string }
  /** An objection phrase (`object on`, "I object"): every purpose it names stops (Art. 21). */
  | { readonly ok: true; readonly command: "object"; readonly purposes: readonly P[]; readonly erased: readonly string[]; readonly prompt: Prompt; readonly receipt?: string }
  | { readonly ok: true; readonly command: "export"; readonly data: ExportData; readonly prompt: Prompt }
  | { readonly ok: true; readonly command: "erase"; readonly erased: readonly string[]; readonly prompt: Prompt; readonly receipt?: string }
  | { readonly ok: true; readonly command: "skip"; readonly prompt: Prompt };

export type TextResult<Prompt, P extends string = string> = AnswerResult<Prompt> | CommandResult<Prompt, P>;

/** What a receipt records. `erased` and `objected` records name no values. */
export type Decision = "given" | "refused" | "withdrawn" | "objected" | "erased";

/**
 * One entry of the append-only, hash-chained consent and rights ledger
 * (Art. 7(1): the controller shall be able to demonstrate consent). `hash` is
 * the SHA-256 of the canonical JSON of every other member; `prev` is the
 * previous entry's hash (64 zeros for the first).
 */
export interface Receipt {
  readonly seq: number;
  /** Who answered, when the host said (`ConversationOptions.by`): `"guardian"`. */
  readonly by?: string | undefined;
  readonly flow: string;
  readonly version: string;
  /** Absent on an erasure record, which covers every purpose. */
  readonly purpose?: string | undefined;
  /** The request exactly as shown, with `{field}` placeholders left as written so no personal data enters the ledger. */
  readonly request?: string | undefined;
  readonly requestHash?: string | undefined;
  readonly decision: Decision;
  /** ISO 8601. */
  readonly at: string;
  readonly method: string;
  readonly notice?: string | undefined;
  readonly prev: string;
  readonly hash: string;
}

/**
 * One consent event of a record as ISO/IEC TS 27560 reads it: a decision
 * from the ledger, with its receipt code, or the lapse of a consent given
 * for a time (`consent valid`), which has no receipt.
 */
export interface ConsentRecordEvent {
  /** The person's receipt code (`seq-` and 16 hex digits); null for a lapse. */
  readonly receipt: string | null;
  readonly purpose: string;
  readonly state: "given" | "refused" | "withdrawn" | "expired";
  /** ISO 8601: when it was decided, or when the consent lapsed. */
  readonly at: string;
  /** Who answered: the person, or a holder of parental responsibility (Art. 8(1)). */
  readonly by: "subject" | "guardian";
  /** Explicit consent (Art. 9(2)(a)) or ordinary consent (Art. 6(1)(a)). */
  readonly type: "explicit" | "expressed";
  readonly method: string;
  /** The hash of the notice shown, when the machine had one. */
  readonly notice: string | null;
  /** ISO 8601: when a consent given for a time lapses; null otherwise. */
  readonly validUntil: string | null;
}

/** The consent ledger shaped after ISO/IEC TS 27560 (consent record information structure). */
export interface ConsentRecord {
  readonly header: {
    readonly schema: "ISO/IEC TS 27560:2023";
    /** The record's id: the host's, or the hash of its first receipt. */
    readonly id: string;
    /** The host's pseudonymous id of the person, when given. */
    readonly subject?: string;
    readonly flow: string;
    readonly version: string;
    /** BCP 47. */
    readonly language: string;
    readonly jurisdiction: string;
    /** The notice stamp; `archive` where its text is kept under its hash, when the host said. */
    readonly notice?: { readonly version: string; readonly hash: string; readonly archive?: string };
    /** The hash of the latest event: the record's current head. */
    readonly head: string;
    /** ISO 8601: when the record was made. */
    readonly at: string;
    /** How a person checks their receipt code against `events`, in words. */
    readonly verification: string;
  };
  /** Each purpose as declared, with `name` as `purpose`, `why` as `description`, its data and its consent's validity (ISO 8601). */
  readonly processing: readonly (Omit<PurposeDef, "name" | "why"> & {
    readonly purpose: string;
    readonly description: string;
    readonly data: readonly { readonly field: string; readonly label: string; readonly type?: FieldType["kind"]; readonly category?: string; readonly special?: string }[];
    readonly validity?: string;
  })[];
  readonly parties: readonly { readonly role: "controller" | "recipient"; readonly name: string; readonly contact?: string; readonly dpo?: string }[];
  /** The ledger, as chained. */
  readonly events: readonly Receipt[];
  /** The consent events, in time order, lapses included. */
  readonly consents: readonly ConsentRecordEvent[];
}

/** One held value with, per purpose, its basis and times (ISO 8601; `null`: no fixed expiry). */
export interface HeldValue {
  readonly field: string;
  readonly label: string;
  readonly value: FieldValue;
  readonly purposes: readonly { readonly purpose: string; readonly basis: Basis; readonly collectedAt: string; readonly expiresAt: string | null }[];
}

/** Everything held about the person (Art. 15 access, Art. 20 portability), JSON-safe. */
export interface ExportData {
  readonly flow: string;
  readonly version: string;
  readonly controller: { readonly name: string; readonly contact: string; readonly dpo?: string };
  readonly exportedAt: string;
  readonly data: readonly HeldValue[];
  readonly consents: readonly { readonly purpose: string; readonly status: "given" | "refused" | "withdrawn"; readonly at: string; readonly expiresAt: string | null }[];
  readonly objections: readonly string[];
  readonly receipts: readonly Receipt[];
}

/**
 * What happened, for logs and analytics. Events name steps, fields,
 * purposes, codes and times — never a value and never raw input.
 */
export type LawflowEvent = { readonly at: string } & (
  | { readonly type: "prompt"; readonly step: string | null }
  | { readonly type: "stored"; readonly field: string; readonly purposes: readonly string[] }
  | { readonly type: "refused"; readonly step: string; readonly code: RefusalCode }
  | { readonly type: "skipped"; readonly step: string }
  | { readonly type: "consent"; readonly purpose: string; readonly decision: "given" | "refused" }
  | { readonly type: "withdrawn" | "objected"; readonly purpose: string; readonly erased: readonly string[] }
  | { readonly type: "erased" | "purged"; readonly fields: readonly string[] }
  | { readonly type: "rectified"; readonly field: string }
  | { readonly type: "ended"; readonly outcome: string }
);

/**
 * A running conversation, typed by its flow's `FlowTypes`. Answering methods
 * throw `LawflowError` for programming errors (`not_current_step`, `ended`)
 * and return a `Refused` result for a person's invalid answer; either way the
 * state is unchanged. Rights methods (`withdraw`, `object`, `dataFor`,
 * `export`, `erase`, `rectify`, `purgeExpired`, `receipts`) work after the end.
 */
export interface Conversation<T extends FlowTypes = FlowTypes> {
  /** What to show now. */
  readonly prompt: T["Prompt"] | ErasedPrompt;
  readonly ended: boolean;
  /** The id the conversation was created or restored with (`options.id`). */
  readonly id: string | undefined;
  /** How many times its state has changed; its snapshot carries it, and it only grows. */
  readonly revision: number;
  /**
   * How many receipts the ledger holds (restored and new), without reading
   * any: the `seq` the next receipt will have. A host that stores receipts
   * takes this before a change and `receipts(count)` after it.
   */
  readonly receiptCount: number;
  /** The end's outcome (its `as` name, else its id), `"erased"` if erasure ended it, else undefined. */
  readonly outcome: T["Outcome"] | "erased" | undefined;
  /** Answer the current step: a field value (`null` skips an optional ask) or, at a consent step, `true`/`false`. */
  answer<S extends keyof T["Answers"] & string>(step: S, value: T["Answers"][S]): AnswerResult<T["Prompt"] | ErasedPrompt>;
  /**
   * Raw chat input: a command (withdraw phrase, access, erasure, skip) or an
   * answer to parse and validate. Needs `options.chatReader` (`no_chat` without).
   */
  answerText(text: string): TextResult<T["Prompt"] | ErasedPrompt, T["Purpose"]>;
  /** Withdraw consent (Art. 7(3)); returns the fields erased because no purpose was left for them. */
  withdraw(purpose: T["Purpose"]): readonly string[];
  /** Object to processing under legitimate interests or public task (Art. 21); returns the fields erased. */
  object(purpose: T["Purpose"]): readonly string[];
  /** The data one purpose may use now: collected for it, basis valid, retention not run out. */
  dataFor<P extends T["Purpose"]>(purpose: P): T["PurposeData"][P];
  /**
   * Everything held, with purposes, bases, times and receipts (Art. 15, 20).
   * With `from`, its `receipts` are only those `receipts(from)` gives: what
   * is held (for instance its `expiresAt` times) without reading restored
   * receipts. What is served to the person is `export()`, whole.
   */
  export(from?: number): ExportData;
  /** Erase everything held (Art. 17); returns the fields erased. Ends the conversation if it was running. */
  erase(): readonly string[];
  /** Correct a held value (Art. 16); the new value is validated like an answer. */
  rectify<F extends keyof T["Fields"] & string>(field: F, value: T["Fields"][F]): AnswerResult<T["Prompt"] | ErasedPrompt>;
  /** Erase what has run out at `now` (default: the clock): expired retention, expired or withdrawn consent. Returns the fields erased. */
  purgeExpired(now?: Date): readonly string[];
  /** The whole state as canonical JSON, sealed with an integrity hash; no functions, no prototypes. */
  snapshot(): string;
  /**
   * The consent and rights ledger, oldest first; with `from`, only the
   * receipts whose `seq` is `from` or later. The chain of a ledger restored
   * from a snapshot is checked the first time it is read (here, `export()`,
   * `verify()`): a broken one throws `snapshot_tampered`. Receipts made
   * since the restore chain from its sealed count and last hash, so
   * `receipts(n)` with `n` at least the restored count reads none of the
   * restored ones (and checks none).
   */
  receipts(from?: number): readonly Receipt[];
  /** Whether every receipt's hash still matches its content and the one before it. */
  verify(): boolean;
  /** Listen to events; returns a function that stops listening. */
  on(listener: (event: LawflowEvent) => void): () => void;
}
