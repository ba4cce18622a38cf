/**
 * Strongly connected components (Tarjan's algorithm, iterative so that a
 * 100,000-step flow does not overflow the call stack). Used to find loops
 * that pass no waiting step.
 */

/**
 * The components of the graph on nodes 0 … n-1 with successors `succ(v)`,
 * each listed in ascending node order, in reverse topological order.
 */
export function stronglyConnected(n: number, succ: (v: number) => readonly number[]): number[][] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const frames: { v: number; succ: readonly number[]; i: number }[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const open = (v: number) => {
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = 1;
      frames.push({ v, succ: succ(v), i: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      if (f.i < f.succ.length) {
        const w = f.succ[f.i++]!;
        if (index[w] === -1) open(w);
        else if (onStack[w]) low[f.v] = Math.min(low[f.v]!, index[w]!);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v]!, low[f.v]!);
      if (low[f.v] === index[f.v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== f.v);
        components.push(comp.sort((a, b) => a - b));
      }
    }
  }
  return components;
}
