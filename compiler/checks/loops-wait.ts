/**
 * Every loop waits
 *
 * A walk from one answer to the next waiting step cannot change anything
 * (fields and consents change only at a waiting step), so a loop that can
 * go round without waiting would spin forever. An ask on a loop asks every
 * time it is reached (docs/language.md, "Loops"), but it is skipped when
 * none of its purposes has a lawful basis at that moment (Art. 6(1): nothing
 * may be collected), and a consent request is passed when consent is already
 * given. So a loop must pass an end, a consent request that can be waiting,
 * or an ask that cannot be skipped:
 *
 * - LF402: a loop through only `say`, `if` and `goto` steps;
 * - LF405: a loop whose every question can be skipped at once: its asks are
 *   only for purposes whose basis can be lost (consent never given, refused,
 *   withdrawn or lapsed; an objection to legitimate interests or a public
 *   task), and its consent requests are not for those purposes (a request
 *   for one of them waits whenever the ask would be skipped).
 */
import { note } from "../diagnostics/messages.ts";
import type { Step } from "../ast.ts";
import { END_OF_FILE, type Edge, isWaiting, reachable } from "../analyses/flow-graph.ts";
import { stronglyConnected } from "../analyses/scc.ts";
import { purposeBasis } from "../program.ts";
import type { Check } from "./index.ts";

/** Bases a purpose can lose while a conversation runs. */
const LOSABLE = new Set(["consent", "legitimate_interests", "public_task"]);

/** The edges a walk can take past a step without waiting there. */
const passingEdge = (step: Step, e: Edge) =>
  step.kind === "ask" ? e.kind === "next" : step.kind === "consent" ? e.kind === "given" : step.kind !== "end";

export const loopsWait: Check = {
  name: "loops-wait",
  codes: ["LF402", "LF405"],
  paths: true,
  run({ program, graph, bag }) {
    const steps = program.steps;
    const basisOf = (name: string) => {
      const p = program.purposes.get(name);
      return p && purposeBasis(p);
    };
    /** The purposes an ask collects for, if every one of them can lose its basis; undefined if the ask always waits. */
    const skippableFor = steps.map((s) => {
      if (s.kind !== "ask") return undefined;
      const ps = s.purposes.map((u) => u.purpose.text);
      return ps.every((p) => LOSABLE.has(basisOf(p) ?? "")) ? ps : undefined;
    });
    const canPass = steps.map((s, i) => !isWaiting(s) || s.kind === "consent" || skippableFor[i] !== undefined);
    const seen = reachable(graph);

    /**
     * A set of steps that can go round without waiting under one state of
     * the purposes' bases, within `nodes`, or undefined. A consent request
     * passes only while its purpose is valid and an ask is skipped only
     * while none of its purposes is: when a component holds both for one
     * purpose, each case is tried on its own.
     */
    const spinning = (nodes: ReadonlySet<number>): number[] | undefined => {
      const list = [...nodes].sort((a, b) => a - b);
      const at = new Map(list.map((v, k) => [v, k]));
      const succ = (k: number) =>
        graph.out[list[k]!]!.filter((e) => e.to !== END_OF_FILE && passingEdge(steps[list[k]!]!, e) && at.has(e.to)).map((e) => at.get(e.to)!);
      for (const comp of stronglyConnected(list.length, succ)) {
        if (comp.length === 1 && !succ(comp[0]!).includes(comp[0]!)) continue;
        const members = comp.map((k) => list[k]!);
        const requested = new Set(members.flatMap((v) => (steps[v]!.kind === "consent" ? [(steps[v] as Extract<Step, { kind: "consent" }>).purpose.text] : [])));
        const both = members.flatMap((v) => skippableFor[v] ?? []).find((p) => requested.has(p));
        if (both === undefined) return members;
        const without = (drop: (v: number) => boolean) => new Set(members.filter((v) => !drop(v)));
        return (
          spinning(without((v) => skippableFor[v]?.includes(both) === true)) ??
          spinning(without((v) => steps[v]!.kind === "consent" && (steps[v] as Extract<Step, { kind: "consent" }>).purpose.text === both))
        );
      }
      return undefined;
    };

    const candidates = new Set(steps.flatMap((_, i) => (canPass[i] && seen[i] ? [i] : [])));
    // One report per loop: the steps of a reported loop are not looked at again.
    for (let loop; (loop = spinning(candidates)); ) {
      const asks = loop.filter((v) => isWaiting(steps[v]!));
      const first = asks[0] ?? loop[0]!;
      const related = loop.filter((v) => v !== first).slice(0, 8).map((v) => note("loops-wait.partOfLoop", {}, steps[v]!.span));
      if (!asks.length)
        bag.report("loops-wait.neverStops", {}, { span: steps[first]!.span, related });
      else
        bag.report("loops-wait.mayNotWait", {}, { span: steps[first]!.span, related });
      for (const v of loop) candidates.delete(v);
    }
  },
};
