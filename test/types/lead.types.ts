/**
 * Type tests for the generated lead-capture module: each `@ts-expect-error`
 * line must fail to compile (tsc reports an unused directive otherwise), and
 * every other line must compile. Type-checked, never run, by
 * test/types/typecheck.test.ts under strict, noUncheckedIndexedAccess and
 * exactOptionalPropertyTypes.
 */
import type { ChoiceInfo, PurposeInfo } from "lawflow/runtime";
import {
  LeadCaptureMachine,
  restoreLeadCapture,
  startLeadCapture,
  type LeadCaptureAnswers,
  type LeadCaptureFields,
  type LeadCaptureOutcome,
  type LeadCapturePrompt,
  type LeadCapturePurpose,
  type LeadCaptureStep,
} from "../../examples/lead-capture/lead.flow.ts";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_proof?: T) => {};

declare const chat: ReturnType<typeof startLeadCapture>;

// ── Answers are typed by step ───────────────────────────────────────────────
chat.answer("company", "Acme");
chat.answer("plan", "pro");
// @ts-expect-error "gold" is not one of the plan's choices
chat.answer("plan", "gold");
chat.answer("birth_year", 1990);
chat.answer("birth_year", null); // optional: null skips it
// @ts-expect-error a year is a number, not a string
chat.answer("birth_year", "1990");
// @ts-expect-error company is not optional, so it cannot be skipped
chat.answer("company", null);
chat.answer("newsletter", true);
chat.answer("newsletter", false);
// @ts-expect-error a consent step takes a boolean, not a string
chat.answer("newsletter", "yes");
// @ts-expect-error there is no such step
chat.answer("shoe_size", 42);
// @ts-expect-error an end is not answered
chat.answer("thanks", "ok");
chat.rectify("plan", "basic");
// @ts-expect-error rectified values are typed like answers
chat.rectify("plan", "gold");

assertType<Equals<LeadCaptureAnswers["plan"], "basic" | "pro" | "enterprise">>();
assertType<Equals<LeadCaptureAnswers["birth_year"], number | null>>();
assertType<Equals<LeadCaptureAnswers["newsletter"], boolean>>();
assertType<Equals<LeadCaptureAnswers["quote_email"], string>>();
assertType<Equals<LeadCaptureFields["birth_year"], number>>();
assertType<Equals<LeadCaptureStep, "company" | "plan" | "birth_year" | "newsletter" | "email" | "quote_email" | "thanks" | "sales_call">>();

// ── Each purpose sees exactly the data it needs ─────────────────────────────
const newsletter = chat.dataFor("newsletter");
assertType<Equals<keyof typeof newsletter, "email">>();
const email: string | undefined = newsletter.email;
// @ts-expect-error the newsletter purpose may not use the company name
newsletter.company;
const quote = chat.dataFor("quote");
assertType<Equals<keyof typeof quote, "company" | "plan" | "email">>();
// @ts-expect-error the quote purpose may not use the year of birth
quote.birth_year;
// @ts-expect-error there is no such purpose
chat.dataFor("marketing");
// @ts-expect-error there is no such purpose to withdraw from
chat.withdraw("marketing");
chat.withdraw("newsletter");
assertType<Equals<LeadCapturePurpose, "quote" | "newsletter" | "audience">>();

// ── Outcomes ────────────────────────────────────────────────────────────────
assertType<Equals<LeadCaptureOutcome, "thanks" | "sales_call">>();
const outcome: LeadCaptureOutcome = "sales_call";
// @ts-expect-error there is no such outcome
const unknownOutcome: LeadCaptureOutcome = "qualified";
// @ts-expect-error a conversation cannot end with an outcome the flow does not have
if (chat.outcome === "qualified") outcome.toString();

// ── Prompts narrow by step ──────────────────────────────────────────────────
const prompt = chat.prompt;
if (prompt.step === "plan") {
  assertType<Equals<typeof prompt.kind, "ask">>();
  assertType<Equals<typeof prompt.field, "plan">>();
  const why: readonly PurposeInfo<"quote">[] = prompt.purposes;
  // @ts-expect-error an ask has no outcome
  prompt.outcome;
  why.length;
}
if (prompt.step === "email") {
  assertType<Equals<(typeof prompt.purposes)[number]["purpose"], "quote" | "newsletter">>();
}

// ── A question offers the choices of its own field ──────────────────────────
if (prompt.step === "plan") {
  assertType<Equals<typeof prompt.fieldType, "choice">>();
  assertType<Equals<(typeof prompt.choices)[number]["value"], "basic" | "pro" | "enterprise">>();
  assertType<Equals<(typeof prompt.choices)[number]["value"], LeadCaptureAnswers["plan"]>>();
  const picked = prompt.choices[0];
  if (picked) chat.answer("plan", picked.value);
  // @ts-expect-error "gold" is not one of the plan's values, so no choice can have it
  prompt.choices.some((c) => c.value === "gold");
  // @ts-expect-error a plan's value does not answer the year-of-birth question
  if (picked) chat.answer("birth_year", picked.value);
}
if (prompt.step === "company") {
  assertType<Equals<typeof prompt.fieldType, "text">>();
  assertType<Equals<typeof prompt.choices, readonly []>>();
  // @ts-expect-error a text question has no choices
  prompt.choices[0];
}
if (prompt.step === "birth_year") {
  assertType<Equals<typeof prompt.fieldType, "integer">>();
}
if (prompt.step === "quote_email") {
  assertType<Equals<typeof prompt.fieldType, "email">>();
  assertType<Equals<typeof prompt.choices, readonly []>>();
}
if (prompt.step === "quote_email") {
  assertType<Equals<typeof prompt.field, "email">>();
}
if (prompt.step === "newsletter") {
  assertType<Equals<typeof prompt.kind, "consent">>();
  assertType<Equals<typeof prompt.purpose, "newsletter">>();
}
if (prompt.kind === "end") {
  assertType<Equals<typeof prompt.step, "thanks" | "sales_call">>();
  assertType<Equals<typeof prompt.outcome, LeadCaptureOutcome>>();
}
// @ts-expect-error there is no such step to compare with
if (prompt.step === "nowhere") outcome.toString();

declare const anyPrompt: LeadCapturePrompt;
// The field's kind discriminates asks too: only the plan question is a choice.
if (anyPrompt.kind === "ask" && anyPrompt.fieldType === "choice") {
  assertType<Equals<typeof anyPrompt.step, "plan">>();
  assertType<Equals<(typeof anyPrompt.choices)[number], ChoiceInfo<"basic" | "pro" | "enterprise">>>();
}
switch (anyPrompt.step) {
  case "company":
  case "plan":
  case "birth_year":
  case "email":
  case "quote_email":
    anyPrompt.field;
    break;
  case "newsletter":
    anyPrompt.purpose;
    break;
  case "thanks":
  case "sales_call":
    anyPrompt.outcome;
    break;
  default:
    assertType<Equals<typeof anyPrompt, never>>();
}

// ── The machine and the module's functions ─────────────────────────────────
assertType<Equals<typeof LeadCaptureMachine.id, string>>();
const resumed: typeof chat = restoreLeadCapture("{}", { clock: () => new Date(0) });
// @ts-expect-error the machine is read-only data
LeadCaptureMachine.start = 1;

export { email, unknownOutcome, resumed };
