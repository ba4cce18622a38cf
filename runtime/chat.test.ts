import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { LawflowError, createConversation } from "./index.ts";
import { chatReader } from "./chat.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";

describe("raw chat input, an entry of its own", () => {
  it("needs the chat reader: answerText without it is a clear refusal, and typed answers need none", () => {
    const c = createConversation(leadCapture);
    expect(() => c.answerText("Acme")).toThrow(expect.objectContaining({ code: "no_chat" }));
    expect(() => c.answerText("Acme")).toThrow(LawflowError);
    expect(c.prompt.step).toBe("company");
    expect(c.answer("company", "Acme")).toMatchObject({ ok: true, prompt: { step: "plan" } });
  });

  it("reads with the reader handed in: commands, phrases, and answers typed as text", () => {
    const c = createConversation(leadCapture, { chatReader });
    expect(c.answerText("Acme")).toMatchObject({ ok: true, prompt: { step: "plan" } });
    expect(c.answerText("PRO!")).toMatchObject({ ok: true, prompt: { step: "birth_year" } });
    expect(c.answerText("nineteen ninety")).toMatchObject({ ok: false, code: "not_integer" });
    expect(c.answerText("skip")).toMatchObject({ ok: true, command: "skip", prompt: { step: "newsletter" } });
    expect(c.answerText("maybe")).toMatchObject({ ok: false, code: "not_yesno" });
    expect(c.answerText("What do you know about me?")).toMatchObject({ ok: true, command: "export" });
  });

  it("costs the core nothing: the runtime's bundle holds no chat phrase code", async () => {
    const out = await build({ entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))], bundle: true, format: "esm", platform: "neutral", write: false, metafile: true, logLevel: "silent" });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((f) => f.endsWith("runtime/validate.ts"))).toBe(true);
    expect(inputs.filter((f) => f.endsWith("runtime/commands.ts") || f.endsWith("runtime/chat.ts"))).toEqual([]);
  });
});
