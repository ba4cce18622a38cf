/**
 * A forward "must" analysis over numbered facts, as bit vectors: a fact holds
 * on entry to a step when it holds on every path from the start to it (the
 * meet is intersection). Each edge may generate and kill facts. Facts are
 * processed in chunks of 256, so memory stays at a few words per step
 * however many facts there are, and time is O(edges × facts / 32) per sweep.
 *
 * This is the near-linear engine behind "consent is given on every path" and
 * "the field is held on every path"; `mustAnalysis` (flow-graph.ts) is the
 * readable set-based version for small analyses.
 */
import { reversePostorder } from "./dominators.ts";
import { END_OF_FILE, type Edge, type FlowGraph } from "./flow-graph.ts";

export interface EdgeEffect {
  readonly gen?: readonly number[];
  readonly kill?: readonly number[];
}

export interface FactQuery {
  readonly step: number;
  readonly fact: number;
}

const CHUNK_WORDS = 8;
const CHUNK_BITS = CHUNK_WORDS * 32;

/**
 * For each query, whether `fact` surely holds on entry to `step`. A step that
 * cannot be reached answers true (there is no path on which the fact fails).
 * `initial` facts hold at the start.
 */
export function mustHold(
  graph: FlowGraph,
  universe: number,
  effect: (edge: Edge) => EdgeEffect | undefined,
  queries: readonly FactQuery[],
  initial: readonly number[] = [],
): boolean[] {
  const answers = queries.map(() => true);
  if (graph.entry === END_OF_FILE || queries.length === 0 || universe === 0) return answers;
  const n = graph.out.length;
  const effects = graph.out.map((edges) => edges.map(effect));
  const order = reversePostorder(graph);

  const byChunk = new Map<number, number[]>();
  queries.forEach((q, qi) => {
    const c = Math.floor(q.fact / CHUNK_BITS);
    let list = byChunk.get(c);
    if (!list) byChunk.set(c, (list = []));
    list.push(qi);
  });

  for (const [chunk, qs] of byChunk) {
    const base = chunk * CHUNK_BITS;
    const inChunk = (f: number) => f >= base && f < base + CHUNK_BITS;
    const facts: (Uint32Array | undefined)[] = new Array(n);
    const start = new Uint32Array(CHUNK_WORDS);
    for (const f of initial) if (inChunk(f)) start[(f - base) >> 5]! |= 1 << ((f - base) & 31);
    facts[graph.entry] = start;
    // Sweep the steps in reverse postorder until nothing changes: on the mostly
    // forward graphs of flows that is two or three sweeps.
    const dirty = new Uint8Array(n);
    dirty[graph.entry] = 1;
    const carried = new Uint32Array(CHUNK_WORDS);
    for (let changedAny = true; changedAny; ) {
      changedAny = false;
      for (const i of order) {
        if (!dirty[i]) continue;
        dirty[i] = 0;
        const here = facts[i]!;
        const out = graph.out[i]!;
        for (let k = 0; k < out.length; k++) {
          const e = out[k]!;
          if (e.to === END_OF_FILE) continue;
          carried.set(here);
          const eff = effects[i]![k];
          if (eff) {
            if (eff.kill) for (const f of eff.kill) if (inChunk(f)) carried[(f - base) >> 5]! &= ~(1 << ((f - base) & 31));
            if (eff.gen) for (const f of eff.gen) if (inChunk(f)) carried[(f - base) >> 5]! |= 1 << ((f - base) & 31);
          }
          let there = facts[e.to];
          let changed = false;
          if (there === undefined) {
            facts[e.to] = there = carried.slice();
            changed = true;
          } else {
            for (let w = 0; w < CHUNK_WORDS; w++) {
              const meet = (there[w]! & carried[w]!) >>> 0;
              if (meet !== there[w]) {
                there[w] = meet;
                changed = true;
              }
            }
          }
          if (changed) {
            dirty[e.to] = 1;
            changedAny = true;
          }
        }
      }
    }
    for (const qi of qs) {
      const q = queries[qi]!;
      const here = facts[q.step];
      if (here === undefined) continue;
      const bit = q.fact - base;
      answers[qi] = (here[bit >> 5]! & (1 << (bit & 31))) !== 0;
    }
  }
  return answers;
}
