import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFlow } from "./parse.ts";
import { positionAt, sourceFile, type Span } from "./source.ts";
import type { AskStep, ConsentStep, EndStep, FieldDecl, PurposeDecl } from "./ast.ts";

const leadPath = new URL("../examples/lead-capture/lead.flow", import.meta.url);

function parse(text: string, path = "test.flow") {
  return parseFlow(sourceFile(path, text));
}
/** `line:col` of a span's start. */
function at(s: Span | undefined): string {
  if (!s) return "none";
  const p = positionAt(s.file, s.start);
  return `${p.line}:${p.column}`;
}
function src(s: Span): string {
  return s.file.text.slice(s.start, s.end);
}

describe("lead.flow (the design's example)", () => {
  const { ast, diagnostics } = parseFlow(sourceFile("lead.flow", readFileSync(leadPath, "utf8")));

  it("parses with no diagnostics", () => {
    expect(diagnostics).toEqual([]);
  });

  it("has the declarations in order", () => {
    expect(ast.declarations.map((d) => d.kind)).toEqual(["flow", "controller", "purpose", "purpose", "purpose", "field", "field", "field", "field"]);
    const flow = ast.declarations[0]!;
    expect(flow.kind === "flow" && flow.name.text).toBe("LeadCapture");
    expect(flow.kind === "flow" && flow.version.value).toBe("1.0.0");
    expect(at(flow.span)).toBe("2:1");
  });

  it("has the purposes with their items", () => {
    const [quote, newsletter, audience] = ast.declarations.filter((d): d is PurposeDecl => d.kind === "purpose");
    expect(quote!.name.text).toBe("quote");
    expect(quote!.why.value).toBe("Prepare the price quote you asked for");
    expect(quote!.items.map((i) => i.kind)).toEqual(["basis", "needs", "retain", "shared_with"]);
    const needs = quote!.items[1]!;
    expect(needs.kind === "needs" && needs.fields.map((f) => f.text)).toEqual(["company", "plan", "email"]);
    expect(at(needs.kind === "needs" ? needs.fields[2]!.span : undefined)).toBe("8:24");
    const retain = quote!.items[2]!;
    expect(retain.kind === "retain" && retain.retention).toMatchObject({ kind: "period", period: { amount: 90, unit: "days" }, orUntilWithdrawn: false });
    expect(src(quote!.span)).toMatch(/^purpose quote [\s\S]*\}$/);
    expect(newsletter!.items.map((i) => i.kind)).toEqual(["basis", "needs", "retain", "withdraw_on"]);
    const withdraw = newsletter!.items[3]!;
    expect(withdraw.kind === "withdraw_on" && withdraw.phrases.map((p) => p.value)).toEqual(["stop", "unsubscribe"]);
    expect(newsletter!.items[2]).toMatchObject({ retention: { kind: "until_withdrawn" } });
    const basis = audience!.items[0]!;
    expect(basis.kind === "basis" && basis.basis.text).toBe("legitimate_interests");
    expect(basis.kind === "basis" && basis.evidence?.value).toBe("Aggregated ages help us plan events; only the year is kept");
  });

  it("has the fields with their types", () => {
    const fields = ast.declarations.filter((d): d is FieldDecl => d.kind === "field");
    expect(fields.map((f) => [f.name.text, f.type.kind])).toEqual([
      ["company", "text"],
      ["plan", "choice"],
      ["email", "email"],
      ["birth_year", "integer"],
    ]);
    expect(fields[0]!.type).toMatchObject({ kind: "text", max: 100 });
    expect(fields[0]!.label?.value).toBe("your company name");
    const plan = fields[1]!.type;
    expect(plan.kind === "choice" && plan.options.map((o) => [o.value.text, o.label.value])).toEqual([
      ["basic", "Basic"],
      ["pro", "Pro"],
      ["enterprise", "Enterprise"],
    ]);
    expect(fields[3]!.type).toMatchObject({ kind: "integer", min: 1900, max: 2026 });
    expect(src(fields[3]!.type.span)).toBe("integer(1900..2026)");
    expect(at(fields[2]!.name.span)).toBe("28:7");
  });

  it("has the steps in order", () => {
    expect(ast.steps.map((s) => s.kind)).toEqual(["say", "ask", "ask", "ask", "consent", "ask", "ask", "end", "end"]);
    const plan = ast.steps[2] as AskStep;
    expect(plan.field.text).toBe("plan");
    expect(plan.when).toHaveLength(1);
    expect(plan.when[0]!.value).toMatchObject({ kind: "symbol", value: "enterprise" });
    expect(plan.when[0]!.target.text).toBe("sales_call");
    expect(at(plan.when[0]!.target.span)).toBe("35:22");
    expect((ast.steps[3] as AskStep).optional).toBe(true);
    const consent = ast.steps[4] as ConsentStep;
    expect(consent.purpose.text).toBe("newsletter");
    expect(consent.refused?.text).toBe("quote_email");
    expect(consent.given).toBeUndefined();
    const email = ast.steps[5] as AskStep;
    expect(email.purposes.map((p) => [p.purpose.text, p.basis.text])).toEqual([
      ["quote", "contract"],
      ["newsletter", "consent"],
    ]);
    expect(email.next?.text).toBe("thanks");
    const quoteEmail = ast.steps[6] as AskStep;
    expect(quoteEmail.id?.text).toBe("quote_email");
    expect(quoteEmail.field.text).toBe("email");
    const thanks = ast.steps[7] as EndStep;
    expect(thanks.id?.text).toBe("thanks");
    expect(thanks.text.parts).toEqual([
      { kind: "literal", value: "Thanks, " },
      { kind: "field", name: { text: "company", span: expect.anything() } },
      { kind: "literal", value: "! Your quote is on its way." },
    ]);
    const part = thanks.text.parts[1]!;
    expect(part.kind === "field" && src(part.name.span)).toBe("company");
    expect(part.kind === "field" && at(part.name.span)).toBe("43:22");
    expect(src(ast.steps[8]!.span)).toBe('end sales_call "Our sales team will call you within one working day."');
  });
});
