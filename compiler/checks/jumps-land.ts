/**
 * Jumps land
 *
 * Every `-> ID`, `goto ID`, `when … -> ID`, `given/refused -> ID` and
 * `retry … then -> ID` names a step of the flow, so the conversation never
 * jumps into nothing.
 */
import { suggestion } from "../analyses/suggest.ts";
import { jumpTargets } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

export const jumpsLand: Check = {
  name: "jumps-land",
  codes: ["LF204"],
  run({ program, bag }) {
    for (const step of program.steps) {
      for (const target of jumpTargets(step)) {
        if (program.stepIndex.has(target.text)) continue;
        bag.report("jumps-land.unknown", { name: target.text }, { span: target.span, hint: suggestion(target.text, program.stepIndex.keys()) });
      }
    }
  },
};
