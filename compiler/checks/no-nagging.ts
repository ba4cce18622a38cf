/**
 * No nagging after a refusal
 *
 * Once a person refuses consent to a purpose, the conversation does not ask
 * for it again on the same path: consent obtained by repeated asking is not
 * freely given (Art. 7(4), Recital 32: a request must not be "unnecessarily
 * disruptive"). A warning with the path that asks again.
 */
import { END_OF_FILE } from "../analyses/flow-graph.ts";
import { pathNotes } from "../analyses/path-notes.ts";
import { searchProduct } from "../analyses/product-path.ts";
import type { Check } from "./index.ts";

export const noNagging: Check = {
  name: "no-nagging",
  codes: ["LF312"],
  run({ program, graph, bag }) {
    const stepsFor = new Map<string, number[]>();
    program.steps.forEach((s, i) => {
      if (s.kind !== "consent") return;
      let list = stepsFor.get(s.purpose.text);
      if (!list) stepsFor.set(s.purpose.text, (list = []));
      list.push(i);
    });
    for (const [purpose, consentSteps] of stepsFor) {
      // A refusal can lead back to a consent step only if that step is reachable from a refused edge.
      const refusedTargets = consentSteps.flatMap((i) => graph.out[i]!.filter((e) => e.kind === "refused" && e.to !== END_OF_FILE));
      if (refusedTargets.length === 0) continue;
      // States: 0 = not refused on this path, 1 = refused.
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
        bag.report("LF312", `consent to \`${purpose}\` may be asked again after the person refused it`, {
          span: step.purpose.span,
          related: [...pathNotes(program, path), { span: step.span, message: `→ consent to \`${purpose}\` is asked again here` }],
          hint: "after a refusal, go on without this purpose; a person who changes their mind can be offered a way to opt in later",
        });
      }
    }
  },
};
