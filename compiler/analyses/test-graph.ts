/**
 * Hand-built flow graphs for the analyses' tests: steps are numbers, edges
 * are `[from, to, kind]`. The program is a stub; analyses that only walk
 * edges never look at it.
 */
import { sourceFile, span } from "../source.ts";
import type { Program } from "../program.ts";
import type { Edge, EdgeKind, FlowGraph } from "./flow-graph.ts";

const file = sourceFile("graph.flow", "");

export function graphOf(n: number, edges: readonly (readonly [number, number, EdgeKind?])[], entry = 0): FlowGraph {
  const out: Edge[][] = Array.from({ length: n }, () => []);
  const incoming: Edge[][] = Array.from({ length: n }, () => []);
  for (const [from, to, kind = "next"] of edges) {
    const e: Edge = { from, to, kind, span: span(file, 0, 0) };
    out[from]!.push(e);
    if (to >= 0) incoming[to]!.push(e);
  }
  return { program: {} as Program, out, in: incoming, entry: n > 0 ? entry : -1 };
}
