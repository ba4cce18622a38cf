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
 *
 * Sweeping costs steps × facts / 256, quadratic with a small constant, so the
 * commonest facts are answered without it. A fact that no edge kills and no
 * edge generates never holds (on a reachable step). A fact that no edge kills
 * and exactly one edge (u → v) generates holds at a step S exactly when every
 * path to S passes that edge: when v dominates S and every other way into v
 * comes from a step v dominates (a path reaching v for the first time can
 * only come in through the edge). The dominator tree answers that in O(1), so
 * a flow that reads thousands of distinct fields each asked or tested once
 * costs a dominator tree, not thousands of sweeps.
 */
import { dominators, reversePostorder, type Dominators } from "./dominators.ts";
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
  /** Filled in with how many chunks of facts were swept (for tests: the facts answered from dominators cost none). */
  stats?: { chunks: number },
): boolean[] {
  const answers = queries.map(() => true);
  if (graph.entry === END_OF_FILE || queries.length === 0 || universe === 0) return answers;
  const n = graph.out.length;
  const allEffects = graph.out.map((edges) => edges.map(effect));
  const order = reversePostorder(graph);

  // The one edge that generates each fact: undefined for none, null for more than one (or a fact that is killed or initial).
  const only: (Edge | null | undefined)[] = new Array(universe);
  for (const f of initial) only[f] = null;
  graph.out.forEach((edges, i) =>
    edges.forEach((e, k) => {
      const eff = allEffects[i]![k];
      if (!eff) return;
      if (eff.kill) for (const f of eff.kill) only[f] = null;
      if (eff.gen) for (const f of eff.gen) only[f] = only[f] === undefined || only[f] === e ? e : null;
    }),
  );
  let dom: Dominators | undefined;
  const onlyWayIn = new Map<Edge, boolean>();
  const slow: number[] = [];
  queries.forEach((q, qi) => {
    const gen = only[q.fact];
    if (gen === null) return slow.push(qi);
    dom ??= dominators(graph, order);
    answers[qi] = !dom.dominates(q.step, q.step) || (gen !== undefined && edgeDominates(graph, dom, gen, q.step, onlyWayIn));
  });
  if (stats) stats.chunks = 0;
  if (slow.length === 0) return answers;

  // The rest, swept in chunks of 256 facts numbered densely (only the facts still asked about).
  const dense = new Int32Array(universe).fill(-1);
  let count = 0;
  for (const qi of slow) if (dense[queries[qi]!.fact] === -1) dense[queries[qi]!.fact] = count++;
  const renumber = (list: readonly number[] | undefined) => list?.map((f) => dense[f]!).filter((f) => f >= 0);
  const effects = allEffects.map((list) => list.map((eff) => (eff ? { gen: renumber(eff.gen), kill: renumber(eff.kill) } : undefined)));
  initial = renumber(initial)!;

  const byChunk = new Map<number, number[]>();
  for (const qi of slow) {
    const c = Math.floor(dense[queries[qi]!.fact]! / CHUNK_BITS);
    let list = byChunk.get(c);
    if (!list) byChunk.set(c, (list = []));
    list.push(qi);
  }

  if (stats) stats.chunks = byChunk.size;
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
      const bit = dense[q.fact]! - base;
      answers[qi] = (here[bit >> 5]! & (1 << (bit & 31))) !== 0;
    }
  }
  return answers;
}

/** Whether every path from the entry to `step` (reachable) passes `edge`. */
function edgeDominates(graph: FlowGraph, dom: Dominators, edge: Edge, step: number, onlyWayIn: Map<Edge, boolean>): boolean {
  const v = edge.to;
  if (v === END_OF_FILE || v === graph.entry || !dom.dominates(edge.from, edge.from) || !dom.dominates(v, step)) return false;
  let only = onlyWayIn.get(edge);
  if (only === undefined) {
    // Every other edge into v comes from a reachable step v dominates (or from one that cannot be reached).
    only = graph.in[v]!.every((other) => other === edge || !dom!.dominates(other.from, other.from) || dom!.dominates(v, other.from));
    onlyWayIn.set(edge, only);
  }
  return only;
}
