/**
 * What a condition proves about the names it tests. `if known(email) and
 * plan == pro -> T` proves `email` is held on the edge to T; `if not
 * given(newsletter) -> T` proves consent is given on the fall-through edge.
 * Only `known(…)` and `given(…)` tests prove anything; comparisons prove
 * nothing (they may be false for reasons of their own).
 */
import type { Condition } from "../ast.ts";

export type FactKind = "known" | "given";

/** Names of `kind` that surely hold when `cond` evaluates to `outcome`. */
export function factsWhen(cond: Condition, outcome: boolean, kind: FactKind): Set<string> {
  switch (cond.kind) {
    case "known":
      return outcome && kind === "known" ? new Set([cond.field.text]) : new Set();
    case "given":
      return outcome && kind === "given" ? new Set([cond.purpose.text]) : new Set();
    case "compare":
      return new Set();
    case "not":
      return factsWhen(cond.operand, !outcome, kind);
    case "and":
    case "or": {
      const l = factsWhen(cond.left, outcome, kind);
      const r = factsWhen(cond.right, outcome, kind);
      // `a and b` true: both true (union). `a and b` false: one of them false (intersection).
      const union = (cond.kind === "and") === outcome;
      if (union) {
        for (const x of r) l.add(x);
        return l;
      }
      return new Set([...l].filter((x) => r.has(x)));
    }
  }
}

/**
 * The right operand of `a and b` is evaluated only when `a` is true, and of
 * `a or b` only when `a` is false; so a read inside it is guarded by what the
 * left operand proves. Calls `visit` for each comparison with the facts that
 * guard it.
 */
export function walkGuarded(
  cond: Condition,
  kind: FactKind,
  visit: (c: Extract<Condition, { kind: "compare" }>, guards: ReadonlySet<string>) => void,
  guards: ReadonlySet<string> = new Set(),
): void {
  switch (cond.kind) {
    case "compare":
      visit(cond, guards);
      return;
    case "not":
      walkGuarded(cond.operand, kind, visit, guards);
      return;
    case "and":
    case "or": {
      walkGuarded(cond.left, kind, visit, guards);
      const proven = factsWhen(cond.left, cond.kind === "and", kind);
      walkGuarded(cond.right, kind, visit, proven.size === 0 ? guards : new Set([...guards, ...proven]));
      return;
    }
    default:
      return;
  }
}
