/**
 * One question, purposes whose consent differs: the compiler lets a question
 * serve a contract purpose and a consent purpose whose consent may be
 * missing (consent-before-collection), because the runtime stores the answer
 * only for the purposes with a lawful basis at that moment. These tests run
 * the compiled machine to show the runtime keeps that promise.
 */
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.ts";
import { createConversation } from "../../runtime/index.ts";

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
  const c = createConversation(r.machine!, { clock: () => new Date(Date.UTC(2026, 0, 1)), method: "web-chat" });
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
