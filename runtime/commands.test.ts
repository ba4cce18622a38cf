import { describe, expect, it } from "vitest";
import { PHRASES, command, norm, yesNo } from "./commands.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";
import { createConversation, defineMachine } from "./index.ts";
import { chatReader } from "./chat.ts";

describe("chat commands", () => {
  it("normalises case, punctuation and spacing", () => {
    expect(norm("  What do you KNOW about me?! ")).toBe("what do you know about me");
    expect(norm("don't")).toBe("don t");
  });

  it("recognises the flow's withdrawal phrases first", () => {
    expect(command("STOP", leadCapture)).toEqual({ kind: "withdraw", purpose: "newsletter" });
    expect(command("unsubscribe.", leadCapture)).toEqual({ kind: "withdraw", purpose: "newsletter" });
  });

  it("recognises access and erasure requests", () => {
    for (const s of ["What do you know about me?", "show my data", "My data!"]) expect(command(s, leadCapture), s).toEqual({ kind: "export" });
    for (const s of ["Forget me", "delete my data.", "ERASE MY DATA"]) expect(command(s, leadCapture), s).toEqual({ kind: "erase" });
  });

  it("leaves everything else, and long input, alone", () => {
    for (const s of ["Acme", "stop it now", "", "forget me " + "x".repeat(300)]) expect(command(s, leadCapture), s).toBeUndefined();
  });

  it("reads yes and no", () => {
    expect(yesNo("Yes please", PHRASES)).toBe(undefined);
    expect(yesNo("OK!", PHRASES)).toBe(true);
    expect(yesNo("No thanks.", PHRASES)).toBe(false);
    expect(yesNo("y".repeat(1 << 20), PHRASES)).toBe(undefined);
  });

  it("reads its phrases from the machine, not from a list of its own", () => {
    const french = defineMachine({ ...leadCapture, phrases: { export: ["mes donnees"], erase: ["oubliez moi"], skip: ["passer"], yes: ["oui"], no: ["non"] } });
    expect(command("Oubliez-moi !", french)).toEqual({ kind: "erase" });
    expect(command("forget me", french)).toBeUndefined();
    expect(command("Mes données", french)).toBeUndefined();
    expect(command("mes donnees", french)).toEqual({ kind: "export" });
    expect(yesNo("Oui", french.phrases)).toBe(true);
    expect(yesNo("yes", french.phrases)).toBeUndefined();
    const c = createConversation(french, { chatReader });
    c.answer("company" as never, "Acme" as never);
    c.answer("plan" as never, "pro" as never);
    expect(c.answerText("skip")).toMatchObject({ ok: false, code: "not_integer" });
    expect(c.answerText("Passer")).toMatchObject({ ok: true, command: "skip" });
    expect(c.prompt.step).toBe("newsletter");
    expect(c.answerText("yes")).toMatchObject({ ok: false, code: "not_yesno" });
    expect(c.answerText("oui")).toMatchObject({ ok: true });
  });
});
