/**
 * No nagging after a refusal
 *
 * Once a person refuses consent to a purpose, the conversation does not ask
 * for it again on the same path: consent obtained by repeated asking is not
 * freely given (Art. 7(4), Recital 32: a request must not be "unnecessarily
 * disruptive"). A warning with the path that asks again.
 */
import { note } from "../diagnostics/messages.ts";
import { END_OF_FILE, type FlowGraph } from "../analyses/flow-graph.ts";
import { stronglyConnected } from "../analyses/scc.ts";
import { pathNotes } from "../analyses/path-notes.ts";
import { searchProduct } from "../analyses/product-path.ts";
import type { Check } from "./index.ts";

export const noNagging: Check = {
  name: "no-nagging",
  codes: ["LF312"],
  paths: true,
  run({ program, graph, bag }) {
    const stepsFor = new Map<string, number[]>();
    program.steps.forEach((s, i) => {
      if (s.kind !== "consent") return;
      let list = stepsFor.get(s.purpose.text);
      if (!list) stepsFor.set(s.purpose.text, (list = []));
      list.push(i);
    });
    // Components of the whole graph: a lone consent step is asked again after its own refusal
    // exactly when the refusal leads back into the step's own component.
    let component: Int32Array | undefined;
    const componentOf = (v: number) => {
      if (!component) {
        component = new Int32Array(program.steps.length);
        const succ = (u: number) => graph.out[u]!.filter((e) => e.to !== END_OF_FILE).map((e) => e.to);
        stronglyConnected(program.steps.length, succ).forEach((comp, k) => comp.forEach((u) => (component![u] = k)));
      }
      return component[v]!;
    };
    for (const [purpose, consentSteps] of stepsFor) {
      const refusals = consentSteps.flatMap((i) => graph.out[i]!.filter((e) => e.kind === "refused" && e.to !== END_OF_FILE));
      if (refusals.length === 0) continue;
      if (consentSteps.length === 1) {
        const only = consentSteps[0]!;
        if (!refusals.some((e) => e.to === only || componentOf(e.to) === componentOf(only))) continue;
      } else if (!reachesAny(graph, refusals.map((e) => e.to), new Set(consentSteps))) {
        continue;
      }
      // There is a way back: find a path from the start that shows it. States: 0 = not refused, 1 = refused.
      const search = searchProduct(graph, {
        states: 2,
        start: 0,
        move(e, s) {
          const from = program.steps[e.from]!;
          return from.kind === "consent" && from.purpose.text === purpose && e.kind === "refused" ? 1 : s;
        },
      });
      for (const i of consentSteps) {
        const path = search.pathTo(i, 1);
        if (!path) continue;
        const step = program.steps[i]!;
        if (step.kind !== "consent") continue;
        bag.report("no-nagging.askedAgain", { purpose }, { span: step.purpose.span, related: [...pathNotes(program, path), note("no-nagging.againHere", { purpose }, step.span)] });
      }
    }
  },
};

/** Whether any of `targets` is reachable from any of `starts` (the starts included). */
function reachesAny(graph: FlowGraph, starts: readonly number[], targets: ReadonlySet<number>): boolean {
  const seen = new Uint8Array(graph.out.length);
  const queue = [...starts];
  for (const s of starts) seen[s] = 1;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    if (targets.has(v)) return true;
    for (const e of graph.out[v]!) if (e.to !== END_OF_FILE && !seen[e.to]) (seen[e.to] = 1), queue.push(e.to);
  }
  return false;
}
