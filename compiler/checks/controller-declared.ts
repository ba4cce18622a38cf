/**
 * Controller declared
 *
 * Every flow names exactly one controller and how to reach them, in the flow
 * or a policy file it uses: the person must be told who is responsible for
 * their data (Art. 13(1)(a)–(b)).
 */
import type { ControllerDecl } from "../ast.ts";
import { fileStart } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

export const controllerDeclared: Check = {
  name: "controller-declared",
  codes: ["LF206"],
  run({ program, bag }) {
    const controllers = program.files.flatMap((f) => f.declarations.filter((d): d is ControllerDecl => d.kind === "controller"));
    if (controllers.length === 0) {
      bag.report("LF206", "the flow names no controller", {
        span: program.flow?.name.span ?? fileStart(program),
        hint: 'add `controller "Your Company Ltd" contact "privacy@example.com"` (here or in a policy file you `use`)',
      });
      return;
    }
    const first = controllers[0]!;
    for (const extra of controllers.slice(1)) {
      bag.report("LF206", "a second controller is declared; a flow has exactly one", {
        span: extra.name.span,
        related: [{ span: first.name.span, message: "the controller is first declared here" }],
        hint: "remove one of them (joint controllers are not supported yet)",
      });
    }
  },
};
