/**
 * The step graph of a flow: which step can follow which, and why. Steps run
 * in file order unless a jump says otherwise, so "next" edges go to the
 * following step; a jump whose target does not resolve yields no edge (the
 * names check reports it). Every analysis of paths (consent before
 * collection, held fields, reachability, loops) walks this graph.
 */
import type { Name, Step } from "../ast.ts";
import type { Program } from "../program.ts";
import type { Span } from "../source.ts";

/** How control passes along an edge. */
export type EdgeKind =
  | "next" // falls through or `-> ID` after an answer, or a skipped ask
  | "when" // `when VALUE -> ID` on an ask
  | "retry" // `retry N then -> ID`
  | "given" // consent given
  | "refused" // consent refused
  | "then" // `if` condition true
  | "else" // `if` condition false
  | "goto";

export interface Edge {
  readonly from: number;
  /** Index of the target step, or `END_OF_FILE` when control runs past the last step. */
  readonly to: number;
  readonly kind: EdgeKind;
  /** The place that creates the edge (the jump's target name, or the step itself). */
  readonly span: Span;
  /** For `when` edges, the index of the branch in the ask's `when` list. */
  readonly branch?: number;
}

/** Pseudo-target for control that runs past the last step. */
export const END_OF_FILE = -1;

/** Waiting steps stop the machine until the person answers; say, if and goto are passed on the way. */
export function isWaiting(step: Step): boolean {
  return step.kind === "ask" || step.kind === "consent" || step.kind === "end";
}

export interface FlowGraph {
  readonly program: Program;
  /** Outgoing edges of each step, parallel to `program.steps`. */
  readonly out: readonly (readonly Edge[])[];
  /** Incoming edges of each step. */
  readonly in: readonly (readonly Edge[])[];
  /** Index of the first step, or END_OF_FILE for a flow without steps. */
  readonly entry: number;
}

export function buildFlowGraph(program: Program): FlowGraph {
  const steps = program.steps;
  const out: Edge[][] = steps.map(() => []);
  const incoming: Edge[][] = steps.map(() => []);
  const following = (i: number) => (i + 1 < steps.length ? i + 1 : END_OF_FILE);
  const resolve = (name: Name | undefined): number | undefined =>
    name === undefined ? undefined : program.stepIndex.get(name.text);

  steps.forEach((step, i) => {
    const add = (to: number | undefined, kind: EdgeKind, span: Span, branch?: number) => {
      if (to === undefined) return;
      const edge: Edge = branch === undefined ? { from: i, to, kind, span } : { from: i, to, kind, span, branch };
      out[i]!.push(edge);
      if (to !== END_OF_FILE) incoming[to]!.push(edge);
    };
    switch (step.kind) {
      case "say":
        add(following(i), "next", step.span);
        break;
      case "ask":
        step.when.forEach((w, b) => add(resolve(w.target), "when", w.target.span, b));
        if (step.retry) add(resolve(step.retry.target), "retry", step.retry.target.span);
        if (step.next) add(resolve(step.next), "next", step.next.span);
        else add(following(i), "next", step.span);
        break;
      case "consent":
        if (step.given) add(resolve(step.given), "given", step.given.span);
        else add(following(i), "given", step.span);
        if (step.refused) add(resolve(step.refused), "refused", step.refused.span);
        else add(following(i), "refused", step.span);
        break;
      case "if":
        add(resolve(step.target), "then", step.target.span);
        add(following(i), "else", step.span);
        break;
      case "goto":
        add(resolve(step.target), "goto", step.target.span);
        break;
      case "end":
        break;
    }
  });
  return { program, out, in: incoming, entry: steps.length > 0 ? 0 : END_OF_FILE };
}

/** Steps reachable from the entry, by breadth-first search. */
export function reachable(graph: FlowGraph): boolean[] {
  const seen = graph.out.map(() => false);
  if (graph.entry === END_OF_FILE) return seen;
  const queue = [graph.entry];
  seen[graph.entry] = true;
  for (let head = 0; head < queue.length; head++) {
    for (const e of graph.out[queue[head]!]!) {
      if (e.to !== END_OF_FILE && !seen[e.to]) {
        seen[e.to] = true;
        queue.push(e.to);
      }
    }
  }
  return seen;
}

/**
 * A forward "must" data-flow analysis over sets of names (e.g. purposes whose
 * consent is surely given, fields surely held): the fact at a step is the
 * intersection over all incoming paths. `transfer` gives the facts carried
 * along an edge from the facts holding at its source step. Runs a worklist
 * to a fixpoint; each set only shrinks, so it terminates in O(edges × names).
 *
 * Returns, per step, the facts that hold on entry (undefined if unreachable).
 */
export function mustAnalysis(
  graph: FlowGraph,
  initial: ReadonlySet<string>,
  transfer: (edge: Edge, facts: ReadonlySet<string>) => ReadonlySet<string>,
): (ReadonlySet<string> | undefined)[] {
  const facts: (Set<string> | undefined)[] = graph.out.map(() => undefined);
  if (graph.entry === END_OF_FILE) return facts;
  facts[graph.entry] = new Set(initial);
  const queued = graph.out.map(() => false);
  const work = [graph.entry];
  queued[graph.entry] = true;
  while (work.length > 0) {
    const i = work.pop()!;
    queued[i] = false;
    const here = facts[i]!;
    for (const e of graph.out[i]!) {
      if (e.to === END_OF_FILE) continue;
      const carried = transfer(e, here);
      const there = facts[e.to];
      let changed = false;
      if (there === undefined) {
        facts[e.to] = new Set(carried);
        changed = true;
      } else {
        for (const f of there) {
          if (!carried.has(f)) {
            there.delete(f);
            changed = true;
          }
        }
      }
      if (changed && !queued[e.to]) {
        queued[e.to] = true;
        work.push(e.to);
      }
    }
  }
  return facts;
}

/**
 * One shortest path of steps from the entry to `target` using only edges
 * accepted by `allow` — used to show a witness path in a diagnostic (e.g. a
 * path that reaches a consent-based ask without passing a consent "given").
 * Returns the edges along the path, or undefined if there is none.
 */
export function witnessPath(graph: FlowGraph, target: number, allow: (edge: Edge) => boolean): Edge[] | undefined {
  if (graph.entry === END_OF_FILE) return undefined;
  const via: (Edge | null | undefined)[] = graph.out.map(() => undefined);
  via[graph.entry] = null;
  const queue = [graph.entry];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]!;
    if (i === target) break;
    for (const e of graph.out[i]!) {
      if (e.to === END_OF_FILE || via[e.to] !== undefined || !allow(e)) continue;
      via[e.to] = e;
      queue.push(e.to);
    }
  }
  if (via[target] === undefined) return undefined;
  const path: Edge[] = [];
  for (let e = via[target]; e; e = via[e.from] ?? null) path.push(e);
  return path.reverse();
}
