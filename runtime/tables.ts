/**
 * What every conversation of a machine looks up, made once per machine and
 * shared: fields and purposes by name, each purpose as a prompt shows it
 * (frozen, as the machine itself is), each consent request as written, each
 * ask's purposes by index.
 */
import type { MachineDefinition } from "./machine.ts";
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
  /** The machine's content hash, once something asks for it (snapshot.ts). */
  hash?: string;
}

const byName = (list: readonly { name: string }[]) => new Map(list.map((d, i) => [d.name, i]));

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
        asked: m.nodes.map((n) => (n.kind === "ask" ? n.purposes.map((x) => purposes.get(x.purpose) ?? fail("unknown_purpose", x.purpose)) : []))
      }),
    );
  }
  return t;
};
