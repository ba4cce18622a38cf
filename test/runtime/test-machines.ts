/**
 * Hand-written machine definitions for the runtime's tests, written out as
 * the compiler would emit them. `leadCapture` is the example of
 * docs/language.md.
 */
import type { MachineDefinition } from "../../runtime/machine.ts";
import { defineMachine } from "../../runtime/index.ts";
import { PHRASES } from "../../runtime/commands.ts";

const t = (...parts: (string | { field: string })[]) => parts;

export const leadCapture: MachineDefinition = defineMachine({
  id: "LeadCapture",
  version: "1.0.0",
  controller: { name: "Acme Analytics Ltd", contact: "privacy@acme.example" },
  notice: { version: "1.0.0", hash: "a".repeat(64) },
  purposes: [
    {
      name: "quote",
      why: "Prepare the price quote you asked for",
      basis: "contract",
      retention: { kind: "period", period: { amount: 90, unit: "days" }, orUntilWithdrawn: false },
      needs: ["company", "plan", "email"],
      withdrawOn: [],
      sharedWith: ["Acme CRM (processor)"],
      transfers: [],
    },
    {
      name: "newsletter",
      why: "Email you our monthly newsletter",
      basis: "consent",
      retention: { kind: "until_withdrawn" },
      consentValid: { amount: 13, unit: "months" },
      needs: ["email"],
      withdrawOn: ["stop", "unsubscribe"],
      sharedWith: [],
      transfers: [],
    },
    {
      name: "audience",
      why: "Learn the typical age of people who ask for quotes",
      basis: "legitimate_interests",
      evidence: "Aggregated ages help us plan events; only the year is kept",
      retention: { kind: "period", period: { amount: 30, unit: "days" }, orUntilWithdrawn: false },
      needs: ["birth_year"],
      withdrawOn: [],
      sharedWith: [],
      transfers: [],
    },
  ],
  fields: [
    { name: "company", label: "your company name", type: { kind: "text", max: 100 }, hint: "Please give your company name." },
    {
      name: "plan",
      label: "plan",
      type: { kind: "choice", options: [{ value: "basic", label: "Basic" }, { value: "pro", label: "Pro" }, { value: "enterprise", label: "Enterprise" }] },
      hint: "Please pick one of: Basic, Pro, Enterprise.",
    },
    { name: "email", label: "your email address", type: { kind: "email" }, hint: "Please give your email address." },
    { name: "birth_year", label: "your year of birth", type: { kind: "integer", min: 1900, max: 2026 }, hint: "Please give your year of birth." },
  ],
  nodes: [
    /* 0 */ { kind: "say", text: t("Hi! I can put a quote together for you."), next: 1 },
    /* 1 */ { kind: "ask", id: "company", field: "company", text: t("Which company are you with?"), purposes: [{ purpose: "quote", basis: "contract" }], optional: false, when: [], next: 2 },
    /* 2 */ {
      kind: "ask",
      id: "plan",
      field: "plan",
      text: t("Which plan are you interested in, ", { field: "company" }, "?"),
      purposes: [{ purpose: "quote", basis: "contract" }],
      optional: false,
      when: [{ value: "enterprise", next: 8 }],
      next: 3,
    },
    /* 3 */ {
      kind: "ask",
      id: "birth_year",
      field: "birth_year",
      text: t("What year were you born? You can skip this."),
      purposes: [{ purpose: "audience", basis: "legitimate_interests" }],
      optional: true,
      when: [],
      next: 4,
    },
    /* 4 */ { kind: "consent", id: "newsletter", purpose: "newsletter", text: t("May we email you our monthly newsletter? Reply 'stop' at any time to withdraw."), given: 5, refused: 6 },
    /* 5 */ {
      kind: "ask",
      id: "email",
      field: "email",
      text: t("What's your email address?"),
      purposes: [
        { purpose: "quote", basis: "contract" },
        { purpose: "newsletter", basis: "consent" },
      ],
      optional: false,
      when: [],
      next: 7,
    },
    /* 6 */ { kind: "ask", id: "quote_email", field: "email", text: t("Where should we send the quote?"), purposes: [{ purpose: "quote", basis: "contract" }], optional: false, when: [], next: 7 },
    /* 7 */ { kind: "end", id: "thanks", text: t("Thanks, ", { field: "company" }, "! Your quote is on its way.") },
    /* 8 */ { kind: "end", id: "sales_call", text: t("Our sales team will call you within one working day."), outcome: "qualified" },
  ],
  start: 0,
  phrases: PHRASES,
});

/**
 * A clinic intake: session-only and special-category data, every field
 * type, a retry limit, branches on conditions, and a public-task purpose.
 */
export const intake: MachineDefinition = defineMachine({
  id: "Intake",
  version: "2.1.0",
  controller: { name: "City Clinic", contact: "dpo@clinic.example", dpo: "dpo@clinic.example" },
  purposes: [
    {
      name: "triage",
      why: "Decide how soon you need to be seen",
      basis: "vital_interests",
      retention: { kind: "session" },
      needs: ["name", "symptoms", "urgent", "phone"],
      withdrawOn: [],
      sharedWith: [],
      transfers: [],
      condition: "vital_interests",
    },
    {
      name: "booking",
      why: "Book your appointment",
      basis: "public_task",
      evidence: "Health Services Act s. 4",
      retention: { kind: "period", period: { amount: 1, unit: "months" }, orUntilWithdrawn: false },
      needs: ["name", "phone", "day", "visits"],
      withdrawOn: [],
      sharedWith: ["Clinic booking system"],
      transfers: [],
    },
    {
      name: "reminders",
      why: "Text you a reminder the day before",
      basis: "consent",
      retention: { kind: "period", period: { amount: 2, unit: "weeks" }, orUntilWithdrawn: true },
      consentValid: { amount: 1, unit: "years" },
      needs: ["phone"],
      withdrawOn: ["no more texts", "STOP TEXTS"],
      sharedWith: [],
      transfers: [{ country: "US", safeguard: "SCC" }],
    },
    {
      name: "research",
      why: "Study how far people travel",
      basis: "consent",
      retention: { kind: "until_withdrawn" },
      needs: ["distance"],
      withdrawOn: ["leave the study"],
      sharedWith: [],
      transfers: [],
    },
  ],
  fields: [
    { name: "name", label: "your name", type: { kind: "text", max: 40 }, hint: "Please give your name." },
    { name: "symptoms", label: "your symptoms", type: { kind: "text", max: 500 }, hint: "Please give your symptoms.", special: "health" },
    { name: "urgent", label: "whether it is urgent", type: { kind: "yesno" }, hint: "Please give whether it is urgent." },
    { name: "phone", label: "your phone number", type: { kind: "phone" }, hint: "Please give your phone number." },
    { name: "day", label: "the day", type: { kind: "date" }, hint: "Please give the day (YYYY-MM-DD)." },
    { name: "visits", label: "visits this year", type: { kind: "integer", min: 0, max: 50 }, hint: "Please give visits this year." },
    { name: "distance", label: "distance in km", type: { kind: "number", min: 0, max: 1000 }, hint: "Please give distance in km." },
  ],
  nodes: [
    /* 0 */ { kind: "ask", id: "name", field: "name", text: t("Your name?"), purposes: [{ purpose: "triage", basis: "vital_interests" }, { purpose: "booking", basis: "public_task" }], optional: false, when: [], next: 1 },
    /* 1 */ { kind: "say", text: t("Hello ", { field: "name" }, "."), next: 2 },
    /* 2 */ { kind: "ask", id: "symptoms", field: "symptoms", text: t("What is wrong?"), purposes: [{ purpose: "triage", basis: "vital_interests" }], optional: false, when: [], next: 3 },
    /* 3 */ { kind: "ask", id: "urgent", field: "urgent", text: t("Is it urgent?"), purposes: [{ purpose: "triage", basis: "vital_interests" }], optional: false, when: [{ value: true, next: 4 }], next: 5 },
    /* 4 */ { kind: "ask", id: "call_me", field: "phone", text: t("Your phone number, ", { field: "name" }, "?"), purposes: [{ purpose: "triage", basis: "vital_interests" }], optional: false, when: [], next: 13, retry: { limit: 2, next: 13 } },
    /* 5 */ { kind: "ask", id: "day", field: "day", text: t("Which day suits you?"), purposes: [{ purpose: "booking", basis: "public_task" }], optional: false, when: [], next: 6, retry: { limit: 3, next: 14 } },
    /* 6 */ { kind: "ask", id: "visits", field: "visits", text: t("How many visits this year?"), purposes: [{ purpose: "booking", basis: "public_task" }], optional: true, when: [], next: 7 },
    /* 7 */ { kind: "consent", id: "reminders", purpose: "reminders", text: t("May we text you a reminder, ", { field: "name" }, "?"), given: 8, refused: 9 },
    /* 8 */ { kind: "ask", id: "phone", field: "phone", text: t("Your mobile number?"), purposes: [{ purpose: "booking", basis: "public_task" }, { purpose: "reminders", basis: "consent" }], optional: false, when: [], next: 9 },
    /* 9 */ { kind: "consent", id: "research", purpose: "research", text: t("May we use how far you travel for research?"), given: 10, refused: 11 },
    /* 10 */ { kind: "ask", id: "distance", field: "distance", text: t("How far did you travel (km)?"), purposes: [{ purpose: "research", basis: "consent" }], optional: true, when: [], next: 11 },
    /* 11 */ {
      kind: "branch",
      test: { op: "and", left: { op: "known", field: "visits" }, right: { op: ">", left: { field: "visits" }, right: { value: 10 } } },
      then: 12,
      else: 15,
    },
    /* 12 */ { kind: "end", id: "frequent", text: t("See you soon, ", { field: "name" }, "."), outcome: "booked" },
    /* 13 */ { kind: "end", id: "emergency", text: t("Please call 112 now."), outcome: "emergency" },
    /* 14 */ { kind: "end", id: "no_day", text: t("We will call you to find a day.") },
    /* 15 */ { kind: "branch", test: { op: "not", operand: { op: "given", purpose: "reminders" } }, then: 16, else: 12 },
    /* 16 */ { kind: "say", text: t("No reminder will be sent."), next: 12 },
  ],
  start: 0,
  phrases: PHRASES,
});

/** A machine whose only loop has no waiting step once its question is answered: the walk guard must catch it. */
export const looping: MachineDefinition = defineMachine({
  id: "Loop",
  version: "0.0.1",
  controller: { name: "Test", contact: "t@example.org" },
  purposes: [
    {
      name: "p",
      why: "Test",
      basis: "contract",
      retention: { kind: "session" },
      needs: ["n"],
      withdrawOn: [],
      sharedWith: [],
      transfers: [],
    },
  ],
  fields: [{ name: "n", label: "a number", type: { kind: "integer", min: 0, max: 9 }, hint: "Please give a number." }],
  nodes: [
    { kind: "ask", id: "n", field: "n", text: t("A number?"), purposes: [{ purpose: "p", basis: "contract" }], optional: false, when: [{ value: 7, next: 1 }], next: 2, loop: true },
    { kind: "say", text: t("again"), next: 0 },
    { kind: "end", id: "done", text: t("Done.") },
  ],
  start: 0,
  phrases: PHRASES,
});
