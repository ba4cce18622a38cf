/**
 * Every diagnostic's text comes from the catalogue of messages: a code is
 * reported only through a key of `messages.ts`, whose code is in the
 * catalogue, and no check, analysis, document or command writes a message,
 * hint or note itself.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checks } from "../checks/index.ts";
import { catalogue, type DiagnosticCode } from "./catalogue.ts";
import { DiagnosticBag, fill, messages, note, report, type MessageKey } from "./messages.ts";
import { sourceFile, span } from "../source.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The source files that may report diagnostics: every non-test TypeScript file of the compiler, the CLI, the server and the plugins. */
function sources(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts")) out.push({ path: relative(root, full), text: readFileSync(full, "utf8") });
    }
  };
  for (const dir of ["compiler", "cli", "lsp", "bundler", "prettier"]) walk(join(root, dir));
  return out.filter((f) => !f.path.startsWith(join("compiler", "diagnostics")));
}

/** Lines of `text` matching `pattern`, as `path:line: text`, comments left out. */
function offending(files: { path: string; text: string }[], pattern: RegExp): string[] {
  const out: string[] = [];
  for (const f of files) {
    f.text.split("\n").forEach((line, i) => {
      const code = line.replace(/^\s*(\/\/|\*|\/\*\*).*$/, "");
      if (pattern.test(code)) out.push(`${f.path}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

const keys = Object.keys(messages) as MessageKey[];

describe("the catalogue of messages", () => {
  it("files every message under a code of the catalogue", () => {
    const unknown = keys.filter((k) => !(messages[k].code in catalogue));
    expect(unknown).toEqual([]);
  });

  it("has a message for every code of the catalogue, so every code can be reported", () => {
    const reported = new Set(keys.filter((k) => messages[k].message !== "").map((k) => messages[k].code));
    const silent = (Object.keys(catalogue) as DiagnosticCode[]).filter((c) => !reported.has(c));
    expect(silent).toEqual([]);
  });

  it("files a check's messages under the codes the check declares (keys are `check-name.case`)", () => {
    const wrong: string[] = [];
    for (const check of checks) {
      for (const k of keys) {
        if (!k.startsWith(`${check.name}.`)) continue;
        if (!check.codes.includes(messages[k].code)) wrong.push(`${k} (${messages[k].code}) is not among the codes of ${check.name}: ${check.codes.join(", ")}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("is the only place message text is written: no call site builds a message, a hint or a note", () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    // A diagnostic made from a code and text, not from a key.
    expect(offending(files, /\b(diagnostic|report)\(\s*["'`]LF\d{3}/)).toEqual([]);
    expect(offending(files, /(?<![.\w])diagnostic\(/)).toEqual([]);
    // A related place or a hint written out at the call site.
    expect(offending(files, /\bmessage:\s*["'`]/)).toEqual([]);
    expect(offending(files, /\bhint:\s*["'`]/)).toEqual([]);
  });

  it("catches a check that writes its own text (the scan above can fail)", () => {
    const bad = [{ path: "compiler/checks/x.ts", text: 'bag.report("LF202", `unknown field`, { span, hint: "declare it" });\nrelated.push({ span, message: "here" });' }];
    expect(offending(bad, /\b(diagnostic|report)\(\s*["'`]LF\d{3}/)).toHaveLength(1);
    expect(offending(bad, /\bhint:\s*["'`]/)).toHaveLength(1);
    expect(offending(bad, /\bmessage:\s*["'`]/)).toHaveLength(1);
  });

  it("fills typed placeholders, including `{{{name}}}` for a name in literal braces", () => {
    expect(fill("`{{{name}}}` in {{what}}", { name: "company", what: "a purpose" })).toBe("`{company}` in a purpose");
    const d = report("interpolation-in-steps.field", { name: "company", what: "a purpose's description", how: "shown as written" });
    expect(d.code).toBe("LF216");
    expect(d.message).toBe("`{company}` in a purpose's description is never filled in: it is shown as written");
    expect(d.hint).toContain("`\\{company\\}`");
  });

  it("reports through the bag with the entry's code, severity and hint, and notes from the catalogue", () => {
    const file = sourceFile("a.flow", "purpose quote");
    const bag = new DiagnosticBag();
    bag.report("known-purposes.unknown", { name: "qoute" }, { span: span(file, 8, 13), related: [note("basis-matches.declaredHere", { purpose: "quote" }, span(file, 0, 7))] });
    const [d] = bag.items;
    expect(d).toMatchObject({ code: "LF203", severity: "error", message: "unknown purpose `qoute`", hint: 'declare it: `purpose qoute "why we ask" { basis … }`' });
    expect(d!.related[0]!.message).toBe("`quote` declares its basis here");
  });
});
