/**
 * Orders and dominators of the flow graph. A step D dominates a step S when
 * every path from the start to S passes D. "The field is asked at a step
 * that dominates the read" is the common, cheap proof that a field is held;
 * only reads it cannot settle go to the full data-flow analysis.
 *
 * Dominators by Cooper, Harvey and Kennedy, "A Simple, Fast Dominance
 * Algorithm" (2001): iterate over the reverse postorder to a fixpoint —
 * near-linear on the mostly forward graphs flows make.
 */
import { END_OF_FILE, type FlowGraph } from "./flow-graph.ts";

/** The steps reachable from the entry in reverse postorder (an iterative DFS, safe for huge flows). */
export function reversePostorder(graph: FlowGraph): number[] {
  const n = graph.out.length;
  const order: number[] = [];
  if (graph.entry === END_OF_FILE) return order;
  const state = new Uint8Array(n); // 0 new, 1 open, 2 done
  const stack: { v: number; i: number }[] = [{ v: graph.entry, i: 0 }];
  state[graph.entry] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const out = graph.out[top.v]!;
    if (top.i < out.length) {
      const to = out[top.i++]!.to;
      if (to !== END_OF_FILE && state[to] === 0) {
        state[to] = 1;
        stack.push({ v: to, i: 0 });
      }
      continue;
    }
    state[top.v] = 2;
    order.push(top.v);
    stack.pop();
  }
  return order.reverse();
}

export interface Dominators {
  /** Immediate dominator of each step (the entry's is itself); -1 if unreachable. */
  readonly idom: Int32Array;
  /** Whether `a` dominates `b` (every step dominates itself); false if either is unreachable. */
  dominates(a: number, b: number): boolean;
}

export function dominators(graph: FlowGraph, rpo: readonly number[] = reversePostorder(graph)): Dominators {
  const n = graph.out.length;
  const idom = new Int32Array(n).fill(-1);
  const rank = new Int32Array(n).fill(-1);
  rpo.forEach((v, k) => (rank[v] = k));
  if (rpo.length > 0) {
    const entry = rpo[0]!;
    idom[entry] = entry;
    const intersect = (a: number, b: number) => {
      while (a !== b) {
        while (rank[a]! > rank[b]!) a = idom[a]!;
        while (rank[b]! > rank[a]!) b = idom[b]!;
      }
      return a;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (let k = 1; k < rpo.length; k++) {
        const v = rpo[k]!;
        let next = -1;
        for (const e of graph.in[v]!) {
          const p = e.from;
          if (idom[p] === -1) continue;
          next = next === -1 ? p : intersect(p, next);
        }
        if (next !== -1 && idom[v] !== next) {
          idom[v] = next;
          changed = true;
        }
      }
    }
  }
  // Pre/post numbers on the dominator tree answer "dominates" in O(1).
  const children: number[][] = Array.from({ length: n }, () => []);
  for (const v of rpo) if (idom[v] !== v && idom[v] !== -1) children[idom[v]!]!.push(v);
  const pre = new Int32Array(n).fill(-1);
  const post = new Int32Array(n).fill(-1);
  let clock = 0;
  if (rpo.length > 0) {
    const stack: { v: number; i: number }[] = [{ v: rpo[0]!, i: 0 }];
    pre[rpo[0]!] = clock++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const kids = children[top.v]!;
      if (top.i < kids.length) {
        const c = kids[top.i++]!;
        pre[c] = clock++;
        stack.push({ v: c, i: 0 });
      } else {
        post[top.v] = clock++;
        stack.pop();
      }
    }
  }
  return {
    idom,
    dominates: (a, b) => pre[a]! !== -1 && pre[b]! !== -1 && pre[a]! <= pre[b]! && post[b]! <= post[a]!,
  };
}
