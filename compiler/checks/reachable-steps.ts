/**
 * Every step is reachable
 *
 * A step no path reaches is dead text: a question that is never asked still
 * appears in the notice and the record, and usually means a jump is missing.
 * Reported once per run of consecutive unreachable steps.
 */
import { hintText, note } from "../diagnostics/messages.ts";
import { reachable } from "../analyses/flow-graph.ts";
import type { RelatedPlace } from "../diagnostics/diagnostic.ts";
import type { Check } from "./index.ts";

export const reachableSteps: Check = {
  name: "reachable-steps",
  codes: ["LF401"],
  paths: true,
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
      if (before?.kind === "end") related.push(note("reachable-steps.afterEnd", {}, before.span));
      else if (before?.kind === "goto") related.push(note("reachable-steps.afterGoto", {}, before.span));
      else if (before) related.push(note("reachable-steps.noFallThrough", {}, before.span));
      if (count > 1) related.push(note("reachable-steps.runToHere", {}, steps[j]!.span));
      const id = program.stepIds[i];
      bag.report(count === 1 ? "reachable-steps.one" : "reachable-steps.many", { count }, { span: steps[i]!.span, related, hint: id ? hintText("reachable-steps.jumpTo", { id }) : undefined });
      i = j;
    }
  },
};
