/**
 * Breadth-first search over product states (step, s), where s is a small
 * number carried along the path (e.g. 0 = consent not given, 1 = given).
 * Used to find one real path that shows why a diagnostic holds — a path on
 * which consent was not given when the ask is reached, or on which consent is
 * asked again after a refusal. O((steps + edges) × states).
 */
import { END_OF_FILE, type Edge, type FlowGraph } from "./flow-graph.ts";

export interface ProductSearch {
  /** How many values the carried state can take (0 … states-1). */
  readonly states: number;
  /** The state at the entry. */
  readonly start: number;
  /** The state after following `edge` in state `s`, or undefined if the edge may not be taken. */
  move(edge: Edge, s: number): number | undefined;
}

export interface ProductResult {
  /** Whether (step, s) is reachable from (entry, start). */
  reached(step: number, s: number): boolean;
  /** One shortest path of edges from the entry to (step, s), or undefined. */
  pathTo(step: number, s: number): Edge[] | undefined;
}

export function searchProduct(graph: FlowGraph, search: ProductSearch): ProductResult {
  const k = search.states;
  const total = graph.out.length * k;
  const via: (Edge | null | undefined)[] = new Array(total);
  const viaState = new Int32Array(total).fill(-1);
  if (graph.entry !== END_OF_FILE) {
    const first = graph.entry * k + search.start;
    via[first] = null;
    const queue = [first];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      const step = Math.floor(node / k);
      const s = node % k;
      for (const e of graph.out[step]!) {
        if (e.to === END_OF_FILE) continue;
        const t = search.move(e, s);
        if (t === undefined) continue;
        const next = e.to * k + t;
        if (via[next] !== undefined) continue;
        via[next] = e;
        viaState[next] = s;
        queue.push(next);
      }
    }
  }
  return {
    reached: (step, s) => via[step * k + s] !== undefined,
    pathTo(step, s) {
      let node = step * k + s;
      if (via[node] === undefined) return undefined;
      const path: Edge[] = [];
      for (let e = via[node]; e; e = via[node]) {
        path.push(e);
        node = e.from * k + viaState[node]!;
      }
      return path.reverse();
    },
  };
}
