import { describe, expect, it } from "vitest";
import type { AskPromptShape, ConsentPromptShape, EndPromptShape, FlowTypes, LawflowEvent } from "./types.ts";
import { LawflowError, createConversation, defineMachine } from "./index.ts";
import { intake, leadCapture, looping } from "../test/runtime/test-machines.ts";
import { chatReader } from "./chat.ts";

/** What the compiler would emit for lead capture's types. */
interface Lead extends FlowTypes {
  Prompt:
    | AskPromptShape<"company", "company", "quote">
    | AskPromptShape<"plan", "plan", "quote">
    | AskPromptShape<"birth_year", "birth_year", "audience">
    | ConsentPromptShape<"newsletter", "newsletter">
    | AskPromptShape<"email", "email", "quote" | "newsletter">
    | AskPromptShape<"quote_email", "email", "quote">
    | EndPromptShape<"thanks", "thanks">
    | EndPromptShape<"sales_call", "qualified">;
  Answers: { company: string; plan: "basic" | "pro" | "enterprise"; birth_year: number | null; newsletter: boolean; email: string; quote_email: string };
  Fields: { company: string; plan: "basic" | "pro" | "enterprise"; email: string; birth_year: number };
  Purpose: "quote" | "newsletter" | "audience";
  PurposeData: { quote: { company?: string; plan?: "basic" | "pro" | "enterprise"; email?: string }; newsletter: { email?: string }; audience: { birth_year?: number } };
  Outcome: "thanks" | "qualified";
}

const DAY = 864e5;

function lead(start = Date.UTC(2025, 0, 31)) {
  const time = { now: start };
  const c = createConversation<Lead>(leadCapture, { chatReader, clock: () => new Date(time.now), method: "web-chat" });
  const events: LawflowEvent[] = [];
  c.on((e) => events.push(e));
  return { c, time, events };
}

describe("a conversation", () => {
  it("runs the lead-capture example end to end", () => {
    const { c } = lead();
    expect(c.prompt).toMatchObject({ kind: "ask", step: "company", messages: ["Hi! I can put a quote together for you."], purposes: [{ purpose: "quote", basis: "contract" }] });
    expect(c.answer("company", "  Acme  ")).toMatchObject({ ok: true, prompt: { step: "plan", text: "Which plan are you interested in, Acme?", messages: [] } });
    expect(c.answer("plan", "pro").ok).toBe(true);
    expect(c.answer("birth_year", null).prompt).toMatchObject({ kind: "consent", step: "newsletter" });
    expect(c.answer("newsletter", true).prompt).toMatchObject({ step: "email", purposes: [{ purpose: "quote" }, { purpose: "newsletter" }] });
    expect(c.answer("email", "Ann@Example.com").prompt).toEqual({ kind: "end", step: "thanks", messages: [], text: "Thanks, Acme! Your quote is on its way.", outcome: "thanks" });
    expect(c.ended).toBe(true);
    expect(c.outcome).toBe("thanks");
    expect(c.dataFor("quote")).toEqual({ company: "Acme", plan: "pro", email: "Ann@example.com" });
    expect(c.dataFor("newsletter")).toEqual({ email: "Ann@example.com" });
    expect(c.dataFor("audience")).toEqual({});
  });

  it("branches on an answer, with the outcome named by `as`", () => {
    const { c } = lead();
    c.answerText("Acme");
    expect(c.answerText("Enterprise").prompt).toMatchObject({ kind: "end", step: "sales_call", outcome: "qualified" });
    expect(c.outcome).toBe("qualified");
  });

  it("goes the refused way after a no, and never stores for the refused purpose", () => {
    const { c } = lead();
    c.answerText("Acme");
    c.answerText("1");
    c.answerText("1990");
    expect(c.answerText("No thanks").prompt).toMatchObject({ step: "quote_email", purposes: [{ purpose: "quote" }] });
    c.answerText("ann@example.com");
    expect(c.dataFor("newsletter")).toEqual({});
    expect(c.export().data.find((d) => d.field === "email")!.purposes.map((p) => p.purpose)).toEqual(["quote"]);
  });

  it("treats the purpose's own withdrawal phrase at its request as a no", () => {
    const { c } = lead();
    c.answerText("Acme");
    c.answerText("basic");
    c.answerText("pass");
    expect(c.answerText("Stop.")).toMatchObject({ ok: true, prompt: { step: "quote_email" } });
    expect(c.receipts().map((r) => r.decision)).toEqual(["refused"]);
  });

  it("withdraws at any prompt with a phrase, erasing what only that purpose held", () => {
    const { c, events } = lead();
    for (const a of ["Acme", "pro", "skip", "yes", "ann@example.com"]) c.answerText(a);
    const r = c.answerText("UNSUBSCRIBE!");
    expect(r).toMatchObject({ ok: true, command: "withdraw", purpose: "newsletter", erased: [] });
    expect(c.dataFor("newsletter")).toEqual({});
    expect(c.dataFor("quote").email).toBe("ann@example.com");
    expect(events.at(-1)).toMatchObject({ type: "withdrawn", purpose: "newsletter", erased: [] });
    expect(c.receipts().map((x) => x.decision)).toEqual(["given", "withdrawn"]);
  });

  it("skips an ask whose purposes all lost their basis, and refuses to skip a required one", () => {
    const { c } = lead();
    c.answerText("Acme");
    expect(c.object("audience")).toEqual([]);
    expect(c.answerText("pro").prompt).toMatchObject({ step: "newsletter" });
    expect(c.answerText("skip")).toMatchObject({ ok: false, code: "not_yesno" });
    const { c: d } = lead();
    expect(d.answerText("skip")).toMatchObject({ ok: false, code: "not_optional" });
    expect(d.answer("company", null as never)).toMatchObject({ ok: false, code: "not_optional" });
  });

  it("answers 'what do you know about me' and 'forget me' in the chat", () => {
    const { c, events } = lead();
    c.answerText("Acme");
    const ex = c.answerText("What do you know about me?");
    expect(ex).toMatchObject({ ok: true, command: "export", data: { data: [{ field: "company", value: "Acme", purposes: [{ purpose: "quote", basis: "contract", collectedAt: "2025-01-31T00:00:00.000Z", expiresAt: "2025-05-01T00:00:00.000Z" }] }] } });
    expect(c.prompt.step).toBe("plan");
    expect(c.answerText("Forget me!")).toMatchObject({ ok: true, command: "erase", erased: ["company"], prompt: { kind: "erased", step: null } });
    expect(c.ended).toBe(true);
    expect(c.outcome).toBe("erased");
    expect(c.export().data).toEqual([]);
    expect(c.receipts().map((r) => r.decision)).toEqual(["erased"]);
    expect(events.map((e) => e.type)).toEqual(["stored", "prompt", "erased", "ended"]);
    expect(() => c.answerText("pro")).toThrow(LawflowError);
  });

  it("rejects answers for another step or after the end, changing nothing", () => {
    const { c } = lead();
    const before = c.snapshot();
    expect(() => c.answer("plan", "pro")).toThrow(expect.objectContaining({ code: "not_current_step" }));
    expect(c.snapshot()).toBe(before);
    c.answerText("Acme");
    c.answerText("enterprise");
    const after = c.snapshot();
    expect(() => c.answer("email", "a@b.cd")).toThrow(expect.objectContaining({ code: "ended" }));
    expect(c.snapshot()).toBe(after);
    // Rights still work after the end.
    expect(c.dataFor("quote")).toEqual({ company: "Acme", plan: "enterprise" });
    expect(() => c.withdraw("quote")).toThrow(expect.objectContaining({ code: "wrong_basis" }));
    expect(() => c.object("quote")).toThrow(expect.objectContaining({ code: "wrong_basis" }));
    expect(() => c.withdraw("nope" as never)).toThrow(expect.objectContaining({ code: "unknown_purpose" }));
    expect(c.snapshot()).toBe(after);
  });

  it("refuses bad answers with a code and a message, storing nothing", () => {
    const { c } = lead();
    const before = JSON.parse(c.snapshot()).state;
    for (const [x, code] of [
      ["", "empty"],
      ["x".repeat(101), "too_long"],
      ["x".repeat(1 << 20), "too_long"],
    ] as const) {
      const r = c.answerText(x);
      expect(r).toMatchObject({ ok: false, code, prompt: { step: "company" } });
      expect((r as { message: string }).message).toMatch(/\w/);
    }
    expect(c.answer("company", 5 as never)).toMatchObject({ ok: false, code: "wrong_type", message: "Please give your company name." });
    expect(c.prompt).toMatchObject({ attempts: 4 });
    expect({ ...JSON.parse(c.snapshot()).state, attempts: 0 }).toEqual(before);
    c.answerText("Acme");
    expect(c.answerText("gold")).toMatchObject({ code: "unknown_choice", message: "Please pick one of: Basic, Pro, Enterprise." });
  });

  it("words every code as plain English: a year out of range is \"out of range\"", () => {
    const c = createConversation(leadCapture, { chatReader });
    c.answerText("Acme");
    c.answerText("pro");
    expect(c.answerText("1800")).toMatchObject({ code: "out_of_range", message: "That is out of range." });
  });

  it("takes the caller's own messages", () => {
    const c = createConversation(leadCapture, { chatReader, messages: { empty: "Bitte antworten." } });
    expect(c.answerText(" ")).toMatchObject({ message: "Bitte antworten." });
  });

  it("goes on as declared after N refused answers (retry N then -> ID)", () => {
    const c = createConversation(intake, { chatReader, clock: () => new Date(0) });
    c.answerText("Ann");
    c.answerText("Chest pain");
    c.answerText("yes");
    expect(c.prompt).toMatchObject({ step: "call_me", text: "Your phone number, Ann?" });
    expect(c.answerText("none")).toMatchObject({ ok: false, code: "not_phone", prompt: { step: "call_me", attempts: 1 } });
    expect(c.answerText("none")).toMatchObject({ ok: false, code: "not_phone", prompt: { kind: "end", step: "emergency", outcome: "emergency" } });
  });

  it("erases session values at the end, after showing them in the closing text", () => {
    const c = createConversation(intake, { chatReader, clock: () => new Date(0) });
    for (const a of ["Ann", "Cough", "no", "2025-02-03", "12", "no", "no"]) expect(c.answerText(a).ok).toBe(true);
    expect(c.prompt).toMatchObject({ kind: "end", step: "frequent", text: "See you soon, Ann.", messages: [] });
    // name stays for booking (a month); symptoms were for triage only (session).
    expect(c.export().data.map((d) => [d.field, d.purposes.map((p) => p.purpose)])).toEqual([
      ["name", ["booking"]],
      ["day", ["booking"]],
      ["visits", ["booking"]],
    ]);
  });

  it("lets consent lapse after `consent valid`, and purges what ran out", () => {
    let now = Date.UTC(2025, 0, 1);
    const c = createConversation(intake, { chatReader, clock: () => new Date(now) });
    for (const a of ["Ann", "Cough", "no", "2025-02-03", "skip", "yes", "+49 30 1234567", "no"]) c.answerText(a);
    expect(c.prompt).toMatchObject({ kind: "end", step: "frequent", messages: [] });
    expect(c.dataFor("reminders")).toEqual({ phone: "+49301234567" });
    now += 15 * DAY; // reminders keep the phone for 2 weeks
    expect(c.dataFor("reminders")).toEqual({});
    expect(c.dataFor("booking")).toMatchObject({ phone: "+49301234567" });
    expect(c.purgeExpired()).toEqual([]);
    expect(c.export().data.find((d) => d.field === "phone")!.purposes.map((p) => p.purpose)).toEqual(["booking"]);
    expect(c.purgeExpired(new Date(now + 30 * DAY))).toEqual(["name", "phone", "day"]);
    expect(c.export().data).toEqual([]);
    expect(c.export().consents).toEqual([{ purpose: "reminders", status: "given", at: "2025-01-01T00:00:00.000Z", expiresAt: "2026-01-01T00:00:00.000Z" }, { purpose: "research", status: "refused", at: "2025-01-01T00:00:00.000Z", expiresAt: null }]);
  });

  it("keeps nothing if the only purpose lapsed while the question was open", () => {
    let now = Date.UTC(2025, 0, 1);
    const m = { ...intake, purposes: intake.purposes.map((p) => (p.name === "research" ? { ...p, consentValid: { amount: 1, unit: "days" as const } } : p)) };
    const c = createConversation(m, { chatReader, clock: () => new Date(now) });
    for (const a of ["Ann", "Cough", "no", "2025-02-03", "skip", "no", "yes"]) c.answerText(a);
    expect(c.prompt).toMatchObject({ step: "distance", purposes: [{ purpose: "research" }] });
    now += 2 * 864e5;
    expect(c.answerText("12").ok).toBe(true);
    expect(c.export().data.map((d) => d.field)).toEqual(["name", "day"]);
  });

  it("stops a public-task purpose on objection", () => {
    const c = createConversation(intake, { chatReader, clock: () => new Date(0) });
    c.answerText("Ann");
    expect(c.object("booking")).toEqual([]);
    expect(c.export().data).toMatchObject([{ field: "name", purposes: [{ purpose: "triage" }] }]);
    expect(c.export().objections).toEqual(["booking"]);
    expect(c.receipts().map((r) => [r.decision, r.purpose])).toEqual([["objected", "booking"]]);
    // The booking questions are now skipped.
    c.answerText("Cough");
    expect(c.answerText("no").prompt).toMatchObject({ kind: "consent", step: "reminders" });
  });

  it("rectifies a held value, re-validated", () => {
    const { c, events } = lead();
    c.answerText("Acme");
    expect(c.rectify("company", " Acme GmbH ")).toMatchObject({ ok: true, prompt: { step: "plan", text: "Which plan are you interested in, Acme GmbH?" } });
    expect(c.rectify("company", "")).toMatchObject({ ok: false, code: "empty" });
    expect(() => c.rectify("email", "a@b.cd")).toThrow(expect.objectContaining({ code: "not_held" }));
    expect(() => c.rectify("nope" as never, "x" as never)).toThrow(expect.objectContaining({ code: "unknown_field" }));
    expect(c.dataFor("quote")).toEqual({ company: "Acme GmbH" });
    expect(events.map((e) => e.type)).toEqual(["stored", "prompt", "rectified"]);
  });

  it("asks again an ask reached again by a loop, replacing the value", () => {
    const c = createConversation(looping, { chatReader });
    expect(c.answer("n", 7)).toMatchObject({ ok: true, prompt: { step: "n", messages: ["again"] } });
    expect(c.dataFor("p")).toEqual({ n: 7 });
    expect(c.answer("n", 3)).toMatchObject({ ok: true, prompt: { step: "done" } });
  });

  it("guards against a loop without a waiting step, changing nothing", () => {
    // A loop through a say and a branch only: the compiler refuses such a flow (LF402).
    const spin = defineMachine({ ...looping, nodes: [looping.nodes[0]!, { kind: "branch", test: { op: "known", field: "n" }, then: 3, else: 0 }, looping.nodes[2]!, { kind: "say", text: ["again"], next: 1 }] });
    const c = createConversation(spin, { chatReader });
    const before = c.snapshot();
    expect(() => c.answer("n", 7)).toThrow(expect.objectContaining({ code: "internal" }));
    expect(c.snapshot()).toBe(before);
    expect(c.answer("n", 3)).toMatchObject({ ok: true, prompt: { step: "done" } });
  });

  it("unsubscribes listeners, and delivers only after a change is made", () => {
    const { c } = lead();
    const seen: string[] = [];
    const off = c.on((e) => seen.push(e.type));
    c.answerText("");
    off();
    c.answerText("Acme");
    expect(seen).toEqual(["refused"]);
  });

  it("freezes machine definitions deeply", () => {
    const m = defineMachine(JSON.parse(JSON.stringify(leadCapture)));
    expect(Object.isFrozen(m.nodes[1])).toBe(true);
    expect(Object.isFrozen((m.nodes[1] as { purposes: object[] }).purposes[0])).toBe(true);
  });

  it("is typed by the flow", () => {
    const { c } = lead();
    // @ts-expect-error "gold" is not a plan
    expect(() => c.answer("plan", "gold")).toThrow();
    // @ts-expect-error a consent step takes a boolean
    expect(() => c.answer("newsletter", "yes")).toThrow();
    // @ts-expect-error no such purpose
    expect(() => c.withdraw("marketing")).toThrow();
    const q: { company?: string; plan?: string; email?: string } = c.dataFor("quote");
    // @ts-expect-error the newsletter may not use the company
    void c.dataFor("newsletter").company;
    expect(q).toEqual({});
    const p = c.prompt;
    if (p.kind === "ask" && p.step === "plan") {
      const f: "plan" = p.field;
      void f;
    }
  });
});

describe("listeners", () => {
  it("cannot undo a change by throwing, and may call back in", () => {
    const { c } = lead();
    c.on((e) => {
      if (e.type === "stored") throw new Error("listener failed");
    });
    expect(() => c.answerText("Acme")).toThrow("listener failed");
    expect(c.dataFor("quote")).toEqual({ company: "Acme" });
    const d = lead().c;
    d.on((e) => {
      if (e.type === "prompt" && e.step === "plan") d.answerText("pro");
    });
    d.answerText("Acme");
    expect(d.prompt.step).toBe("birth_year");
  });
});
