/**
 * Every loop waits
 *
 * A cycle that passes only `say`, `if` and `goto` steps would spin forever:
 * nothing in it can change (fields and consents change only at a waiting
 * step), so every loop must pass an ask, a consent or an end.
 */
import { END_OF_FILE, isWaiting, reachable } from "../analyses/flow-graph.ts";
import { stronglyConnected } from "../analyses/scc.ts";
import type { Check } from "./index.ts";

export const loopsWait: Check = {
  name: "loops-wait",
  codes: ["LF402"],
  run({ program, graph, bag }) {
    const steps = program.steps;
    const passing = steps.map((s) => !isWaiting(s));
    const succ = (v: number) => (passing[v] ? graph.out[v]!.filter((e) => e.to !== END_OF_FILE && passing[e.to]).map((e) => e.to) : []);
    const seen = reachable(graph);
    for (const comp of stronglyConnected(steps.length, succ)) {
      const first = comp[0]!;
      if (!passing[first] || !seen[first]) continue;
      if (comp.length === 1 && !succ(first).includes(first)) continue;
      bag.report("LF402", "this loop passes no ask, consent or end, so it would never stop", {
        span: steps[first]!.span,
        related: comp.slice(1, 9).map((k) => ({ span: steps[k]!.span, message: "→ part of the loop" })),
        hint: "put a question inside the loop, or leave it on every turn with a jump to a waiting step",
      });
    }
  },
};
