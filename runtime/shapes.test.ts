/**
 * Replies and prompts of different conversations share V8's hidden classes
 * (docs/runtime.md, "Speed"). An object literal with a getter of its own
 * gets a hidden class of its own, which V8 keeps in old space with all that
 * the getter reaches: a consent decision's reply made that way kept its
 * conversation's whole state out of the young generation, and collecting
 * it took a quarter of an answer's time. Checked with V8's own
 * `%HaveSameMap`, in a child `node` run with `--allow-natives-syntax`, on
 * the runtime bundled as users run it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "lawflow-shapes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `check` (which may use V8's natives) in a child node beside the runtime and the lead-capture machine; returns what it prints. */
async function inV8(check: string): Promise<string> {
  await build({
    stdin: {
      contents: `export * from "./runtime/index.ts"; export { leadCapture } from "./test/runtime/test-machines.ts";`,
      resolveDir: fileURLToPath(new URL("..", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: join(dir, "runtime.mjs"),
    logLevel: "silent",
  });
  writeFileSync(join(dir, "check.mjs"), `import * as rt from "./runtime.mjs";\n${check}`);
  return execFileSync(process.execPath, ["--allow-natives-syntax", join(dir, "check.mjs")], { encoding: "utf8" }).trim();
}

describe("hidden classes", () => {
  it("a consent decision's reply, with its receipt code, has the same hidden class in every conversation", async () => {
    const out = await inV8(`
      const reply = () => {
        const c = rt.createConversation(rt.leadCapture);
        c.answer("company", "Initech");
        c.answer("plan", "pro");
        c.answer("birth_year", 1990);
        return c.answer("newsletter", true);
      };
      const a = reply(), b = reply();
      console.log(JSON.stringify({ receipt: Object.keys(a).includes("receipt") && JSON.parse(JSON.stringify(a)).receipt === a.receipt, reply: %HaveSameMap(a, b), prompt: %HaveSameMap(a.prompt, b.prompt) }));
    `);
    expect(JSON.parse(out)).toEqual({ receipt: true, reply: true, prompt: true });
  });
});
