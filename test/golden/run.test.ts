/**
 * Generated modules run: a scripted conversation through the checked-in
 * lead-capture module, and every stress module (reserved words as names,
 * texts full of escapes, 10,000-character names) shows each text exactly as
 * written. `lawflow/runtime` resolves to runtime/index.ts (vitest.config.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { emitTypeScript } from "../../compiler/codegen/index.ts";
import { flowPrefix } from "../../compiler/codegen/names.ts";
import type { AskNode, MachineDefinition } from "../../runtime/machine.ts";
import { LeadCaptureMachine, restoreLeadCapture, startLeadCapture } from "../../examples/lead-capture/lead.flow.ts";
import { stressMachines } from "./stress.ts";

const clock = () => new Date("2026-03-02T09:30:00.000Z");

describe("the generated lead-capture module", () => {
  it("runs a conversation: quote, newsletter consent, withdrawal, resume", () => {
    const chat = startLeadCapture({ clock, method: "test" });
    expect(chat.prompt).toMatchObject({ step: "company", kind: "ask", messages: ["Hi! I can put a quote together for you."], text: "Which company are you with?" });
    expect(chat.answer("company", "Acme").ok).toBe(true);
    expect(chat.prompt.step).toBe("plan");
    expect(chat.answer("plan", "pro").ok).toBe(true);
    expect(chat.prompt).toMatchObject({ step: "birth_year", optional: true });
    expect(chat.answer("birth_year", null).ok).toBe(true);
    expect(chat.prompt).toMatchObject({ step: "newsletter", kind: "consent", purpose: "newsletter" });
    expect(chat.answer("newsletter", true).ok).toBe(true);
    const prompt = chat.prompt;
    expect(prompt.step).toBe("email");
    if (prompt.step === "email") expect(prompt.purposes.map((p) => p.purpose)).toEqual(["quote", "newsletter"]);

    // A snapshot resumes exactly where it was.
    const resumed = restoreLeadCapture(chat.snapshot(), { clock });
    expect(resumed.prompt).toEqual(chat.prompt);

    expect(chat.answer("email", "ana@example.test").ok).toBe(true);
    expect(chat.ended).toBe(true);
    expect(chat.outcome).toBe("thanks");
    expect(chat.prompt).toMatchObject({ step: "thanks", kind: "end", outcome: "thanks", text: "Thanks, Acme! Your quote is on its way." });
    expect(chat.dataFor("newsletter")).toEqual({ email: "ana@example.test" });
    expect(chat.dataFor("quote")).toEqual({ company: "Acme", plan: "pro", email: "ana@example.test" });
    chat.withdraw("newsletter");
    expect(chat.dataFor("newsletter")).toEqual({});
    expect(chat.dataFor("quote")).toMatchObject({ email: "ana@example.test" });
  });

  it("branches on a choice to the sales call", () => {
    const chat = startLeadCapture({ clock });
    chat.answer("company", "Big Corp");
    chat.answer("plan", "enterprise");
    expect(chat.outcome).toBe("sales_call");
    expect(chat.prompt.text).toBe("Our sales team will call you within one working day.");
  });

  it("is frozen data", () => {
    expect(Object.isFrozen(LeadCaptureMachine)).toBe(true);
    expect(Object.isFrozen(LeadCaptureMachine.nodes[0])).toBe(true);
  });
});

describe("stress modules run and show every text exactly as written", () => {
  const temp = mkdtempSync(join(tmpdir(), "lawflow-run-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  type Module = Record<string, unknown>;
  const load = async (name: string, machine: MachineDefinition): Promise<Module> => {
    const file = join(temp, `${name}.flow.ts`);
    writeFileSync(file, emitTypeScript(machine));
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Module;
  };

  const runnable = Object.entries(stressMachines).filter(([name]) => name !== "wide");
  it.each(runnable)("%s", async (name, machine) => {
    const mod = await load(name, machine);
    const P = flowPrefix(machine.id);
    // The machine round-trips as data: every author string is exactly what was written.
    expect(JSON.stringify(mod[`${P}Machine`])).toBe(JSON.stringify(machine));

    const start = mod[`start${P}`] as (o: object) => {
      prompt: { step: string | null; text: string; messages: readonly string[] };
      answer(step: string, value: unknown): { ok: boolean };
      outcome: unknown;
    };
    const chat = start({ clock });
    const asks = machine.nodes.filter((n): n is AskNode => n.kind === "ask");
    for (const ask of asks) {
      expect(chat.prompt.step).toBe(ask.id);
      expect(chat.prompt.text).toBe(ask.text.join(""));
      expect(chat.answer(ask.id, "v").ok).toBe(true);
    }
    const say = machine.nodes.find((n) => n.kind === "say")!;
    const end = machine.nodes[say.kind === "say" ? say.next : -1]!;
    expect(chat.prompt.messages).toEqual([say.kind === "say" ? say.text.join("") : ""]);
    expect(chat.prompt.step).toBe(end.kind === "end" ? end.id : undefined);
    expect(chat.prompt.text).toBe(end.kind === "end" ? `${end.text[0]}v` : undefined);
    expect(chat.outcome).toBe(end.kind === "end" ? end.outcome : undefined);
  });
});
