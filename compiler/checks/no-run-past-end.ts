/**
 * Control never runs past the last step
 *
 * Every path ends at an `end` (which tells the person the conversation is
 * over and what happens to their data) — it never falls off the end of the
 * file. The last step must be an `end`, a `goto`, or an ask or consent whose
 * every way out jumps elsewhere.
 */
import { END_OF_FILE, reachable } from "../analyses/flow-graph.ts";
import type { Check } from "./index.ts";

export const noRunPastEnd: Check = {
  name: "no-run-past-end",
  codes: ["LF403"],
  paths: true,
  run({ program, graph, bag }) {
    const seen = reachable(graph);
    program.steps.forEach((step, i) => {
      if (!seen[i]) return;
      const off = graph.out[i]!.filter((e) => e.to === END_OF_FILE);
      if (off.length === 0) return;
      const how = off.map((e) => e.kind).join(" or ");
      bag.report(step.kind === "if" ? "no-run-past-end.ifFalse" : step.kind === "consent" ? "no-run-past-end.consent" : "no-run-past-end.after", { how }, { span: step.span });
    });
  },
};
