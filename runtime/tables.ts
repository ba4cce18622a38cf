/**
 * What every conversation of a machine looks up, made once per machine and
 * shared: fields and purposes by name, each purpose as a prompt shows it
 * (frozen, as the machine itself is), each consent request as written, each
 * ask's purposes by index, and which asks lie on a loop of the flow.
 */
import type { MachineDefinition, Node } from "./machine.ts";
import { fail } from "./errors.ts";

export interface Tables {
  readonly fields: Map<string, number>;
  readonly purposes: Map<string, number>;
  /** Each purpose's declaration as a prompt names it ("Why are we asking?"). */
  readonly infos: readonly object[];
  /** Each consent node's request as written, `{field}` placeholders kept so the ledger holds no personal data. */
  readonly requests: readonly string[];
  /** Each ask node's purposes, by purpose index. */
  readonly asked: readonly (readonly number[])[];
  /** Whether each node can be reached again from itself: an ask on a loop asks every time it is reached. */
  readonly looped: readonly boolean[];
  /** The machine's content hash, once something asks for it (snapshot.ts). */
  hash?: string;
}

const byName = (list: readonly { name: string }[]) => new Map(list.map((d, i) => [d.name, i]));

/**
 * Where a node can go next: its members that are node indices (`next`,
 * `then`, `else`, `given`, `refused`, a retry's and each `when`'s `next`).
 */
export const successors = (n: Node): number[] => {
  const x = n as { next?: number; then?: number; else?: number; given?: number; refused?: number; retry?: { next: number }; when?: readonly { next: number }[] };
  return [x.next, x.then, x.else, x.given, x.refused, x.retry?.next, ...(x.when ?? []).map((w) => w.next)].filter((i) => i! >= 0) as number[];
};

const made = new WeakMap<MachineDefinition, Tables>();

export const tablesOf = (m: MachineDefinition): Tables => {
  let t = made.get(m);
  if (!t) {
    const purposes = byName(m.purposes);
    made.set(
      m,
      (t = {
        fields: byName(m.fields),
        purposes,
        infos: m.purposes.map((d) => Object.freeze({ ...d, purpose: d.name })),
        requests: m.nodes.map((n) => (n.kind === "consent" ? n.text.map((x) => (typeof x === "string" ? x : `{${x.field}}`)).join("") : "")),
        asked: m.nodes.map((n) => (n.kind === "ask" ? n.purposes.map((x) => purposes.get(x.purpose) ?? fail("unknown_purpose", x.purpose)) : [])),
        // A depth-first search from each ask, once per machine.
        looped: m.nodes.map((n, i) => {
          const seen = new Set<number>();
          const back = (j: number): boolean => j === i || (!seen.has(j) && !!m.nodes[j] && !!seen.add(j) && successors(m.nodes[j]!).some(back));
          return n.kind === "ask" && successors(n).some(back);
        }),
      }),
    );
  }
  return t;
};
