/**
 * Every name written in a flow, with what it names: the index behind go to
 * definition, find references, rename and hover. Built from the AST of each
 * file of a program (the flow and the policy files it uses).
 */
import type { Condition, FlowFile, Name, Step } from "../compiler/ast.ts";
import { conditionNodes, interpolatedNames, jumpTargets } from "../compiler/analyses/walk.ts";

export type NameKind = "purpose" | "field" | "step";

export interface Occurrence {
  readonly kind: NameKind;
  readonly name: Name;
  /** The declaration itself (`purpose ID`, `field ID`, a step's id), not a use of it. */
  readonly declaration: boolean;
}

/** Every occurrence of a purpose, field or step name in `file`, in no particular order. */
export function occurrences(file: FlowFile): Occurrence[] {
  const out: Occurrence[] = [];
  const add = (kind: NameKind, name: Name, declaration = false) => out.push({ kind, name, declaration });
  for (const d of file.declarations) {
    if (d.kind === "purpose") {
      add("purpose", d.name, true);
      for (const item of d.items) if (item.kind === "needs") for (const f of item.fields) add("field", f);
    } else if (d.kind === "field") add("field", d.name, true);
  }
  for (const step of file.steps) stepOccurrences(step, add);
  return out;
}

function stepOccurrences(step: Step, add: (kind: NameKind, name: Name, declaration?: boolean) => void): void {
  if (step.id) add("step", step.id, true);
  for (const n of interpolatedNames(step)) add("field", n);
  for (const t of jumpTargets(step)) add("step", t);
  if (step.kind === "ask") {
    add("field", step.field);
    if (!step.id) add("step", step.field, true);
    for (const u of step.purposes) add("purpose", u.purpose);
  } else if (step.kind === "consent") {
    add("purpose", step.purpose);
    if (!step.id) add("step", step.purpose, true);
  } else if (step.kind === "if") conditionOccurrences(step.condition, add);
}

function conditionOccurrences(cond: Condition, add: (kind: NameKind, name: Name) => void): void {
  for (const c of conditionNodes(cond)) {
    if (c.kind === "known") add("field", c.field);
    else if (c.kind === "given") add("purpose", c.purpose);
    else if (c.kind === "compare") for (const o of [c.left, c.right]) if (o.kind === "name") add("field", o.name);
  }
}

/** The occurrence under `offset` in `file` (a name's span includes its end, so a cursor just after it counts). */
export function occurrenceAt(list: readonly Occurrence[], path: string, offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of list) {
    const s = o.name.span;
    if (s.file.path !== path || offset < s.start || offset > s.end) continue;
    // An ask's field is both a field and (without an id) the step: the field is what a reader means.
    if (!best || (best.kind === "step" && o.kind !== "step")) best = o;
  }
  return best;
}
