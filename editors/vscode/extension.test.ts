/**
 * The VS Code extension: its manifest, its TextMate grammar (every keyword
 * of the language highlighted, every pattern a valid regular expression)
 * and its language configuration; and the build that packs it as a .vsix.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONTEXTUAL_WORDS, KEYWORD_WORDS } from "../../compiler/syntax/tokens.ts";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const manifest = JSON.parse(readFileSync(here("package.json"), "utf8"));
const grammar = JSON.parse(readFileSync(here("syntaxes/lawflow.tmLanguage.json"), "utf8"));

/** Every `match`, `begin` and `end` pattern of the grammar. */
function patterns(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) patterns(n, out);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if ((k === "match" || k === "begin" || k === "end") && typeof v === "string") out.push(v);
      else patterns(v, out);
    }
  }
  return out;
}

describe("the VS Code extension", () => {
  it("declares the language, its grammar and its configuration", () => {
    expect(manifest.contributes.languages[0]).toMatchObject({ id: "lawflow", extensions: [".flow"] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: "lawflow", scopeName: "source.lawflow" });
    expect(existsSync(here(manifest.contributes.grammars[0].path))).toBe(true);
    expect(existsSync(here(manifest.contributes.languages[0].configuration))).toBe(true);
    expect(grammar.scopeName).toBe("source.lawflow");
  });

  it("has a grammar whose patterns are all valid and which highlights every keyword", () => {
    const all = patterns(grammar);
    for (const p of all) expect(() => new RegExp(p), p).not.toThrow();
    const keywordPatterns = patterns(grammar.repository.keywords).map((p) => new RegExp(p));
    for (const word of [...KEYWORD_WORDS, ...CONTEXTUAL_WORDS]) {
      const probe = ["known", "given"].includes(word) ? `${word}(x)` : word;
      expect(keywordPatterns.some((r) => r.test(probe)), word).toBe(true);
    }
  });

  it("comments, brackets and quotes in the language configuration", () => {
    const config = JSON.parse(readFileSync(here("language-configuration.json"), "utf8"));
    expect(config.comments).toEqual({ lineComment: "//", blockComment: ["/*", "*/"] });
    expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(expect.arrayContaining(["{", "(", '"']));
  });

  it("packs into a .vsix", () => {
    const vsix = here("lawflow.vsix");
    rmSync(vsix, { force: true });
    const built = spawnSync(process.execPath, [here("build.mjs")], { encoding: "utf8" });
    expect(built.status, built.stderr + built.stdout).toBe(0);
    // A .vsix is a zip archive with the manifest and the grammar inside.
    const bytes = readFileSync(vsix);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(bytes.includes("extension/syntaxes/lawflow.tmLanguage.json")).toBe(true);
    expect(bytes.includes("extension/dist/extension.js")).toBe(true);
  }, 120_000);
});
