import { describe, expect, it } from "vitest";
import { parseFlow } from "../syntax/parse.ts";
import { buildProgram } from "../program.ts";
import { positionAt, sourceFile } from "../source.ts";
import { renderDiagnostic } from "../diagnostics/render.ts";
import { runChecks } from "./index.ts";
import { check, detail, HEADER, only } from "./test-helpers.ts";

// Declarations are lines 3–15; steps start on line 16.
const ok =
  HEADER +
  `purpose quote "Prepare the quote you asked for" {
  basis contract
  needs company, plan
  retain 90 days
  shared with "Acme CRM"
}
purpose news "Email you news \\{weekly\\}" {
  basis consent
  needs company
  retain until withdrawn
}
field company: text(100) "your company name"
field plan: choice(basic "Basic", pro "Pro")
ask company "Which company, {plan}?" for quote under contract
ask plan "Which plan for {company}?" for quote under contract
consent news "News for {company}?"
end "Thanks, {company} on {plan}"
`;

describe("interpolation-in-steps", () => {
  it("passes interpolation in step texts and escaped braces elsewhere", () => {
    // `{plan}` in the first question is held-fields' business (LF213), not this check's.
    expect(only(ok, "LF216")).toEqual([]);
  });

  it("LF216: reports `{field}` in a purpose's description and a field's label, at the `{`", () => {
    const src = ok
      .replace('"Prepare the quote you asked for"', '"Prepare the quote for {company}"')
      .replace('"your company name"', '"the name of {company}"');
    expect(only(src, "LF216")).toEqual(["LF216@3:38", "LF216@14:39"]);
    const [why, label] = detail(src, "LF216");
    expect(why!.message).toBe(
      "`{company}` in a purpose's description is never filled in: it is shown as written in the privacy notice and with every question for the purpose",
    );
    expect(why!.hint).toBe("only the texts of steps are filled in: show `company` in a `say`, a question or an `end`, or write `\\{company\\}` for the braces themselves");
    expect(why!.span!.end - why!.span!.start).toBe("{company}".length);
    expect(label!.message).toBe("`{company}` in a field's label is never filled in: it is shown as written in the privacy notice and the record of processing");
  });

  it("LF216: reports a name that is not a field, and is the only code for it", () => {
    const src = ok.replace('"Prepare the quote you asked for"', '"Prepare the quote for {you}"');
    expect(only(src, "LF216")).toEqual(["LF216@3:38"]);
    expect(only(src, "LF202")).toEqual([]);
    expect(detail(src, "LF216")[0]!.hint).toBe("`you` is not a field either; write `\\{you\\}` for the braces themselves");
  });

  it("LF216: reports the other published texts: choice labels, recipients, the controller", () => {
    const src = ok
      .replace('pro "Pro"', 'pro "Pro for {company}"')
      .replace('shared with "Acme CRM"', 'shared with "{company}"')
      .replace('controller "Acme Ltd"', 'controller "Acme Ltd for {plan}"');
    expect(only(src, "LF216")).toEqual(["LF216@2:26", "LF216@7:16", "LF216@15:48"]);
    expect(detail(src, "LF216").map((d) => d.message.split(" is never")[0])).toEqual([
      "`{plan}` in the controller's name",
      "`{company}` in a recipient",
      "`{company}` in a choice's label",
    ]);
  });

  it("LF216: reports a text in a used policy file in that file", () => {
    const policy = sourceFile("policy.flow", 'purpose quote "Quote for {company}" { basis contract  needs company  retain 90 days }\nfield company: text(100)\n');
    const main = sourceFile("main.flow", HEADER + 'ask company "Company?" for quote under contract\nend "Thanks"\n');
    const found = runChecks(buildProgram(parseFlow(main).ast, [parseFlow(policy).ast])).filter((d) => d.code === "LF216");
    expect(found.map((d) => `${d.path}@${positionAt(d.span!.file, d.span!.start).column}`)).toEqual(["policy.flow@26"]);
  });

  it("LF219: warns at `${field}` in a step's text, which shows a `$` before the value", () => {
    const src = ok.replace('"Thanks, {company} on {plan}"', '"Thanks, ${company} on {plan}"');
    expect(only(src, "LF219")).toEqual(["LF219@19:14"]);
    const [d] = detail(src, "LF219");
    expect(d!.severity).toBe("warning");
    expect(d!.message).toBe("`${company}` shows a `$` before the value of `company`: Lawflow fills in `{company}`, and the `$` is text");
    expect(d!.hint).toBe("write `{company}` to show the value alone; if the `$` is meant (an amount in dollars), write it as `\\u{24}{company}`");
    expect(d!.span!.end - d!.span!.start).toBe("${company}".length);
    // The other step texts, and the rest of the flow, are unchanged: one warning, and no other code.
    expect(check(src).filter((c) => !c.startsWith("LF219@"))).toEqual(check(ok));
  });

  it("LF219: not for `{field}` alone, a `$` elsewhere, an escaped `$`, or `$\\{…\\}`", () => {
    expect(only(ok, "LF219")).toEqual([]);
    const src = ok
      .replace('"Thanks, {company} on {plan}"', '"Thanks, \\u{24}{company} on $ {plan}, $5"')
      .replace('"News for {company}?"', '"News for $\\{company\\}?"');
    expect(only(src, "LF219")).toEqual([]);
  });

  it("LF219: in a question and a consent request too, and LF216 alone outside the steps", () => {
    const src = ok.replace('"Which plan for {company}?"', '"Which plan for ${company}?"').replace('"News for {company}?"', '"News for ${company}?"');
    expect(only(src, "LF219")).toEqual(["LF219@17:26", "LF219@18:24"]);
    const published = ok.replace('"Prepare the quote you asked for"', '"Prepare the quote for ${company}"');
    expect(only(published, "LF219")).toEqual([]);
    expect(only(published, "LF216")).toEqual(["LF216@3:39"]);
  });

  it("LF216: renders with a code frame under the whole `{…}`", () => {
    const src = ok.replace('"Prepare the quote you asked for"', '"Prepare the quote for {company}"');
    const text = renderDiagnostic(detail(src, "LF216")[0]!, { color: false });
    expect(text).toContain("error[LF216]: `{company}` in a purpose's description is never filled in");
    expect(text).toContain("--> test.flow:3:38");
    expect(text).toContain('3 | purpose quote "Prepare the quote for {company}" {');
    expect(text).toMatch(/\| {38}\^{9}\n/);
    expect(text).toContain("= hint: only the texts of steps are filled in");
  });
});
