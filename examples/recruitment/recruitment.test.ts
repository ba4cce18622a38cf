/**
 * The recruitment example compiles without a diagnostic, and its notice,
 * record and conversation say what the law asks of each purpose: one
 * question serving purposes whose consent differs (each keeps only what it
 * was given), an Art. 9(2) condition with the law it rests on, and a solely
 * automated decision told apart from profiling.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFile, renderDocument } from "../../compiler/index.ts";
import { createConversation } from "../../runtime/index.ts";
import { chatReader } from "../../runtime/chat.ts";

const path = fileURLToPath(new URL("./recruitment.flow", import.meta.url));
const compiled = compileFile(path);

describe("examples/recruitment", () => {
  it("compiles without a diagnostic: one question for a contract purpose and a consent purpose needs no copies (Art. 6(1)(a), EDPB 05/2020 §121)", () => {
    expect(compiled.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it("refusing the talent pool keeps the application going, and the pool gets nothing (Art. 7(4), Art. 6(1)(a))", () => {
    const c = createConversation(compiled.machine!, { chatReader, clock: () => new Date(Date.UTC(2026, 0, 5)), method: "web-chat" });
    c.answerText("Ada");
    c.answerText("yes");
    expect(c.prompt).toMatchObject({ kind: "consent", step: "talent_pool" });
    c.answerText("no");
    expect(c.prompt).toMatchObject({ kind: "ask", step: "email", purposes: [{ purpose: "application" }] });
    c.answerText("ada@example.com");
    c.answerText("Eight years of long-haul driving");
    c.answerText("skip");
    expect(c.prompt).toMatchObject({ kind: "consent", step: "monitoring" });
    c.answerText("no");
    expect(c.outcome).toBe("thanks");
    expect(c.dataFor("application")).toEqual({ name: "Ada", licence: true, email: "ada@example.com", experience: "Eight years of long-haul driving" });
    expect(c.dataFor("shortlist")).toEqual({ experience: "Eight years of long-haul driving" });
    expect(c.dataFor("talent_pool")).toEqual({});
    expect(c.dataFor("monitoring")).toEqual({});
  });

  it("consenting to the talent pool keeps the name already given, through the step that names it, and the later answers (Art. 5(1)(b), Art. 6(1)(a))", () => {
    const c = createConversation(compiled.machine!, { chatReader, clock: () => new Date(Date.UTC(2026, 0, 5)), method: "web-chat" });
    c.answerText("Ada");
    c.answerText("yes");
    expect(c.dataFor("talent_pool")).toEqual({});
    c.answerText("yes");
    expect(c.dataFor("talent_pool")).toEqual({ name: "Ada" });
    c.answerText("ada@example.com");
    c.answerText("Eight years of long-haul driving");
    expect(c.dataFor("talent_pool")).toEqual({ name: "Ada", email: "ada@example.com", experience: "Eight years of long-haul driving" });
    // Leaving the pool takes everything from it, and the application keeps what it was given.
    c.answerText("leave the pool");
    expect(c.dataFor("talent_pool")).toEqual({});
    expect(c.dataFor("application")).toMatchObject({ name: "Ada", email: "ada@example.com" });
  });

  it("the notice states the decision's logic, consequences and Art. 22(2)(a) exception, the profiling as profiling, and the Art. 9(2)(b) law (Art. 13(2)(f), Art. 9(2)(b))", async () => {
    const notice = await renderDocument("notice", "md", [compiled.program!]);
    expect(notice).toContain("What it means for you: Without that licence the application ends at once and you are told why; nobody reads the rest. It is necessary to enter into or perform our contract with you (Art. 22(2)(a)).");
    expect(notice).toContain("You can ask for a person to review such a decision, give your view and contest it (Art. 22(3)).");
    expect(notice).toContain("We use profiling — evaluating aspects of you by automated means (Art. 4(4))");
    expect(notice).toContain(
      "the Art. 9(2)(b) condition: obligations in employment, social security and social protection law (Equality Act 2010, s. 20: the duty to make reasonable adjustments for disabled applicants)",
    );
    expect(notice).toContain("the Art. 9(2)(a) condition: explicit consent");
  });
});
