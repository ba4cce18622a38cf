/**
 * The shop example run through the compiler and the runtime: an order email
 * and a newsletter email kept apart (Art. 5(1)(b)), objection to direct
 * marketing from the chat (Art. 21(2)–(3)), and erasure that keeps what tax
 * law requires (Art. 17(3)(b)). Each test names the law it checks.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/index.ts";
import { createConversation, restoreConversation, type Conversation } from "../../runtime/index.ts";
import { chatReader } from "../../runtime/chat.ts";

const compiled = compileFile(fileURLToPath(new URL("./shop.flow", import.meta.url)));
const machine = compiled.machine!;
const DAY = 864e5;
let now = Date.UTC(2026, 0, 5, 9);
const clock = () => new Date(now);

/** A customer who orders green tea and asks for the newsletter at another address. */
function customer(news = "ann.news@example.org"): Conversation {
  now = Date.UTC(2026, 0, 5, 9);
  const c = createConversation(machine, { chatReader, clock, id: "c-1" });
  for (const a of ["green", "Ann Lee", "1 Elm Street", "ann@example.org", "yes", news]) expect(c.answerText(a).ok).toBe(true);
  expect(c.ended).toBe(true);
  return c;
}

describe("examples/shop", () => {
  it("compiles without errors; LF330 warns that email is asked again for the newsletter", () => {
    expect(compiled.ok).toBe(true);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(compiled.diagnostics.map((d) => d.code)).toContain("LF330");
  });

  it("Art. 5(1)(b), EDPB 05/2020 §121–123: a second purpose's answer does not replace the first's; each purpose sees its own", () => {
    const c = customer();
    expect(c.dataFor("orders")).toMatchObject({ email: "ann@example.org" });
    expect(c.dataFor("newsletter")).toEqual({ email: "ann.news@example.org" });
    // Export shows both values, each with the purposes it was given for.
    const emails = c.export().data.filter((d) => d.field === "email");
    expect(emails.map((d) => [d.value, d.purposes.map((p) => p.purpose)])).toEqual([
      ["ann@example.org", ["orders"]],
      ["ann.news@example.org", ["newsletter"]],
    ]);
  });

  it("Art. 7(3), Art. 5(1)(b): withdrawing the newsletter erases only its address; the order keeps its own", () => {
    const c = customer();
    expect(c.answerText("unsubscribe")).toMatchObject({ ok: true, command: "withdraw", purpose: "newsletter", erased: ["email"] });
    expect(c.dataFor("orders")).toMatchObject({ email: "ann@example.org" });
    expect(c.dataFor("newsletter")).toEqual({});
    expect(JSON.stringify(c.export())).not.toContain("ann.news@example.org");
    expect(c.snapshot()).not.toContain("ann.news@example.org");
  });

  it("Art. 5(1)(b): the same answer for two purposes is one value; withdrawing one purpose erases nothing the other holds", () => {
    const c = customer("ann@example.org");
    expect(c.answerText("unsubscribe")).toMatchObject({ ok: true, command: "withdraw", erased: [] });
    expect(c.dataFor("orders")).toMatchObject({ email: "ann@example.org" });
  });

  it("Art. 5(1)(b): a snapshot keeps each purpose's value, and restores it", () => {
    const c = customer();
    const r = restoreConversation(machine, c.snapshot(), { chatReader, clock, id: "c-1" });
    expect(r.dataFor("orders")).toMatchObject({ email: "ann@example.org" });
    expect(r.dataFor("newsletter")).toEqual({ email: "ann.news@example.org" });
  });

  it("Art. 21(2)–(3): at the email question, 'stop emails' objects to the newsletter, it is not an invalid email", () => {
    now = Date.UTC(2026, 0, 5, 9);
    const c = createConversation(machine, { chatReader, clock });
    for (const a of ["green", "Ann Lee", "1 Elm Street", "ann@example.org", "yes"]) c.answerText(a);
    expect(c.prompt.step).toBe("news_email");
    const r = c.answerText("Stop emails!");
    expect(r).toMatchObject({ ok: true, command: "object", purposes: ["newsletter"], erased: [] });
    // The newsletter stopped: its question is no longer asked, and its consent is never asked again.
    expect(c.ended).toBe(true);
    expect(c.export().objections).toEqual(["newsletter"]);
    expect(c.receipts().map((x) => [x.decision, x.purpose])).toEqual([
      ["given", "newsletter"],
      ["objected", "newsletter"],
    ]);
  });

  it("Art. 21(2)–(3): 'I object' stops every direct-marketing purpose at once, whatever its basis, and erases their values", () => {
    const c = customer();
    const r = c.answerText("I object");
    expect(r).toMatchObject({ ok: true, command: "object", purposes: ["newsletter", "suggestions"] });
    expect(c.dataFor("newsletter")).toEqual({});
    expect(c.dataFor("suggestions")).toEqual({});
    // The order is untouched: it is not direct marketing.
    expect(c.dataFor("orders")).toMatchObject({ product: "green", email: "ann@example.org" });
    expect(c.export().objections).toEqual(["newsletter", "suggestions"]);
    // Objected consent is not given again by a restore, and the receipts agree with the state.
    const back = restoreConversation(machine, c.snapshot(), { chatReader, clock, id: "c-1" });
    expect(back.dataFor("newsletter")).toEqual({});
    expect(back.verify()).toBe(true);
  });

  it("Art. 21(3): after an objection at the newsletter request, the request is passed as refused, not asked again", () => {
    now = Date.UTC(2026, 0, 5, 9);
    const c = createConversation(machine, { chatReader, clock });
    for (const a of ["green", "Ann Lee", "1 Elm Street", "ann@example.org"]) c.answerText(a);
    expect(c.prompt.step).toBe("newsletter");
    expect(c.answerText("stop emails")).toMatchObject({ ok: true, command: "object", purposes: ["newsletter"] });
    expect(c.ended).toBe(true);
    expect(c.receipts().map((x) => x.decision)).toEqual(["objected"]);
  });

  it("Art. 17(3)(b): 'forget me' keeps what tax law requires, says why, and erases the rest", () => {
    const c = customer();
    const r = c.answerText("forget me");
    expect(r).toMatchObject({ ok: true, command: "erase" });
    expect(c.dataFor("invoices")).toEqual({ name: "Ann Lee", address: "1 Elm Street" });
    for (const p of ["orders", "newsletter", "suggestions"]) expect(c.dataFor(p)).toEqual({});
    expect(c.export().data.map((d) => [d.field, d.purposes.map((p) => p.purpose)])).toEqual([
      ["name", ["invoices"]],
      ["address", ["invoices"]],
    ]);
    // The reply says what was kept and why, in words from the flow.
    expect(c.prompt.kind).toBe("end");
    const fresh = createConversation(machine, { chatReader, clock });
    fresh.answerText("green");
    fresh.answerText("Ann Lee");
    fresh.answerText("forget me");
    expect(fresh.prompt).toMatchObject({ kind: "erased", text: "Your data has been erased." });
    expect(fresh.prompt.messages).toEqual([
      "We keep the data we need for “Keep the invoice for your order” (Tax law requires invoices to be kept for 10 years): the law requires it, so erasure does not reach it (Art. 17(3)(b)). It is deleted when its retention period ends.",
    ]);
    // And it goes when its retention runs out.
    now += 3660 * DAY;
    expect([...c.purgeExpired()].sort()).toEqual(["address", "name"]);
  });
});
