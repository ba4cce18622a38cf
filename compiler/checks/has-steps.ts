/**
 * A flow has steps
 *
 * A flow file describes a conversation; without steps there is nothing to
 * run (a file of only purposes and fields is a policy file, to be `use`d).
 */
import type { Check } from "./index.ts";

export const hasSteps: Check = {
  name: "has-steps",
  codes: ["LF404"],
  run({ program, bag }) {
    // Without a flow declaration the file is not a flow at all: LF205 says so once.
    if (program.steps.length > 0 || !program.flow) return;
    bag.report("has-steps.none", { flow: program.flow.name.text }, { span: program.flow.name.span });
  },
};
