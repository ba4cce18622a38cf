/**
 * The syntax layer sits beneath everything that uses it: its modules import
 * only each other, the source and AST types, the diagnostics, the shared
 * "did you mean" helper, and chevrotain's public API.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = new URL("./", import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
const ALLOWED = /^(\.\/[\w-]+\.ts|\.\.\/source\.ts|\.\.\/ast\.ts|\.\.\/diagnostics\/[\w-]+\.ts|\.\.\/analyses\/suggest\.ts|chevrotain)$/;

describe("the syntax layer", () => {
  it.each(modules)("%s imports nothing from above it", (file) => {
    const text = readFileSync(new URL(file, dir), "utf8");
    const specifiers = [...text.matchAll(/^\s*(?:import|export)[^"']*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(specifiers.filter((s) => !ALLOWED.test(s))).toEqual([]);
  });

  it.each(modules)("%s reaches no private chevrotain API", (file) => {
    const text = readFileSync(new URL(file, dir), "utf8");
    expect(text).not.toMatch(/as unknown as|exportLexerState|importLexerState|currIdx|tokVector/);
  });
});
