/**
 * Every step is reachable
 *
 * A step no path reaches is dead text: a question that is never asked still
 * appears in the notice and the record, and usually means a jump is missing.
 * Reported once per run of consecutive unreachable steps.
 */
import { reachable } from "../analyses/flow-graph.ts";
import type { RelatedPlace } from "../diagnostics/diagnostic.ts";
import type { Check } from "./index.ts";

export const reachableSteps: Check = {
  name: "reachable-steps",
  codes: ["LF401"],
  run({ program, graph, bag }) {
    const seen = reachable(graph);
    const steps = program.steps;
    for (let i = 0; i < steps.length; i++) {
      if (seen[i]) continue;
      let j = i;
      while (j + 1 < steps.length && !seen[j + 1]) j++;
      const count = j - i + 1;
      const related: RelatedPlace[] = [];
      const before = steps[i - 1];
      if (before?.kind === "end") related.push({ span: before.span, message: "the step before ends the conversation" });
      else if (before?.kind === "goto") related.push({ span: before.span, message: "the step before always jumps away" });
      else if (before) related.push({ span: before.span, message: "the step before never falls through to it" });
      if (count > 1) related.push({ span: steps[j]!.span, message: "the unreachable steps run to here" });
      const id = program.stepIds[i];
      bag.report("LF401", count === 1 ? "this step is never reached" : `these ${count} steps are never reached`, {
        span: steps[i]!.span,
        related,
        hint: id ? `jump to it (\`goto ${id}\`, \`-> ${id}\`) from a step that is reached, or remove it` : "give it an id and jump to it from a step that is reached, or remove it",
      });
      i = j;
    }
  },
};
