// The lead-capture flow written by hand for XState v5, the way its docs
// recommend (setup() with typed context and events), for the type-check
// benchmark: the same steps, branches and values as examples/lead-capture.
import { assign, setup } from "xstate";

export type Plan = "basic" | "pro" | "enterprise";

export interface LeadContext {
  company?: string;
  plan?: Plan;
  birthYear?: number | null;
  newsletter?: boolean;
  email?: string;
}

export type LeadEvent =
  | { type: "company"; value: string }
  | { type: "plan"; value: Plan }
  | { type: "birth_year"; value: number | null }
  | { type: "newsletter"; value: boolean }
  | { type: "email"; value: string }
  | { type: "quote_email"; value: string };

export const leadMachine = setup({
  types: { context: {} as LeadContext, events: {} as LeadEvent },
  guards: {
    isEnterprise: ({ event }) => event.type === "plan" && event.value === "enterprise",
    refused: ({ event }) => event.type === "newsletter" && !event.value,
  },
}).createMachine({
  id: "leadCapture",
  context: {},
  initial: "company",
  states: {
    company: { on: { company: { target: "plan", actions: assign({ company: ({ event }) => event.value }) } } },
    plan: {
      on: {
        plan: [
          { guard: "isEnterprise", target: "sales_call", actions: assign({ plan: ({ event }) => event.value }) },
          { target: "birth_year", actions: assign({ plan: ({ event }) => event.value }) },
        ],
      },
    },
    birth_year: { on: { birth_year: { target: "newsletter", actions: assign({ birthYear: ({ event }) => event.value }) } } },
    newsletter: {
      on: {
        newsletter: [
          { guard: "refused", target: "quote_email", actions: assign({ newsletter: false }) },
          { target: "email", actions: assign({ newsletter: true }) },
        ],
      },
    },
    email: { on: { email: { target: "thanks", actions: assign({ email: ({ event }) => event.value }) } } },
    quote_email: { on: { quote_email: { target: "thanks", actions: assign({ email: ({ event }) => event.value }) } } },
    thanks: { type: "final" },
    sales_call: { type: "final" },
  },
});
