/**
 * Controller declared
 *
 * Every flow names exactly one controller and how to reach them, in the flow
 * or a policy file it uses: the person must be told who is responsible for
 * their data (Art. 13(1)(a)–(b)).
 */
import { note } from "../diagnostics/messages.ts";
import type { ControllerDecl } from "../ast.ts";
import { fileStart } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

export const controllerDeclared: Check = {
  name: "controller-declared",
  codes: ["LF206"],
  run({ program, bag }) {
    const controllers = program.files.flatMap((f) => f.declarations.filter((d): d is ControllerDecl => d.kind === "controller"));
    if (controllers.length === 0) {
      bag.report("controller-declared.missing", {}, { span: program.flow?.name.span ?? fileStart(program) });
      return;
    }
    const first = controllers[0]!;
    for (const extra of controllers.slice(1)) {
      bag.report("controller-declared.second", {}, { span: extra.name.span, related: [note("controller-declared.firstHere", {}, first.name.span)] });
    }
  },
};
