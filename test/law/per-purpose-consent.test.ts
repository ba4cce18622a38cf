/**
 * One question, purposes whose consent differs: the compiler lets a question
 * serve a contract purpose and a consent purpose whose consent may be
 * missing (consent-before-collection), because the runtime stores the answer
 * only for the purposes with a lawful basis at that moment. These tests run
 * the compiled machine to show the runtime keeps that promise.
 */
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.ts";
import { createConversation, restoreConversation } from "../../runtime/index.ts";
import { chatReader } from "../../runtime/chat.ts";

const flow = `flow Shop version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
purpose order "Deliver your order" {
  basis contract
  needs email
  retain 1 year
}
purpose news "Send our newsletter" {
  basis consent
  needs email
  retain until withdrawn
}
field email: email "your email address"
consent news "May we send you our newsletter?"
ask email "Your email?" for order under contract, news under consent
end "Thanks"
`;

function start() {
  const r = compileSource(flow, "shop.flow");
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const c = createConversation(r.machine!, { chatReader, clock: () => new Date(Date.UTC(2026, 0, 1)), method: "web-chat" });
  const stored: unknown[] = [];
  c.on((e) => e.type === "stored" && stored.push(e));
  return { c, stored };
}

describe("one question for purposes whose consent differs (Art. 6(1)(a), Art. 7(1), EDPB 05/2020 §121)", () => {
  it("after a refusal the answer is stored for the contract purpose only, and the consent purpose sees nothing (Art. 6(1)(a))", () => {
    const { c, stored } = start();
    expect(c.answer("news", false).prompt).toMatchObject({ kind: "ask", step: "email", purposes: [{ purpose: "order" }] });
    c.answer("email", "ann@example.com");
    expect(stored).toMatchObject([{ type: "stored", field: "email", purposes: ["order"] }]);
    expect(stored).toHaveLength(1);
    expect(c.dataFor("order")).toEqual({ email: "ann@example.com" });
    expect(c.dataFor("news")).toEqual({});
  });

  it("after consent the same answer serves both, and the consent purpose has its receipt (Art. 7(1))", () => {
    const { c, stored } = start();
    c.answer("news", true);
    c.answer("email", "ann@example.com");
    expect(stored).toMatchObject([{ type: "stored", field: "email", purposes: ["order", "news"] }]);
    expect(stored).toHaveLength(1);
    expect(c.dataFor("news")).toEqual({ email: "ann@example.com" });
    expect(c.receipts().map((r) => [r.purpose, r.decision])).toEqual([["news", "given"]]);
  });
});

const pool = `flow Hiring version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
purpose application "Consider your application" {
  basis contract
  needs cv
  retain 6 months
}
purpose pool "Tell you about other roles" {
  basis consent
  needs cv
  retain 12 months or until withdrawn
  withdraw on "leave the pool"
}
field cv: text(2000) "your CV"
ask cv "Paste your CV" for application under contract
consent pool "May we keep your CV for 12 months to tell you about other roles?"
  keeps cv
end "Thanks"
`;

describe("data already held joins a purpose consented to later only through a consent step that names it (Art. 5(1)(b), Art. 6(1)(a))", () => {
  const start = () => {
    const r = compileSource(pool, "hiring.flow");
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    const c = createConversation(r.machine!, { chatReader, clock: () => new Date(Date.UTC(2026, 0, 1)), method: "web-chat" });
    const stored: { field: string; purposes: string[] }[] = [];
    c.on((e) => e.type === "stored" && stored.push({ field: e.field, purposes: [...e.purposes] }));
    return { c, stored, machine: r.machine! };
  };

  it("given: the CV held for the application is kept for the talent pool too, with its own consent receipt (Art. 7(1))", () => {
    const { c, stored, machine } = start();
    c.answerText("Ten years of welding");
    expect(c.dataFor("pool")).toEqual({});
    c.answerText("yes");
    expect(stored).toEqual([
      { field: "cv", purposes: ["application"] },
      { field: "cv", purposes: ["pool"] },
    ]);
    expect(c.dataFor("pool")).toEqual({ cv: "Ten years of welding" });
    expect(c.receipts().map((r) => [r.purpose, r.decision])).toEqual([["pool", "given"]]);
    // The kept entry survives a snapshot (the snapshot check accepts a use the purpose needs).
    const again = restoreConversation(machine, c.snapshot(), { chatReader });
    expect(again.dataFor("pool")).toEqual({ cv: "Ten years of welding" });
  });

  it("refused: the pool gets nothing, and the application keeps the CV (Art. 7(4))", () => {
    const { c } = start();
    c.answerText("Ten years of welding");
    c.answerText("no");
    expect(c.dataFor("pool")).toEqual({});
    expect(c.dataFor("application")).toEqual({ cv: "Ten years of welding" });
  });
});

describe("a question asked before the consent request of a consent purpose it serves (Art. 6(1)(a), Art. 7(1); LF316)", () => {
  const early = flow
    .replace('consent news "May we send you our newsletter?"\n', "")
    .replace('end "Thanks"', 'consent news "May we send you our newsletter?"\nend "Thanks"');
  const run = (source: string) => {
    const r = compileSource(source, "shop.flow");
    const c = createConversation(r.machine!, { clock: () => new Date(Date.UTC(2026, 0, 1)), method: "web-chat" });
    return { c, warnings: r.diagnostics.map((d) => `${d.code}@${d.severity}`) };
  };

  it("the question leaves the consent purpose out, and a later yes does not add the answer to it: the compiler warns", () => {
    const { c, warnings } = run(early);
    expect(warnings).toEqual(["LF316@warning"]);
    expect(c.prompt).toMatchObject({ kind: "ask", step: "email", purposes: [{ purpose: "order" }] });
    c.answer("email", "ann@example.com");
    c.answer("news", true);
    expect(c.dataFor("order")).toEqual({ email: "ann@example.com" });
    expect(c.dataFor("news")).toEqual({});
  });

  it("a consent step that keeps the field adds the answer on a yes: no warning", () => {
    const { c, warnings } = run(early.replace('consent news "May we send you our newsletter?"\n', 'consent news "May we also send our newsletter to that address?"\n  keeps email\n'));
    expect(warnings).toEqual([]);
    c.answer("email", "ann@example.com");
    c.answer("news", true);
    expect(c.dataFor("news")).toEqual({ email: "ann@example.com" });
  });
});
