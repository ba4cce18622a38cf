/**
 * Each purpose keeps the value it was given (Art. 5(1)(b), purpose
 * limitation; EDPB Guidelines 05/2020 §121–123): a field asked again for
 * another purpose holds a second value beside the first, and what
 * `dataFor`, interpolation, branches, skipping, export, withdrawal and
 * rectification see is decided here (docs/runtime.md, "One value per purpose").
 */
import { describe, expect, it } from "vitest";
import { compileSource } from "../compiler/index.ts";
import { createConversation } from "./index.ts";
import { chatReader } from "./chat.ts";

const SHOP = `flow Shop version "1.0.0"
controller "Shop Ltd" contact "privacy@shop.example"
purpose orders "Deliver your order" {
  basis contract
  needs email
  retain 1 years
}
purpose newsletter "Send you our newsletter" {
  basis consent
  needs email
  retain until withdrawn
  withdraw on "stop"
}
field email: email "your email address"
ask email "Email for the order?" for orders under contract
consent newsletter "Newsletter?"
  refused -> again
ask news_email: email "Email for the newsletter?" for newsletter under consent
say "We will write to {email}."
ask again: email "Email for the order, once more?" for orders under contract
end bye "Bye"
`;
const compiled = compileSource(SHOP, "shop.flow");
const machine = compiled.machine!;
const clock = () => new Date(Date.UTC(2026, 0, 5));

const run = (...answers: string[]) => {
  const c = createConversation(machine, { chatReader, clock });
  for (const a of answers) expect(c.answerText(a).ok).toBe(true);
  return c;
};

describe("one value per purpose (Art. 5(1)(b), EDPB 05/2020 §121–123)", () => {
  it("asking a field again for a second purpose does not replace the first purpose's value", () => {
    const c = run("order@example.org", "yes", "news@example.org");
    expect(c.dataFor("orders")).toEqual({ email: "order@example.org" });
    expect(c.dataFor("newsletter")).toEqual({ email: "news@example.org" });
  });

  it("Art. 7(3): withdrawing the second purpose erases only its value, and the first keeps its own", () => {
    const c = run("order@example.org", "yes", "news@example.org");
    expect(c.withdraw("newsletter")).toEqual(["email"]);
    expect(c.dataFor("orders")).toEqual({ email: "order@example.org" });
    expect(JSON.stringify(c.export())).not.toContain("news@example.org");
  });

  it("interpolation shows the value given last; once it is erased, the one still held", () => {
    const c = run("order@example.org", "yes", "news@example.org");
    expect(c.prompt.messages).toEqual(["We will write to news@example.org."]);
    c.withdraw("newsletter");
    // The prompt is rendered again after a change: the withdrawn address is gone from it.
    expect(c.prompt.messages).toEqual(["We will write to order@example.org."]);
  });

  it("Art. 15: export lists each value with the purposes it was given for", () => {
    const c = run("order@example.org", "yes", "news@example.org");
    expect(c.export().data.map((d) => [d.field, d.value, d.purposes.map((p) => p.purpose)])).toEqual([
      ["email", "order@example.org", ["orders"]],
      ["email", "news@example.org", ["newsletter"]],
    ]);
  });

  it("Art. 16: rectifying a field corrects the value of every purpose; an ask whose purposes hold their own values is skipped", () => {
    const c = run("order@example.org", "yes", "news@example.org");
    // `again` asks for orders, which holds its own value: skipped, the flow ended.
    expect(c.prompt.step).toBe("bye");
    expect(c.dataFor("newsletter")).toEqual({ email: "news@example.org" });
    expect(c.rectify("email", "ann@example.org").ok).toBe(true);
    expect(c.dataFor("orders")).toEqual({ email: "ann@example.org" });
    expect(c.dataFor("newsletter")).toEqual({ email: "ann@example.org" });
  });
});

describe("skipping an ask already answered for its purposes (Art. 5(1)(b))", () => {
  const SIZES = `flow Sizes version "1.0.0"
controller "Shop Ltd" contact "privacy@shop.example"
purpose orders "Deliver your order" {
  basis contract
  needs size
  retain 1 years
}
purpose samples "Send you free samples" {
  basis consent
  needs size
  retain until withdrawn
}
field size: choice(small "Small", large "Large") "your size"
ask size "Which size for your order?" for orders under contract
consent samples "Free samples?"
  refused -> order_size
ask sample_size: size "Which size for the samples?" for samples under consent
ask order_size: size "Your order's size, once more?" for orders under contract
  when small -> small_parcel
end large_parcel "A large parcel is on its way."
small_parcel: end "A small parcel is on its way."
`;
  const m = compileSource(SIZES, "sizes.flow").machine!;

  it("branches on the ask's own purposes' value, not on the value another purpose was given later", () => {
    const c = createConversation(m, { chatReader, clock });
    for (const a of ["small", "yes", "large"]) expect(c.answerText(a).ok).toBe(true);
    // `order_size` is passed (orders holds its own value) and branches on "small", the order's, not the samples' "large".
    expect(c.prompt.step).toBe("small_parcel");
    expect(c.dataFor("orders")).toEqual({ size: "small" });
    expect(c.dataFor("samples")).toEqual({ size: "large" });
  });
});
