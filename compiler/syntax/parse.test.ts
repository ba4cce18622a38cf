import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFlow } from "./parse.ts";
import { positionAt, sourceFile, type Span } from "../source.ts";
import { generateFlow } from "../../test/support/sample-flow.ts";
import type { AskStep, ConsentStep, EndStep, FieldDecl, PurposeDecl } from "../ast.ts";

const leadPath = new URL("../../examples/lead-capture/lead.flow", import.meta.url);

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
    expect(quote!.items.map((i) => i.kind)).toEqual(["basis", "needs", "retain", "shared_with", "category"]);
    const needs = quote!.items[1]!;
    expect(needs.kind === "needs" && needs.fields.map((f) => f.text)).toEqual(["company", "plan", "email"]);
    expect(at(needs.kind === "needs" ? needs.fields[2]!.span : undefined)).toBe("8:24");
    const retain = quote!.items[2]!;
    expect(retain.kind === "retain" && retain.retention).toMatchObject({ kind: "period", period: { amount: 90, unit: "days" }, orUntilWithdrawn: false });
    expect(src(quote!.span)).toMatch(/^purpose quote [\s\S]*\}$/);
    expect(newsletter!.items.map((i) => i.kind)).toEqual(["basis", "direct_marketing", "needs", "retain", "withdraw_on", "category"]);
    const withdraw = newsletter!.items[4]!;
    expect(withdraw.kind === "withdraw_on" && withdraw.phrases.map((p) => p.value)).toEqual(["stop", "unsubscribe"]);
    expect(newsletter!.items[3]).toMatchObject({ retention: { kind: "until_withdrawn" } });
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
    expect(at(fields[2]!.name.span)).toBe("32:7");
  });

  it("has the steps in order", () => {
    expect(ast.steps.map((s) => s.kind)).toEqual(["say", "ask", "ask", "ask", "consent", "ask", "ask", "end", "end"]);
    const plan = ast.steps[2] as AskStep;
    expect(plan.field.text).toBe("plan");
    expect(plan.when).toHaveLength(1);
    expect(plan.when[0]!.value).toMatchObject({ kind: "symbol", value: "enterprise" });
    expect(plan.when[0]!.target.text).toBe("sales_call");
    expect(at(plan.when[0]!.target.span)).toBe("39:22");
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
    expect(part.kind === "field" && at(part.name.span)).toBe("47:22");
    expect(src(ast.steps[8]!.span)).toBe('end sales_call "Our sales team will call you within one working day."');
  });
});

/** Diagnostics as `CODE line:col`, in order. */
function codes(text: string): string[] {
  const { diagnostics } = parse(text);
  return diagnostics.map((d) => `${d.code} ${at(d.span)}`);
}
function steps(text: string) {
  const r = parse(text);
  expect(r.diagnostics.map((d) => `${d.code} ${at(d.span)} ${d.message}`)).toEqual([]);
  return r.ast.steps;
}
function decls(text: string) {
  const r = parse(text);
  expect(r.diagnostics.map((d) => `${d.code} ${at(d.span)} ${d.message}`)).toEqual([]);
  return r.ast.declarations;
}

describe("declarations", () => {
  it("controller with and without a DPO, security, use", () => {
    const [c1, c2, sec, use] = decls(
      'controller "Acme" contact "privacy@acme.example" dpo "dpo@acme.example"\ncontroller "B" contact "b@b"\nsecurity "TLS, encrypted at rest"\nuse "./policy.flow"',
    );
    expect(c1).toMatchObject({ kind: "controller", name: { value: "Acme" }, contact: { value: "privacy@acme.example" }, dpo: { value: "dpo@acme.example" } });
    expect(c2!.kind === "controller" && c2!.dpo).toBeUndefined();
    expect(sec).toMatchObject({ kind: "security", text: { value: "TLS, encrypted at rest" } });
    expect(use).toMatchObject({ kind: "use", path: { value: "./policy.flow" } });
    expect(src(use!.span)).toBe('use "./policy.flow"');
  });

  it("every purpose item", () => {
    const [p] = decls(`purpose care "Look after you" {
  basis legal_obligation "Health Act s.3"
  needs a, b
  retain 2 years or until withdrawn
  retain 1 week
  retain session
  consent valid 13 months
  shared with "Lab", "Insurer"
  transfer to "United States" under "Standard contractual clauses"
  withdraw on "stop"
  condition explicit_consent
  category marketing.communications.email
  subjects "patients", "carers"
  automated decision "Triage score decides the queue" effects "A low score means a later appointment"
}`);
    expect(p!.kind).toBe("purpose");
    const items = p!.kind === "purpose" ? p!.items : [];
    expect(items.map((i) => i.kind)).toEqual([
      "basis", "needs", "retain", "retain", "retain", "consent_valid", "shared_with", "transfer", "withdraw_on", "condition", "category", "subjects", "automated",
    ]);
    expect(items[0]).toMatchObject({ basis: { text: "legal_obligation" }, evidence: { value: "Health Act s.3" } });
    expect(items[2]).toMatchObject({ retention: { kind: "period", period: { amount: 2, unit: "years" }, orUntilWithdrawn: true } });
    expect(src((items[2] as { retention: { span: Span } }).retention.span)).toBe("2 years or until withdrawn");
    expect(items[3]).toMatchObject({ retention: { kind: "period", period: { amount: 1, unit: "weeks" }, orUntilWithdrawn: false } });
    expect(items[4]).toMatchObject({ retention: { kind: "session" } });
    expect(items[5]).toMatchObject({ duration: { amount: 13, unit: "months" } });
    expect(src((items[5] as { duration: { span: Span } }).duration.span)).toBe("13 months");
    expect(items[6]).toMatchObject({ recipients: [{ value: "Lab" }, { value: "Insurer" }] });
    expect(items[7]).toMatchObject({ country: { value: "United States" }, safeguard: { value: "Standard contractual clauses" } });
    expect(items[9]).toMatchObject({ condition: { text: "explicit_consent" } });
    const category = items[10]!;
    expect(category.kind === "category" && category.category.text).toBe("marketing.communications.email");
    expect(category.kind === "category" && src(category.category.span)).toBe("marketing.communications.email");
    expect(items[11]).toMatchObject({ subjects: [{ value: "patients" }, { value: "carers" }] });
    expect(items[12]).toMatchObject({ description: { value: "Triage score decides the queue" } });
    expect(src(items[12]!.span)).toBe('automated decision "Triage score decides the queue" effects "A low score means a later appointment"');
  });

  it("normalises singular units to the plural", () => {
    const [p] = decls('purpose a "x" { retain 1 day consent valid 1 year retain 1 month }');
    expect(p!.kind === "purpose" && p!.items.map((i) => (i.kind === "retain" && i.retention.kind === "period" ? i.retention.period.unit : i.kind === "consent_valid" ? i.duration.unit : ""))).toEqual(["days", "years", "months"]);
  });

  it("every field type, label, special category and data category", () => {
    const fields = decls(`field a: text(200) "notes" special health category user.health
field b: email
field c: phone
field d: integer(0..120)
field e: number(-1.5..99.25)
field f: yesno
field g: date "your birthday"
field h: choice(x "X", y "Y")
field i: email category user.contact.email`);
    expect(fields.map((f) => (f.kind === "field" ? f.type.kind : ""))).toEqual(["text", "email", "phone", "integer", "number", "yesno", "date", "choice"].concat("email"));
    expect(fields[0]).toMatchObject({ type: { kind: "text", max: 200 }, label: { value: "notes" }, special: { text: "health" }, category: { text: "user.health" } });
    expect(fields[4]).toMatchObject({ type: { kind: "number", min: -1.5, max: 99.25 } });
    expect(fields[6]).toMatchObject({ label: { value: "your birthday" } });
    expect(fields[8]).toMatchObject({ category: { text: "user.contact.email" } });
    expect(fields[8]!.kind === "field" && fields[8]!.special).toBeUndefined();
    expect(src(fields[0]!.span)).toBe('field a: text(200) "notes" special health category user.health');
  });
});

describe("steps", () => {
  it("say, with an id in either form", () => {
    const [a, b, c] = steps('say "Hi"\nsay hello: "Hello"\nwelcome: say "Welcome"');
    expect(a).toMatchObject({ kind: "say", text: { value: "Hi" } });
    expect(a!.id).toBeUndefined();
    expect(b).toMatchObject({ kind: "say", id: { text: "hello" }, text: { value: "Hello" } });
    expect(c).toMatchObject({ kind: "say", id: { text: "welcome" } });
    expect(src(c!.span)).toBe('welcome: say "Welcome"');
    expect(at(c!.id!.span)).toBe("3:1");
  });

  it("ask with every option, in any order", () => {
    const [a] = steps(`ask plan "Plan?" for quote under contract, news under consent
  retry 3 then -> help
  when pro -> sales
  when 2 -> two
  when "Gold plan" -> gold
  optional
  -> next_step`);
    expect(a).toMatchObject({
      kind: "ask",
      field: { text: "plan" },
      question: { value: "Plan?" },
      purposes: [
        { purpose: { text: "quote" }, basis: { text: "contract" } },
        { purpose: { text: "news" }, basis: { text: "consent" } },
      ],
      optional: true,
      next: { text: "next_step" },
      retry: { limit: 3, target: { text: "help" } },
    });
    const ask = a as AskStep;
    expect(ask.when.map((w) => [w.value.kind, w.value.value, w.target.text])).toEqual([
      ["symbol", "pro", "sales"],
      ["number", 2, "two"],
      ["string", "Gold plan", "gold"],
    ]);
    expect(src(ask.purposes[1]!.span)).toBe("news under consent");
    expect(src(ask.when[0]!.span)).toBe("when pro -> sales");
    expect(src(ask.retry!.span)).toBe("retry 3 then -> help");
    expect(src(ask.span)).toMatch(/^ask plan[\s\S]*-> next_step$/);
  });

  it("consent with given and refused, and an explicit id", () => {
    const [a, b] = steps('consent news "May we?"\n  given -> yes\n  refused -> no\nconsent again: news "Sure?"');
    expect(a).toMatchObject({ kind: "consent", purpose: { text: "news" }, request: { value: "May we?" }, given: { text: "yes" }, refused: { text: "no" } });
    expect(b).toMatchObject({ kind: "consent", id: { text: "again" }, purpose: { text: "news" } });
  });

  it("if, goto and end in every form", () => {
    const s = steps('check: if known(email) -> a\ngoto b\nback: goto c\nend "Bye"\nend d "Bye" as lost\nend e: "Bye {name}" as qualified');
    expect(s.map((x) => x.kind)).toEqual(["if", "goto", "goto", "end", "end", "end"]);
    expect(s[0]).toMatchObject({ id: { text: "check" }, target: { text: "a" }, condition: { kind: "known", field: { text: "email" } } });
    expect(s[1]).toMatchObject({ target: { text: "b" } });
    expect(s[2]).toMatchObject({ id: { text: "back" }, target: { text: "c" } });
    expect(s[3]!.id).toBeUndefined();
    expect(s[4]).toMatchObject({ id: { text: "d" }, outcome: { text: "lost" } });
    expect(s[5]).toMatchObject({ id: { text: "e" }, outcome: { text: "qualified" }, text: { value: "Bye {name}" } });
  });

  it("reports a step with two ids", () => {
    expect(codes('a: ask b: email "E?" for q under contract')).toEqual(["LF102 1:8"]);
  });

  it("reports an option given twice", () => {
    expect(codes('ask e "E?" for q under contract\n  -> a\n  -> b')).toEqual(["LF102 3:6"]);
    expect(codes('consent q "Q?"\n  given -> a\n  given -> b')).toEqual(["LF102 3:12"]);
  });

  it("reports a count that is not a whole number", () => {
    expect(codes('ask e "E?" for q under contract retry 1.5 then -> x')).toEqual(["LF102 1:39"]);
    expect(codes('purpose p "P" { retain -3 days }')).toEqual(["LF102 1:24"]);
  });
});

describe("conditions", () => {
  function cond(text: string) {
    const [s] = steps(`if ${text} -> t`);
    if (s!.kind !== "if") throw new Error("not an if");
    return s!.condition;
  }
  /** A compact rendering: operators and operands with explicit grouping. */
  function show(c: ReturnType<typeof cond>): string {
    switch (c.kind) {
      case "and":
      case "or":
        return `(${show(c.left)} ${c.kind} ${show(c.right)})`;
      case "not":
        return `not ${show(c.operand)}`;
      case "known":
        return `known(${c.field.text})`;
      case "given":
        return `given(${c.purpose.text})`;
      case "compare": {
        const o = (x: typeof c.left) => (x.kind === "name" ? x.name.text : x.kind === "string" ? JSON.stringify(x.value) : `#${x.value}`);
        return `${o(c.left)}${c.op}${o(c.right)}`;
      }
    }
  }

  it("or < and < not < comparison", () => {
    expect(show(cond("a == 1 or b != 2 and not c < 3"))).toBe("(a==#1 or (b!=#2 and not c<#3))");
    expect(show(cond("a <= 1 and b >= 2 or c > 3"))).toBe("((a<=#1 and b>=#2) or c>#3)");
    // Chains are balanced (associativity makes the grouping immaterial; depth stays log n).
    expect(show(cond("a == 1 and b == 2 and c == 3"))).toBe("(a==#1 and (b==#2 and c==#3))");
  });

  it("parentheses, known, given, strings and names on either side", () => {
    expect(show(cond('not (plan == pro or known(email)) and given(news) and "x" == name'))).toBe(
      '(not (plan==pro or known(email)) and (given(news) and "x"==name))',
    );
  });

  it("spans cover the source, parentheses included", () => {
    const c = cond("not (a == 1 or b == 2) and known(x)");
    expect(src(c.span)).toBe("not (a == 1 or b == 2) and known(x)");
    if (c.kind !== "and" || c.left.kind !== "not") throw new Error("shape");
    expect(src(c.left.operand.span)).toBe("(a == 1 or b == 2)");
    expect(src(c.right.span)).toBe("known(x)");
  });

  it("a bare word is a name operand, a number a number", () => {
    const c = cond("age >= 18");
    expect(c).toMatchObject({ kind: "compare", op: ">=", left: { kind: "name", name: { text: "age" } }, right: { kind: "number", value: 18 } });
  });

  it("refuses a condition without a comparison, with a hint", () => {
    const { diagnostics } = parse("if subscribed -> t");
    expect(diagnostics.map((d) => `${d.code} ${at(d.span)}`)).toEqual(["LF102 1:15"]);
    expect(diagnostics[0]!.message).toContain("found `->`");
  });
});

describe("keywords are soft", () => {
  it("accepts keywords wherever a name is expected", () => {
    const r = parse(`flow flow version "1.0.0"
purpose consent "c" { basis consent needs end, say, field }
field end: text(10)
field say: yesno
field field: email
field email: email
field consent: yesno
ask end "q" for consent under consent
ask ask: say "q" for consent under consent
  when yes -> if
  when end -> goto
ask field "q" for consent under consent
goto: goto end
if: if end == say and not consent == yes -> end
end end: "bye" as end
say: say "hi"
say say: "hi"
consent consent: consent "ok?" given -> given refused -> refused`);
    expect(r.diagnostics.map((d) => `${d.code} ${at(d.span)} ${d.message}`)).toEqual([]);
    expect(r.ast.declarations[0]).toMatchObject({ kind: "flow", name: { text: "flow" } });
    expect(r.ast.declarations.map((d) => (d.kind === "field" ? d.name.text : d.kind))).toEqual(["flow", "purpose", "end", "say", "field", "email", "consent"]);
    expect(r.ast.steps.map((s) => s.kind)).toEqual(["ask", "ask", "ask", "goto", "if", "end", "say", "say", "consent"]);
    expect(r.ast.steps[1]).toMatchObject({ id: { text: "ask" }, field: { text: "say" }, when: [{ value: { value: "yes" }, target: { text: "if" } }, { value: { value: "end" } }] });
    expect(r.ast.steps[3]).toMatchObject({ id: { text: "goto" }, target: { text: "end" } });
    expect(r.ast.steps[5]).toMatchObject({ id: { text: "end" }, outcome: { text: "end" } });
    expect(r.ast.steps[8]).toMatchObject({ id: { text: "consent" }, purpose: { text: "consent" }, given: { text: "given" }, refused: { text: "refused" } });
    expect(r.ast.steps[6]).toMatchObject({ id: { text: "say" }, text: { value: "hi" } });
    expect(r.ast.steps[7]).toMatchObject({ id: { text: "say" }, text: { value: "hi" } });
  });

  it("a label after an option-less step starts the next step", () => {
    const s = steps('ask a "A?" for p under contract\noptional: say "x"\nend "e"\nwhen: say "y"');
    expect(s.map((x) => [x.kind, x.id?.text])).toEqual([["ask", undefined], ["say", "optional"], ["end", undefined], ["say", "when"]]);
    expect((s[0] as AskStep).optional).toBe(false);
  });
});

describe("syntax diagnostics (every LF1xx code fails here and passes next door)", () => {
  const cases: [code: string, failing: string, where: string, passing: string][] = [
    ["LF101", 'say "hi"\nsay "there" @', "2:13", 'say "hi"\nsay "there"'],
    ["LF102", 'ask company "Which company?"\nsay "next"', "1:29", 'ask company "Which company?" for quote under contract\nsay "next"'],
    ["LF103", 'say "hello\nsay "next"', "1:5", 'say "hello"\nsay "next"'],
    ["LF104", 'say "tab\\q"', "1:9", 'say "tab\\t"'],
    ["LF105", 'say "hi"\n/* never closed', "2:1", 'say "hi"\n/* closed */'],
    ["LF106", 'say "Hi {company"', "1:9", 'say "Hi {company}"'],
  ];
  for (const [code, failing, where, passing] of cases) {
    it(`${code} at ${where}`, () => {
      expect(codes(failing)).toEqual([`${code} ${where}`]);
      expect(codes(passing)).toEqual([]);
    });
  }

  it("LF102 says what was expected and what was found, at the line that is wrong, with a hint", () => {
    const [d] = parse('ask company "Which company?"\nsay "next"').diagnostics;
    expect(d!.message).toBe("expected `for`, found the end of the line");
    expect(at(d!.span)).toBe("1:29");
    expect(d!.related.map((r) => `${at(r.span)} ${r.message}`)).toEqual(["2:1 the next statement starts here"]);
    expect(d!.hint).toBe("every question needs a purpose and a lawful basis: `for PURPOSE under BASIS`");
    const [e] = parse("ask company \"Which?\" for quote").diagnostics;
    expect(e!.message).toBe("expected `under`, found the end of the file");
    expect(at(e!.span)).toBe("1:31");
  });

  it("LF102 at a quote meant to be inside a string says to escape it, not what the parser expected next", () => {
    const QUOTE = 'a `"` inside a string ends it: write `\\"` for a quote in the text (`"Your \\"nickname\\"?"`), or use `\'`';
    for (const text of ['ask name "What is your "name"?" for order under contract', 'say "He said "hi" to you"\nend "bye"', 'say "a""b"\nend "bye"']) {
      const ds = parse(text).diagnostics;
      expect(ds.map((d) => d.code), text).toEqual(["LF102"]);
      expect(ds[0]!.hint, text).toBe(QUOTE);
    }
    // A string that is only followed by a word, with a space, is not a stray quote.
    expect(parse('ask name "What is your name?" fr order under contract').diagnostics[0]!.hint).not.toBe(QUOTE);
  });

  it("LF102 after a whole statement or item reads as a sentence and says what to do", () => {
    const one = (text: string) => {
      const ds = parse(text).diagnostics;
      expect(ds, text).toHaveLength(1);
      return [ds[0]!.message, ds[0]!.hint];
    };
    expect(one('end done "Thanks!" as ok 2')).toEqual([
      "did not expect the number `2` here",
      "what comes before it is already whole: remove this, or start the next statement on a line of its own",
    ]);
    expect(one('end done "Thanks!" "bye"')[0]).toBe("did not expect a string here");
    expect(one('purpose p "P" {\n  basis contract\n  needs name, email phone\n  retain 30 days\n}')).toEqual([
      "did not expect `phone` here",
      "separate the items of a list with commas: `, phone`",
    ]);
    expect(one('purpose p "P" {\n  basis consent\n  withdraw on "stop" "unsubscribe"\n  retain until withdrawn\n}')[1]).toBe(
      'separate the items of a list with commas: `, "unsubscribe"`',
    );
    expect(one('purpose p "P" {\n  basis contract\n  retain 1 month 2 days\n}')).toEqual([
      "did not expect the number `2` here",
      "a purpose keeps its data for one period: `retain 30 days`, `retain session`, `retain until withdrawn` or `retain 2 years or until withdrawn`",
    ]);
    expect(one('purpose p "P" {\n  basis contract "x" "y"\n  retain 1 month\n}')[1]).toBe(
      "the purpose item before it is already whole: remove this, or put the next item on a line of its own",
    );
  });

  it("LF102 hints the field type or unit of time meant, and a comma left at the end of a line", () => {
    const hint = (text: string) => {
      const ds = parse(text).diagnostics;
      expect(ds, text).toHaveLength(1);
      return ds[0]!.hint;
    };
    expect(hint("field email: emial")).toBe("did you mean `email`?");
    expect(hint('field name: string "your name"')).toBe("did you mean `text(200)`?");
    expect(hint("field ok: boolean")).toBe("did you mean `yesno`?");
    const purpose = (retain: string) => `purpose p "P" {\n  basis consent\n  ${retain}\n}`;
    expect(hint(purpose("retain 30 dys"))).toBe("did you mean `days`?");
    expect(hint(purpose("retain 2 yrs"))).toBe("did you mean `years`?");
    expect(hint(purpose("retain until withdrawn\n  consent valid 6 mths"))).toBe("did you mean `months`?");
    expect(hint(purpose("retain 48 hours"))).toBe(
      "periods are counted in days, weeks, months or years; for data kept only while the conversation lasts, write `retain session`",
    );
    expect(hint('ask name "Name?" for order under contract,\nconsent news "May we?"')).toBe(
      "remove the `,` at the end of line 1: it carries the list on into the next line",
    );
    expect(hint('purpose p "P" {\n  basis contract\n  needs name, email,\n  retain 30 days\n}')).toBe(
      "remove the `,` at the end of line 3: it carries the list on into the next line",
    );
  });

  it("LF102 at a misspelt keyword says which: at the start of a purpose item, and where a keyword was expected", () => {
    const hint = (text: string) => {
      const ds = parse(text).diagnostics;
      expect(ds, text).toHaveLength(1);
      return ds[0]!.hint;
    };
    const purpose = (items: string) => `purpose p "P" {\n  basis contract\n${items}\n}`;
    // After a whole list, a misspelt item on the next line is not the list's next name.
    expect(hint(purpose("  needs a, b\n  retian 30 days"))).toBe("did you mean `retain`?");
    expect(hint(purpose("  neds a, b\n  retain 30 days"))).toBe("did you mean `needs`?");
    expect(hint('ask a "A?" fro p under contract')).toBe("did you mean `for`?");
    // Inside a block, what was expected is any item, not the grammar's first (`basis`).
    const [stray] = parse('purpose p "P" {\n  {\n  basis contract\n  retain 30 days\n}').diagnostics;
    expect(stray!.message).toMatch(/^expected a purpose item \(`basis`, `needs`, .*\), found `\{`$/);
    expect(hint('controller "Acme" contcat "privacy@acme.example"')).toBe("did you mean `contact`?");
  });

  it("hints name the user's own purposes and bases", () => {
    const flow = `purpose reply "Answer you" { basis contract  needs email  retain 30 days }
purpose news "Newsletter" { basis consent  needs email, company  retain until withdrawn }
field email: email
field company: text(100)
`;
    const hint = (steps: string) => parse(flow + steps).diagnostics.map((d) => d.hint);
    expect(hint('ask email "Your email?"\nend "bye"')).toEqual(["every question needs a purpose and a lawful basis: `for reply under contract`"]);
    // The purpose that needs the field is the one suggested.
    expect(hint('ask company "Your company?"\nend "bye"')).toEqual(["every question needs a purpose and a lawful basis: `for news under consent`"]);
    expect(hint('ask email "Your email?" for news\nend "bye"')).toEqual(["name the lawful basis the purpose rests on: `for news under consent`"]);
    expect(hint('consent news\nend "bye"')).toEqual(['a consent step asks for one purpose: `consent news "May we …?"`']);
    expect(hint('ask email for reply under contract')).toEqual(['an ask names the field, then the question: `ask email "…?" for reply under contract`']);
  });

  it("a text field without its length gets a hint", () => {
    const [d] = parse('field notes: text "your notes"').diagnostics;
    expect(d!.message).toBe("expected `(`, found a string");
    expect(d!.hint).toBe("a text field says how long an answer may be: `text(200)`");
  });

  it("suggests the keyword a typo meant", () => {
    const [d] = parse('sya "hi"').diagnostics;
    expect(d!.message).toMatch(/^expected a declaration or a step .* found `sya`$/);
    expect(d!.hint).toBe("did you mean `say`?");
  });

  it("does not repeat a lexical error as a parse error", () => {
    expect(codes("say 'hi'\nend \"bye\"")).toEqual(["LF101 1:5"]);
    expect(codes('ask x # "q" for p under contract')).toEqual(["LF101 1:7"]);
    expect(codes('ask x "Question? for p under contract\nsay "next"')).toEqual(["LF103 1:7"]);
  });

  it("still reports string mistakes inside a broken item", () => {
    expect(codes('ask x "Hi {name" for p\nsay "next"')).toEqual(["LF106 1:11", "LF102 1:23"]);
  });
});

describe("recovery", () => {
  it("reports every broken item in one run and keeps the rest", () => {
    const r = parse(`flow F version "1.0.0"
purpose quote "Q" {
  basis contract
  retain forever
  needs email
}
field email email
field name: text(50)
ask email "E?" for quote
say "between"
if a == -> x
ask name "N?" for quote under contract
goto 5
end "bye"`);
    expect(r.diagnostics.map((d) => `${d.code} ${at(d.span)}`)).toEqual(["LF102 4:10", "LF102 7:13", "LF102 9:25", "LF102 11:9", "LF102 13:6"]);
    expect(r.ast.declarations.map((d) => d.kind)).toEqual(["flow", "purpose", "field"]);
    const quote = r.ast.declarations[1]!;
    expect(quote.kind === "purpose" && quote.items.map((i) => i.kind)).toEqual(["basis", "needs"]);
    expect(r.ast.steps.map((s) => s.kind)).toEqual(["say", "ask", "end"]);
  });

  it("closes a purpose whose `}` is missing at the next declaration", () => {
    const r = parse('purpose p "P" {\n  basis consent\nfield e: email\nsay "x"');
    expect(r.diagnostics.map((d) => `${d.code} ${at(d.span)}`)).toEqual(["LF102 3:1"]);
    expect(r.diagnostics[0]!.related.map((x) => at(x.span))).toEqual(["1:1"]);
    expect(r.ast.declarations.map((d) => d.kind)).toEqual(["purpose", "field"]);
    expect(r.ast.steps).toHaveLength(1);
  });

  it("treats `consent valid` at the start of a line as a purpose item, `consent ID` as a step", () => {
    const r = parse('purpose p "P" {\n  basis consent\n  consent valid 6 months\n}\nconsent p "ok?"');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.steps.map((s) => s.kind)).toEqual(["consent"]);
  });

  it("reports a stray token between items", () => {
    expect(codes('say "a" "b"\nsay "c"\n}\nsay "d"')).toEqual(["LF102 1:9", "LF102 3:1"]);
    expect(parse('say "a" "b"\nsay "c"\n}\nsay "d"').ast.steps).toHaveLength(3);
  });

  it("reports the end of the file inside an item", () => {
    expect(codes('purpose p "P" {\n  basis consent')).toEqual(["LF102 2:16"]);
    expect(codes("field x:")).toEqual(["LF102 1:9"]);
  });

  it("handles empty and comment-only files", () => {
    expect(parse("").ast).toMatchObject({ declarations: [], steps: [] });
    expect(codes("// nothing\n/* here */\n")).toEqual([]);
  });
});

describe("limits", () => {
  it("parses 1,000-deep parentheses without crashing: a diagnostic, not a throw", () => {
    const deep = "(".repeat(1000) + "a == 1" + ")".repeat(1000);
    const r = parse(`if ${deep} -> x\nsay "after"`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["LF102"]);
    expect(r.diagnostics[0]!.message).toMatch(/nesting too deep/);
    expect(r.ast.steps.map((s) => s.kind)).toEqual(["say"]);
  });

  it("refuses 1,000 `not`s the same way, and accepts reasonable nesting", () => {
    expect(parse(`if ${"not ".repeat(1000)}a == 1 -> x`).diagnostics[0]!.message).toMatch(/nesting too deep/);
    const ok = parse(`if ${"(".repeat(50)}not a == 1${")".repeat(50)} -> x`);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.ast.steps[0]!.kind).toBe("if");
  });

  it("parses a long flat flow of steps (no recursion per step)", () => {
    const text = Array.from({ length: 20000 }, (_, i) => `say s${i}: "step ${i}"`).join("\n");
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.steps).toHaveLength(20000);
  });

  it("parses a long `and` chain into a shallow tree, operands in source order", () => {
    const r = parse(`if ${Array.from({ length: 2000 }, (_, i) => `a${i} == ${i}`).join(" and ")} -> x`);
    expect(r.diagnostics).toEqual([]);
    const step = r.ast.steps[0]!;
    if (step.kind !== "if") throw new Error("not an if");
    const names: string[] = [];
    const walk = (c: typeof step.condition, depth: number): number => {
      if (c.kind === "and" || c.kind === "or") return Math.max(walk(c.left, depth + 1), walk(c.right, depth + 1));
      if (c.kind === "compare" && c.left.kind === "name") names.push(c.left.name.text);
      return depth;
    };
    expect(walk(step.condition, 0)).toBeLessThanOrEqual(11);
    expect(names).toEqual(Array.from({ length: 2000 }, (_, i) => `a${i}`));
  });
});

describe("robustness", () => {
  function checkResult(text: string) {
    const file = sourceFile("fuzz.flow", text);
    const r = parseFlow(file);
    expect(r.diagnostics.filter((d) => d.code === "LF900")).toEqual([]);
    for (const d of r.diagnostics) {
      expect(d.span!.start).toBeGreaterThanOrEqual(0);
      expect(d.span!.end).toBeLessThanOrEqual(text.length);
      expect(d.span!.start).toBeLessThanOrEqual(d.span!.end);
    }
    for (const s of r.ast.steps) expect(s.span.end).toBeLessThanOrEqual(text.length);
  }

  it("never throws on random text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), checkResult), { seed: 20240601, numRuns: 300 });
  });

  const pieces = [
    "flow", "version", "controller", "contact", "dpo", "security", "use", "purpose", "field", "basis", "needs", "retain", "session",
    "until", "withdrawn", "or", "and", "not", "consent", "valid", "shared", "with", "transfer", "to", "under", "withdraw", "on",
    "condition", "category", "subjects", "automated", "days", "text", "email", "integer", "choice", "special", "say", "ask", "if",
    "goto", "end", "for", "optional", "when", "retry", "then", "given", "refused", "as", "known", "x", "y1", "_z", "12", "-3.5",
    '"s"', '"{x}"', '"\\q"', '"open', "'q'", "==", "!=", "<", "<=", ">", ">=", "->", "..", ".", ":", ",", "(", ")", "{", "}", "/*",
    "*/", "//", "@", "\n", " ",
  ];
  it("never throws on random token soup", () => {
    const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((xs) => xs.join(" "));
    fc.assert(fc.property(soup, checkResult), { seed: 7, numRuns: 300 });
  });

  it("never throws on the example with random bytes removed", () => {
    const lead = readFileSync(leadPath, "utf8");
    const cut = fc.array(fc.nat({ max: lead.length - 1 }), { minLength: 1, maxLength: 8 }).map((cuts) => {
      let t = lead;
      for (const c of cuts) t = t.slice(0, c % t.length) + t.slice((c % t.length) + 1 + (c % 7));
      return t;
    });
    fc.assert(fc.property(cut, checkResult), { seed: 42, numRuns: 300 });
  });

  it("parses a generated 10,000-line flow quickly", () => {
    const text = generateFlow(10000);
    parseFlow(sourceFile("warm.flow", text));
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const c0 = process.cpuUsage();
      const r = parseFlow(sourceFile("big.flow", text));
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
      expect(r.diagnostics).toEqual([]);
    }
    // A loose floor (tests run on loaded machines); it catches quadratic mistakes, the benchmark measures speed.
    expect(10000 / (best / 1000)).toBeGreaterThan(10000);
  });
});
