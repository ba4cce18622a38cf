/**
 * A flow has steps
 *
 * A flow file describes a conversation; without steps there is nothing to
 * run (a file of only purposes and fields is a policy file, to be `use`d).
 */
import { fileStart } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

export const hasSteps: Check = {
  name: "has-steps",
  codes: ["LF404"],
  run({ program, bag }) {
    if (program.steps.length > 0) return;
    bag.report("LF404", program.flow ? `flow \`${program.flow.name.text}\` has no steps` : "the flow has no steps", {
      span: program.flow?.name.span ?? fileStart(program),
      hint: 'add the conversation after the declarations: `say`, `ask`, `consent` … and an `end "…"`',
    });
  },
};
