/**
 * Everything the widget says in its own words, in one table: English by
 * default, replaced in part or in full with `options.words` (docs/widget.md).
 * The flow's own text (questions, purposes, the runtime's refusals through
 * `options.messages`) is the flow's; the words of the chat around it are here.
 */
import type { Basis, Decision, DurationUnit, FieldDef, RefusalCode, Retention } from "lawflow/runtime";

export interface Words {
  readonly basis: Readonly<Record<Basis, string>>;
  readonly decision: Readonly<Record<Decision, string>>;
  /** A retention period: `period(13, "months")` is "13 months". */
  readonly period: (amount: number, unit: DurationUnit) => string;
  readonly session: string;
  readonly untilWithdrawn: string;
  readonly orUntilWithdrawn: (period: string) => string;
  readonly until: (day: string) => string;
  readonly yes: string;
  readonly no: string;
  readonly agree: string;
  readonly decline: string;
  readonly skip: string;
  readonly send: string;
  readonly answers: string;
  readonly message: string;
  readonly pickDate: string;
  readonly typeAnswer: string;
  readonly orTypeAnswer: string;
  readonly typeMessage: string;
  readonly restart: string;
  readonly stillType: string;
  readonly conversation: string;
  readonly you: string;
  readonly noLongerHeld: (label: string) => string;
  readonly whyAsk: string;
  /**
   * Messages that only ask why the question is asked, in lower case, without the question mark
   * ("why", "why do you ask"): typed alone at a question, they open its "Why are we asking?"
   * instead of answering it. A message that merely contains "why" is an answer.
   */
  readonly whyPhrases: readonly string[];
  readonly whyFacts: (basis: string, kept: string, sharedWith: string) => string;
  readonly chatWith: (name: string) => string;
  readonly close: string;
  readonly yourData: string;
  readonly backToChat: string;
  readonly notice: string;
  readonly contact: (contact: string) => string;
  readonly everythingHeld: string;
  readonly holdNothing: string;
  readonly heldFor: (why: string, basis: string, until: string) => string;
  readonly yourChoices: string;
  readonly consented: (why: string) => string;
  readonly withdraw: string;
  readonly withdrawConsent: (why: string) => string;
  readonly object: string;
  readonly objectTo: (why: string) => string;
  readonly download: string;
  readonly erase: string;
  readonly eraseAsk: string;
  readonly eraseYes: string;
  readonly cancel: string;
  readonly eraseCancelled: string;
  readonly receipts: string;
  readonly noneYet: string;
  readonly earlierVersion: (version: string) => string;
  readonly withdrawnNote: (why: string) => string;
  /** A withdrawal phrase typed for a consent that was never given: nothing was recorded. */
  readonly notConsentedNote: (why: string) => string;
  readonly objectedNote: (why: string) => string;
  readonly exportNote: string;
  /** After a decision that made a receipt: the person's receipt code, to keep (Art. 7(1)). */
  readonly receiptNote: (code: string) => string;
  /** Before each receipt's code under "Your data". */
  readonly codeLabel: string;
  readonly erasedNote: string;
  /** After erasure that kept what the law requires (Art. 17(3)(b)). */
  readonly erasedKeptNote: string;
  readonly unreadable: string;
  readonly unrestorable: string;
  readonly updated: (from: string, to: string) => string;
  readonly archived: string;
  readonly typeFirst: string;
  readonly ended: string;
  readonly hiddenChars: string;
  readonly range: (min: number, max: number) => string;
  readonly tooLong: (max: number) => string;
}

/** The English words, the default. */
export const ENGLISH: Words = {
  basis: {
    consent: "your consent",
    contract: "a contract with you",
    legal_obligation: "a legal obligation",
    vital_interests: "your vital interests",
    public_task: "a task in the public interest",
    legitimate_interests: "our legitimate interests",
  },
  decision: {
    given: "given",
    refused: "refused",
    withdrawn: "withdrawn",
    objected: "objected",
    erased: "erased",
  },
  period: (amount, unit) => `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`,
  session: "for this conversation only",
  untilWithdrawn: "until you withdraw consent",
  orUntilWithdrawn: (period) => `${period}, or until you withdraw consent`,
  until: (day) => `until ${day}`,
  yes: "Yes",
  no: "No",
  agree: "Yes, I agree",
  decline: "No, thanks",
  skip: "Skip",
  send: "Send",
  answers: "Answers",
  message: "Message",
  pickDate: "Pick a date",
  typeAnswer: "Type your answer…",
  orTypeAnswer: "Or type your answer…",
  typeMessage: "Type a message…",
  restart: "Start a new conversation",
  stillType: "You can still type “my data” or “forget me”.",
  conversation: "Conversation",
  you: "You",
  noLongerHeld: (label) => `(${label}: no longer held)`,
  whyAsk: "Why are we asking?",
  whyPhrases: ["why", "why do you ask", "why are you asking"],
  whyFacts: (basis, kept, sharedWith) => `Basis: ${basis}. Kept: ${kept}.${sharedWith ? ` Shared with: ${sharedWith}.` : ""}`,
  chatWith: (name) => `Chat with ${name}`,
  close: "Close chat",
  yourData: "Your data",
  backToChat: "Back to chat",
  notice: "Privacy notice",
  contact: (contact) => `Privacy: ${contact}`,
  everythingHeld: "This is everything we hold about you.",
  holdNothing: "We hold nothing about you.",
  heldFor: (why, basis, until) => `${why} (${basis}), kept ${until}`,
  yourChoices: "Your choices",
  consented: (why) => `${why}: you consented`,
  notConsentedNote: (why) => `You have not consented to “${why}”.`,
  withdraw: "Withdraw",
  withdrawConsent: (why) => `Withdraw consent: ${why}`,
  object: "Object",
  objectTo: (why) => `Object: ${why}`,
  download: "Download my data",
  erase: "Erase my data",
  eraseAsk: "Erase everything we hold about you? This ends the conversation and cannot be undone. The consent receipts are kept; they hold no personal data.",
  eraseYes: "Yes, erase everything",
  cancel: "Cancel",
  eraseCancelled: "Nothing was erased.",
  receipts: "Consent receipts",
  noneYet: "None yet.",
  earlierVersion: (version) => `From an earlier version (${version})`,
  withdrawnNote: (why) => `Consent for “${why}” withdrawn.`,
  objectedNote: (why) => `You objected to “${why}”: that data is no longer used for it.`,
  exportNote: "What we hold about you is shown under “Your data”.",
  receiptNote: (code) => `Your receipt code: ${code}. Keep it: it lets you check our record of this decision.`,
  codeLabel: "code",
  erasedNote: "Everything we held about you was erased. The consent receipts are kept; they hold no personal data.",
  erasedKeptNote: "Your data was erased, except what the law makes us keep (see “Your data”). The consent receipts are kept; they hold no personal data.",
  unreadable: "Your saved conversation could not be read, so a new one has started.",
  unrestorable: "Your saved conversation could not be restored, so a new one has started.",
  updated: (from, to) => `This chat was updated (version ${from} → ${to}), so a new conversation has started.`,
  archived: " Your earlier consent receipts are kept under “Your data”.",
  typeFirst: "Please type an answer first.",
  ended: "This conversation has ended. You can still type “my data” or “forget me”, or start a new conversation.",
  hiddenChars: "Please remove the invisible control characters from your answer (for example a right-to-left override).",
  range: (min, max) => `Please give a number from ${min} to ${max}.`,
  tooLong: (max) => `Please keep it to ${max} characters.`,
};

/** A host's words: any part of the table, `basis` and `decision` key by key too. */
export type OwnWords = Partial<Omit<Words, "basis" | "decision">> & {
  readonly basis?: Partial<Words["basis"]>;
  readonly decision?: Partial<Words["decision"]>;
};

/** English, with the host's words over it. */
export const wordsWith = (own?: OwnWords): Words =>
  own
    ? {
        ...ENGLISH,
        ...own,
        basis: { ...ENGLISH.basis, ...own.basis },
        decision: { ...ENGLISH.decision, ...own.decision },
      }
    : ENGLISH;

export function retentionText(r: Retention, w: Words = ENGLISH): string {
  if (r.kind === "session") return w.session;
  if (r.kind === "until_withdrawn") return w.untilWithdrawn;
  const span = w.period(r.period.amount, r.period.unit);
  return r.orUntilWithdrawn ? w.orUntilWithdrawn(span) : span;
}

/**
 * C0 and C1 controls, and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069). With them "‮txt.exe" shows as
 * "exe.txt": an answer must read as what it is. Marks (LRM, RLM, ALM) stay;
 * they reorder nothing around them.
 */
const HIDDEN = /[\0-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/;
const HIDDEN_ALL = new RegExp(HIDDEN.source, "g");

/** A typed answer with tabs and line breaks as spaces; `undefined` if it still holds a control character. */
export function cleanAnswer(text: string): string | undefined {
  const spaced = text.replace(/[\t\n\r]/g, " ");
  return HIDDEN.test(spaced) ? undefined : spaced;
}

/** Text for display: a hidden character shows as U+FFFD, never reorders what follows. */
export const shown = (text: string): string => text.replace(HIDDEN_ALL, "\uFFFD");

/** Whether `typed` is only a question why the question is asked (`w.whyPhrases`), in any case, spacing and with or without its question mark. */
export const asksWhy = (typed: string, w: Words = ENGLISH): boolean =>
  w.whyPhrases.includes(typed.toLowerCase().replace(/^[\s¿]+|[\s?？؟]+$/g, "").replace(/\s+/g, " "));

/** The runtime's refusal, made specific where it names no bounds. */
export function refusalText(code: RefusalCode, message: string, field: FieldDef | undefined, w: Words = ENGLISH): string {
  const t = field?.type;
  if (code === "out_of_range" && t && "min" in t) return w.range(t.min, t.max);
  if (code === "too_long" && t?.kind === "text") return w.tooLong(t.max);
  return message;
}

/** `14:05`, in the visitor's time zone (`toTimeString` starts with the local `HH:mm:ss` in every engine: ECMA-262 TimeString). */
export const clockTime = (at: number): string => new Date(at).toTimeString().slice(0, 5);
/** `2026-03-06`: unambiguous in every locale. */
export const day = (iso: string): string => iso.slice(0, 10);
