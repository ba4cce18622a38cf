/**
 * Bounded compiler fuzzing with fixed seeds, part of every test run; the
 * long run with fresh seeds is `npm run fuzz`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleFlows, mutatedExample, randomUnicode, tokenSoup } from "./inputs.ts";
import { judgeCompile } from "./properties.ts";

const property = (input: fc.Arbitrary<string>) =>
  fc.property(input, (text) => {
    const verdict = judgeCompile(text);
    if (!verdict.ok) throw new Error(`${verdict.problem}\n--- input ---\n${JSON.stringify(text)}`);
  });

describe("the compiler on hostile input", () => {
  it("has example flows to mutate", () => {
    expect(exampleFlows.length).toBeGreaterThanOrEqual(1);
    for (const flow of exampleFlows.slice(0, 1)) expect(judgeCompile(flow)).toEqual({ ok: true });
  });

  it("never throws on token soup", () => {
    fc.assert(property(tokenSoup), { seed: 20261129, numRuns: 400 });
  });

  it("never throws on mutated examples", () => {
    fc.assert(property(mutatedExample), { seed: 7, numRuns: 400 });
  });

  it("never throws on random Unicode", () => {
    fc.assert(property(randomUnicode), { seed: 99, numRuns: 300 });
  });

  it("survives deep nesting and long lines", () => {
    const deep = `flow D version "1.0.0"\nif ${"(".repeat(5000)}known(x)${")".repeat(5000)} -> a\n`;
    expect(judgeCompile(deep).ok).toBe(true);
    const nots = `flow D version "1.0.0"\nif ${"not ".repeat(5000)}known(x) -> a\n`;
    expect(judgeCompile(nots).ok).toBe(true);
    const ands = `flow D version "1.0.0"\nif ${Array.from({ length: 5000 }, () => "known(x)").join(" and ")} -> a\n`;
    expect(judgeCompile(ands).ok).toBe(true);
    const longString = `flow D version "1.0.0"\nsay "${"a".repeat(1_000_000)}\n`;
    expect(judgeCompile(longString).ok).toBe(true);
    const braces = `say "${"{".repeat(100_000)}"`;
    expect(judgeCompile(braces).ok).toBe(true);
  });
});
