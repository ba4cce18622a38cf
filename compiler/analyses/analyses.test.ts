import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factsWhen, walkGuarded } from "./condition-facts.ts";
import { dominators, reversePostorder } from "./dominators.ts";
import { mustAnalysis, type Edge } from "./flow-graph.ts";
import { mustHold } from "./must-bits.ts";
import { searchProduct } from "./product-path.ts";
import { stronglyConnected } from "./scc.ts";
import { didYouMean, editDistance } from "./suggest.ts";
import { graphOf } from "./test-graph.ts";
import type { Condition, Name } from "../ast.ts";
import { sourceFile, span } from "../source.ts";

const s = span(sourceFile("c.flow", ""), 0, 0);
const name = (text: string): Name => ({ text, span: s });
const known = (f: string): Condition => ({ kind: "known", field: name(f), span: s });
const given = (p: string): Condition => ({ kind: "given", purpose: name(p), span: s });
const and = (left: Condition, right: Condition): Condition => ({ kind: "and", left, right, span: s });
const or = (left: Condition, right: Condition): Condition => ({ kind: "or", left, right, span: s });
const not = (operand: Condition): Condition => ({ kind: "not", operand, span: s });
const cmp = (f: string): Condition => ({ kind: "compare", op: "==", left: { kind: "name", name: name(f) }, right: { kind: "number", value: 1, span: s }, span: s });

describe("suggest", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("emial", "email")).toBe(1);
    expect(editDistance("contractual", "contract")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("suggests only close names", () => {
    expect(didYouMean("emial", ["company", "email"])).toBe("email");
    expect(didYouMean("xyz", ["email"])).toBeUndefined();
    expect(didYouMean("Email", ["email"])).toBe("email");
  });
});

describe("condition-facts", () => {
  it("proves facts of conjunctions when true and of disjunctions when false", () => {
    expect([...factsWhen(and(given("a"), cmp("x")), true, "given")]).toEqual(["a"]);
    expect([...factsWhen(or(given("a"), cmp("x")), true, "given")]).toEqual([]);
    expect([...factsWhen(or(given("a"), given("a")), true, "given")]).toEqual(["a"]);
    expect([...factsWhen(not(given("a")), false, "given")]).toEqual(["a"]);
    expect([...factsWhen(not(or(not(known("f")), cmp("x"))), true, "known")]).toEqual(["f"]);
    expect([...factsWhen(known("f"), true, "given")]).toEqual([]);
  });
  it("guards the right operand by what the left proves", () => {
    const seen: string[][] = [];
    walkGuarded(or(and(known("f"), cmp("f")), and(not(known("g")), cmp("g"))), "known", (_c, g) => seen.push([...g]));
    expect(seen).toEqual([["f"], []]);
    const seen2: string[][] = [];
    walkGuarded(or(not(known("g")), cmp("g")), "known", (_c, g) => seen2.push([...g]));
    expect(seen2).toEqual([["g"]]);
  });
});

describe("must-bits", () => {
  // 0 → 1 → 3, 0 → 2 → 3; fact f generated on 0→1 only, fact g on both branches.
  const diamond = graphOf(4, [[0, 1], [0, 2], [1, 3], [2, 3]]);
  it("holds a fact only when every path generates it", () => {
    const gen = (e: Edge) => (e.from === 0 && e.to === 1 ? { gen: [0, 1] } : e.from === 0 ? { gen: [1] } : undefined);
    expect(mustHold(diamond, 2, gen, [{ step: 1, fact: 0 }, { step: 3, fact: 0 }, { step: 3, fact: 1 }, { step: 0, fact: 1 }])).toEqual([true, false, true, false]);
  });
  it("handles every bit of a word and facts in later chunks (bit 31, fact 300)", () => {
    const facts = [0, 31, 32, 255, 256, 300];
    const gen = (e: Edge) => (e.from === 0 ? { gen: facts } : e.from === 1 ? { kill: [31, 300] } : undefined);
    const q = facts.map((fact) => ({ step: 3, fact }));
    expect(mustHold(diamond, 301, gen, q)).toEqual([true, false, true, true, true, false]);
  });
  it("answers facts generated on one edge and killed on none from the dominator tree, sweeping nothing", () => {
    // A chain 0 → 1 → … → n−1 with a skip 0 → 2: fact k is generated on the edge k → k+1 and read at every step.
    const n = 3000;
    const edges: [number, number][] = [[0, 2]];
    for (let k = 0; k + 1 < n; k++) edges.push([k, k + 1]);
    const chain = graphOf(n, edges);
    const gen = (e: Edge) => (e.to === e.from + 1 ? { gen: [e.from] } : undefined);
    const queries = [];
    for (let k = 0; k + 1 < n; k++) queries.push({ step: k + 1, fact: k }, { step: n - 1, fact: k });
    const stats = { chunks: -1 };
    const held = mustHold(chain, n, gen, queries, [], stats);
    expect(stats.chunks).toBe(0);
    // Fact 0 holds at step 1 only (0 → 2 skips its edge); fact 1 nowhere (0 → 2 enters step 2 beside its edge); every later fact from the step after its edge on.
    expect(held.slice(0, 4)).toEqual([true, false, false, false]);
    expect(held.slice(4).every((h) => h)).toBe(true);
    // A fact generated on two edges still needs the sweep.
    const twice = (e: Edge) => (e.from === 0 ? { gen: [0] } : undefined);
    expect(mustHold(chain, 1, twice, [{ step: 5, fact: 0 }], [], stats)).toEqual([true]);
    expect(stats.chunks).toBe(1);
  });
  it("terminates and agrees with the set-based mustAnalysis on random graphs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.nat(40), fc.boolean()), { maxLength: 30 }),
          ),
        ),
        ([n, raw]) => {
          const g = graphOf(n, raw.map(([a, b]) => [a, b] as const));
          const effect = (e: Edge) => {
            const k = g.out[e.from]!.indexOf(e);
            const r = raw.filter(([a]) => a === e.from)[k];
            return r ? (r[3] ? { gen: [r[2]] } : { kill: [r[2]] }) : undefined;
          };
          const sets = mustAnalysis(g, new Set(), (e, here) => {
            const eff = effect(e)!;
            const next = new Set(here);
            for (const f of eff.kill ?? []) next.delete(String(f));
            for (const f of eff.gen ?? []) next.add(String(f));
            return next;
          });
          const queries = [];
          for (let step = 0; step < n; step++) for (let fact = 0; fact <= 40; fact++) queries.push({ step, fact });
          const bits = mustHold(g, 41, effect, queries);
          queries.forEach((q, k) => expect(bits[k]).toBe(sets[q.step] === undefined || sets[q.step]!.has(String(q.fact))));
        },
      ),
    );
  });
});

describe("product-path", () => {
  it("finds a shortest path that reaches a step in a given state", () => {
    // 0 →(given) 1 → 3, 0 →(refused) 2 → 3
    const g = graphOf(4, [[0, 1, "given"], [0, 2, "refused"], [1, 3], [2, 3]]);
    const r = searchProduct(g, { states: 2, start: 0, move: (e, st) => (e.kind === "given" ? 1 : e.kind === "refused" ? 0 : st) });
    expect(r.pathTo(3, 0)!.map((e) => [e.from, e.to])).toEqual([[0, 2], [2, 3]]);
    expect(r.pathTo(3, 1)!.map((e) => [e.from, e.to])).toEqual([[0, 1], [1, 3]]);
    expect(r.reached(2, 1)).toBe(false);
    expect(r.pathTo(0, 0)).toEqual([]);
  });
});

describe("scc and dominators", () => {
  it("finds loops, self-loops and single nodes", () => {
    const comps = stronglyConnected(5, (v) => [[1], [2], [1, 3], [3], []][v]!);
    expect(comps.map((c) => c.join(",")).sort()).toEqual(["0", "1,2", "3", "4"]);
  });
  it("survives a 200,000-node chain without overflowing the stack", () => {
    const n = 200_000;
    expect(stronglyConnected(n, (v) => (v + 1 < n ? [v + 1] : [0])).length).toBe(1);
  });
  it("computes dominators of a diamond with a loop", () => {
    // 0 → 1 → 2 → 4, 1 → 3 → 4, 4 → 1
    const g = graphOf(6, [[0, 1], [1, 2], [1, 3], [2, 4], [3, 4], [4, 1]]);
    const d = dominators(g);
    expect(reversePostorder(g)[0]).toBe(0);
    expect(d.dominates(1, 4)).toBe(true);
    expect(d.dominates(2, 4)).toBe(false);
    expect(d.dominates(4, 4)).toBe(true);
    expect(d.dominates(0, 5)).toBe(false); // 5 is unreachable
    expect([...d.idom]).toEqual([0, 0, 1, 1, 1, -1]);
  });
});
