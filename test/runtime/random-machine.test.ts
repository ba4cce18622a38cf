import { describe, expect, it } from "vitest";
import { randomMachine } from "./random-machine.ts";

describe("randomMachine", () => {
  it("is deterministic by seed", () => {
    expect(randomMachine(42)).toEqual(randomMachine(42));
    expect(randomMachine(42)).not.toEqual(randomMachine(43));
  });

  it("produces machines the compiler would accept, as far as the runtime relies on it", () => {
    let loops = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const m = randomMachine(seed);
      const names = new Set(m.fields.map((f) => f.name));
      const n = m.nodes.length;
      const jumps: number[] = [];
      m.nodes.forEach((node, i) => {
        const targets =
          node.kind === "say" ? [node.next] : node.kind === "branch" ? [node.then, node.else] : node.kind === "consent" ? [node.given, node.refused] : node.kind === "ask" ? [node.next, ...node.when.map((w) => w.next), ...(node.retry ? [node.retry.next] : [])] : [];
        // Forward jumps, or an ask's `next` back to an ask that always waits: every loop waits.
        for (const t of targets) {
          expect(t >= 0 && t < n, `seed ${seed} node ${i}`).toBe(true);
          if (t <= i) {
            expect(node.kind === "ask" && t === node.next, `seed ${seed} node ${i}`).toBe(true);
            const target = m.nodes[t]!;
            expect(target.kind === "ask" && target.purposes.some((p) => ["contract", "legal_obligation", "vital_interests"].includes(p.basis)), `seed ${seed} node ${i}`).toBe(true);
            loops++;
          }
        }
        jumps.push(...targets);
        if (node.kind === "ask") {
          expect(names.has(node.field)).toBe(true);
          for (const p of node.purposes) {
            const def = m.purposes.find((q) => q.name === p.purpose)!;
            expect(def.basis).toBe(p.basis);
            expect(def.needs).toContain(node.field); // minimisation
          }
        }
      });
      for (const p of m.purposes.filter((q) => q.basis === "consent")) expect(m.nodes.some((x) => x.kind === "consent" && x.purpose === p.name), `seed ${seed} ${p.name}`).toBe(true);
      expect(m.nodes.at(-1)!.kind).toBe("end");
    }
    // Loops are common enough that the guarantees are tested on them.
    expect(loops).toBeGreaterThan(100);
  });
});
