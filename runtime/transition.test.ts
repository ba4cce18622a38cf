import { describe, expect, it, vi } from "vitest";
import { LawflowError, createConversation, initialState, transition, type State } from "./index.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";
import { chatReader } from "./chat.ts";

const T = Date.UTC(2025, 0, 31);
const at = (state: State, ...inputs: Parameters<typeof transition>[2][]) => inputs.reduce((s, input) => transition(leadCapture, s, input, T, { chatReader }).state, state);
const started = () => at(initialState(leadCapture), { type: "start" });

describe("transition, the pure core", () => {
  it("gives the next state, the events and the outcome, and leaves the state it was given as it was", () => {
    const before = started();
    const printed = JSON.stringify(before);
    const r = transition(leadCapture, before, { type: "answer", step: "company", value: "Acme" }, T);
    expect(JSON.stringify(before)).toBe(printed);
    expect(r.outcome).toEqual({ ok: true });
    expect(r.events).toEqual([
      { at: "2025-01-31T00:00:00.000Z", type: "stored", field: "company", purposes: ["quote"] },
      { at: "2025-01-31T00:00:00.000Z", type: "prompt", step: "plan" },
    ]);
    expect(r.state.values[0]).toEqual([{ at: T, purpose: 0, until: T + 90 * 864e5, value: "Acme" }]);
    // Members it did not change are shared, not copied.
    expect(r.state.consents).toBe(before.consents);
  });

  it("is a function of its arguments: the same machine, state, input and time give the same result", () => {
    const s = at(started(), { type: "text", text: "Acme" }, { type: "text", text: "pro" }, { type: "text", text: "skip" });
    const a = transition(leadCapture, s, { type: "text", text: "yes" }, T + 1, { chatReader });
    const b = transition(leadCapture, s, { type: "text", text: "yes" }, T + 1, { chatReader });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.state.ledger).toHaveLength(1);
    expect(a.state.consents[1]).toMatchObject({ at: T + 1, status: "given" }); // lapsing after `consent valid`
  });

  it("returns a refusal as an outcome, and throws for a caller's mistake", () => {
    const s = started();
    const r = transition(leadCapture, s, { type: "answer", step: "company", value: "" }, T);
    expect(r.outcome).toMatchObject({ ok: false, code: "empty" });
    expect(r.state.attempts).toBe(1);
    expect(() => transition(leadCapture, s, { type: "answer", step: "plan", value: "pro" }, T)).toThrow(LawflowError);
    expect(() => transition(leadCapture, s, { type: "withdraw", purpose: "quote" }, T)).toThrow(/wrong_basis/);
  });

  it("renders the closing prompt before session values go, and erases on request", () => {
    const end = transition(leadCapture, at(started(), { type: "text", text: "Acme" }, { type: "text", text: "pro" }, { type: "text", text: "skip" }, { type: "text", text: "no" }), { type: "text", text: "a@b.cd" }, T, { chatReader });
    expect(end.closing).toMatchObject({ kind: "end", text: "Thanks, Acme! Your quote is on its way." });
    const erased = transition(leadCapture, end.state, { type: "erase" }, T);
    expect(erased.outcome).toEqual(["company", "plan", "email"]);
    expect(erased.state.values.every((v) => v === null)).toBe(true);
    expect(erased.state.ledger.at(-1)!.decision).toBe("erased");
  });

  it("stamps a conversation's events with the time only when a listener reads them", () => {
    const format = vi.spyOn(Date.prototype, "toISOString");
    try {
      const quiet = createConversation(leadCapture, { clock: () => new Date(T) });
      quiet.answer("company" as never, "Acme" as never);
      expect(format).not.toHaveBeenCalled();
      const heard: unknown[] = [];
      const c = createConversation(leadCapture, { clock: () => new Date(T) });
      c.on((e) => heard.push(e));
      c.answer("company" as never, "Acme" as never);
      expect(heard).toEqual([
        { at: "2025-01-31T00:00:00.000Z", type: "stored", field: "company", purposes: ["quote"] },
        { at: "2025-01-31T00:00:00.000Z", type: "prompt", step: "plan" },
      ]);
      expect(format).toHaveBeenCalledTimes(1);
    } finally {
      format.mockRestore();
    }
  });
});
