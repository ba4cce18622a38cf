/**
 * Fields are held where they are read
 *
 * A field read in a condition or an `{interpolation}` has surely been
 * collected on every path to the read — or the read is guarded by
 * `known(FIELD)`. A field surely held is one asked without `optional` for at
 * least one purpose whose basis cannot be withdrawn or objected to while the
 * conversation runs (contract, legal obligation, vital interests, public
 * task): data collected under consent may be erased mid-conversation
 * (Art. 7(3), Art. 17(1)(b)), data under legitimate interests on objection
 * (Art. 21(1)).
 */
import { hintText, note } from "../diagnostics/messages.ts";
import type { AskStep, BasisName, Name } from "../ast.ts";
import { factsWhen, walkGuarded } from "../analyses/condition-facts.ts";
import type { Edge } from "../analyses/flow-graph.ts";
import { mustHold, type EdgeEffect, type FactQuery } from "../analyses/must-bits.ts";
import { pathNotes } from "../analyses/path-notes.ts";
import { searchProduct } from "../analyses/product-path.ts";
import { interpolatedNames } from "../analyses/walk.ts";
import { dominators } from "../analyses/dominators.ts";
import { purposeBasis, type Program } from "../program.ts";
import type { Check } from "./index.ts";

const LASTING: ReadonlySet<BasisName> = new Set(["contract", "legal_obligation", "vital_interests", "public_task"]);
const MAX_WITNESSES = 10;

/** Whether answering this ask surely leaves its field held. */
export function asksToHold(program: Program, step: AskStep): boolean {
  if (step.optional) return false;
  return step.purposes.some((u) => {
    const p = program.purposes.get(u.purpose.text);
    // An unknown purpose (LF203) or one without a lawful basis (LF211, LF214) is
    // reported where it is written; what would follow from it is not reported again.
    if (!p) return true;
    const b = purposeBasis(p);
    return b === undefined || LASTING.has(b);
  });
}

/** The fields an edge makes surely held: an answered ask, or a `known(…)` test. */
export function heldAlong(program: Program, edge: Edge): Set<string> {
  const step = program.steps[edge.from]!;
  if (step.kind === "ask" && (edge.kind === "next" || edge.kind === "when") && asksToHold(program, step)) return new Set([step.field.text]);
  if (step.kind === "if") return factsWhen(step.condition, edge.kind === "then", "known");
  return new Set();
}

interface Read {
  readonly step: number;
  readonly name: Name;
  readonly inCondition: boolean;
}

export const heldFields: Check = {
  name: "held-fields",
  codes: ["LF213"],
  paths: true,
  run({ program, graph, bag }) {
    const reads: Read[] = [];
    program.steps.forEach((step, i) => {
      for (const n of interpolatedNames(step)) if (program.fields.has(n.text)) reads.push({ step: i, name: n, inCondition: false });
      if (step.kind === "if") {
        walkGuarded(step.condition, "known", (c, guards) => {
          for (const o of [c.left, c.right]) {
            if (o.kind === "name" && program.fields.has(o.name.text) && !guards.has(o.name.text))
              reads.push({ step: i, name: o.name, inCondition: true });
          }
        });
      }
    });
    if (reads.length === 0) return;

    // The cheap proof first: a read dominated by a point where the field surely becomes held.
    // Such points are an ask that holds its field and has no retry edge (every way out of it
    // holds the field), and a step every incoming edge of which holds the field.
    const dom = dominators(graph);
    const holdAt = new Map<string, { strict: number[]; self: number[] }>();
    const pointsOf = (f: string) => {
      let p = holdAt.get(f);
      if (!p) holdAt.set(f, (p = { strict: [], self: [] }));
      return p;
    };
    const readFields = new Set(reads.map((r) => r.name.text));
    program.steps.forEach((step, i) => {
      if (step.kind === "ask" && readFields.has(step.field.text) && !step.retry && asksToHold(program, step)) pointsOf(step.field.text).strict.push(i);
      const incoming = graph.in[i]!;
      if (incoming.length === 0) return;
      let common: Set<string> | undefined;
      for (const e of incoming) {
        const along = heldAlong(program, e);
        common = common === undefined ? along : new Set([...common].filter((f) => along.has(f)));
        if (common.size === 0) return;
      }
      if (i !== graph.entry) for (const f of common!) if (readFields.has(f)) pointsOf(f).self.push(i);
    });
    const dominated = (r: Read) => {
      const p = holdAt.get(r.name.text);
      if (!p) return false;
      return p.strict.some((g) => g !== r.step && dom.dominates(g, r.step)) || p.self.some((t) => dom.dominates(t, r.step));
    };
    const open = reads.filter((r) => !dominated(r));

    const ids = new Map<string, number>();
    for (const r of open) if (!ids.has(r.name.text)) ids.set(r.name.text, ids.size);
    const effect = (edge: Edge): EdgeEffect | undefined => {
      const gen = [...heldAlong(program, edge)].map((f) => ids.get(f)).filter((x): x is number => x !== undefined);
      return gen.length > 0 ? { gen } : undefined;
    };
    const queries: FactQuery[] = open.map((r) => ({ step: r.step, fact: ids.get(r.name.text)! }));
    const held = ids.size === 0 ? [] : mustHold(graph, ids.size, effect, queries);

    // The asks of each field, gathered once: a flow may read thousands of fields it does not hold.
    const asksByField = new Map<string, AskStep[]>();
    for (const s of program.steps) {
      if (s.kind !== "ask") continue;
      const list = asksByField.get(s.field.text);
      if (list) list.push(s);
      else asksByField.set(s.field.text, [s]);
    }
    let witnesses = 0;
    open.forEach((r, k) => {
      if (held[k]) return;
      const f = r.name.text;
      const asks = asksByField.get(f) ?? [];
      let path: Edge[] | undefined;
      if (witnesses < MAX_WITNESSES) {
        witnesses++;
        const search = searchProduct(graph, {
          states: 2,
          start: 0,
          move: (e, s) => (s === 1 || heldAlong(program, e).has(f) ? 1 : 0),
        });
        path = search.pathTo(r.step, 0);
      }
      const cause = whyNotHeld(program, f, asks, path);
      bag.report(CAUSES[cause], { field: f }, {
        span: r.name.span,
        related: path ? [...pathNotes(program, path), note("held-fields.readHere", { field: f }, r.name.span)] : undefined,
        hint: hintText(`held-fields.hint.${cause}.${r.inCondition ? "condition" : "text"}`, { field: f }),
      });
    });
  },
};

type Cause = "never" | "optional" | "revocable" | "retry" | "path";

const CAUSES = {
  never: "held-fields.neverAsked",
  optional: "held-fields.optional",
  revocable: "held-fields.withdrawable",
  retry: "held-fields.retry",
  path: "held-fields.notEveryPath",
} as const;

/**
 * Why a field may not be held at a read. The path that reaches the read
 * without the field names the cause where there is one: an ask of the field
 * left by its `retry` exit, an `optional` ask skipped, or an ask only under
 * a basis the person can end mid-conversation. Without a path, the asks of
 * the field tell what they all have in common.
 */
function whyNotHeld(program: Program, f: string, asks: readonly AskStep[], path: readonly Edge[] | undefined): Cause {
  let cause: Cause | undefined;
  for (const e of path ?? []) {
    const s = program.steps[e.from]!;
    if (s.kind !== "ask" || s.field.text !== f) continue;
    if (e.kind === "retry") cause = "retry";
    else if (s.optional) cause ??= "optional";
    else if (!asksToHold(program, s)) cause ??= "revocable";
  }
  if (cause !== undefined) return cause;
  if (asks.length === 0) return "never";
  if (asks.every((a) => a.optional)) return "optional";
  if (!asks.some((a) => asksToHold(program, a))) return "revocable";
  return "path";
}
