/**
 * No string ever becomes code. Two proofs:
 *
 * 1. The project's source never calls `eval`, `new Function` or `Function(…)`
 *    (a scan of every TypeScript and JavaScript file we ship or run).
 * 2. A generated module and the runtime run a whole conversation inside a
 *    `node:vm` context where code generation from strings is switched off,
 *    so any hidden `eval`, `Function` or string-`setTimeout` would throw.
 */
import { build } from "esbuild";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const scanned = ["compiler", "prettier", "lsp", "runtime", "cli", "bin", "scripts", "examples", "bench"];
const codeFromStrings = /\beval\s*\(|\bnew\s+Function\s*\(|(?<![.\w])Function\s*\(/;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

describe("no code from strings", () => {
  it("the source never calls eval or the Function constructor", () => {
    const offenders: string[] = [];
    let files = 0;
    for (const dir of scanned) {
      let entries: Generator<string>;
      try {
        statSync(join(root, dir));
        entries = sourceFiles(join(root, dir));
      } catch {
        continue;
      }
      for (const file of entries) {
        files++;
        readFileSync(file, "utf8")
          .split("\n")
          .forEach((line, i) => {
            const code = line.replace(/\/\/.*$/, "");
            if (codeFromStrings.test(code)) offenders.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(files).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it("the scan would catch a call", () => {
    expect(codeFromStrings.test("const f = new Function('return 1')")).toBe(true);
    expect(codeFromStrings.test("eval(s)")).toBe(true);
    expect(codeFromStrings.test("x.evaluate(s)")).toBe(false);
  });

  it("a generated module and the runtime run with code generation from strings disabled", async () => {
    const flow = readFileSync(join(root, "examples/lead-capture/lead.flow"), "utf8");
    const compiled = compileSource(flow, "lead.flow");
    expect(compiled.ok).toBe(true);
    const bundle = await build({
      stdin: {
        contents: `${compiled.typescript}\nimport { chatReader } from "lawflow/runtime/chat";\nexport const probe = { start: startLeadCapture, restore: restoreLeadCapture, chatReader };`,
        loader: "ts",
        resolveDir: root,
        sourcefile: "lead.flow.ts",
      },
      alias: { "lawflow/runtime": join(root, "runtime/index.ts"), "lawflow/runtime/chat": join(root, "runtime/chat.ts") },
      bundle: true,
      format: "iife",
      globalName: "lead",
      platform: "neutral",
      write: false,
      logLevel: "silent",
    });
    const script = bundle.outputFiles[0]!.text;

    // Only what a browser tab also has; the runtime needs no more.
    const context = vm.createContext({ Date, JSON, Math, TextEncoder }, { codeGeneration: { strings: false, wasm: false } });
    // Sanity: the context really refuses code from strings.
    expect(() => vm.runInContext("eval('1 + 1')", context)).toThrow(/Code generation from strings disallowed/);
    expect(() => vm.runInContext("new Function('return 1')", context)).toThrow(/Code generation from strings disallowed/);

    vm.runInContext(script, context);
    const transcript = vm.runInContext(
      `(() => {
        const clock = () => new Date("2026-01-01T00:00:00Z");
        const chat = lead.probe.start({ clock, chatReader: lead.probe.chatReader });
        const seen = [];
        const answers = {
          company: "Initech", plan: "Pro", birth_year: "1990", newsletter: "yes",
          email: "ada@example.com", quote_email: "ada@example.com",
        };
        while (!chat.ended) {
          const p = chat.prompt;
          seen.push(p.step);
          const r = chat.answerText(answers[p.step]);
          if (!r.ok) throw new Error("refused at " + p.step);
        }
        seen.push(chat.prompt.step);
        const copy = lead.probe.restore(chat.snapshot(), { clock });
        return JSON.stringify({ seen, outcome: chat.outcome, receipts: copy.receipts().length, quote: chat.dataFor("quote") });
      })()`,
      context,
    );
    const result = JSON.parse(transcript as string);
    expect(result.seen).toEqual(["company", "plan", "birth_year", "newsletter", "email", "thanks"]);
    expect(result.outcome).toBe("thanks");
    expect(result.receipts).toBeGreaterThanOrEqual(1);
    expect(result.quote).toMatchObject({ company: "Initech", plan: "pro", email: "ada@example.com" });
  });
});
