/**
 * Flow declaration
 *
 * A flow file declares itself exactly once, with a semantic version: the
 * version is stamped on every consent and record, so a person's consent can
 * be tied to the exact conversation they saw (Art. 7(1): the controller must
 * be able to demonstrate consent).
 */
import type { FlowDecl } from "../ast.ts";
import { fileStart } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export const flowDeclaration: Check = {
  name: "flow-declaration",
  codes: ["LF205", "LF212"],
  run({ program, bag }) {
    const flows = program.main.declarations.filter((d): d is FlowDecl => d.kind === "flow");
    if (flows.length === 0) {
      bag.report("LF205", "the file has no `flow` declaration", {
        span: fileStart(program),
        hint: 'start the file with `flow Name version "1.0.0"`',
      });
    }
    const first = flows[0];
    for (const extra of flows.slice(1)) {
      bag.report("LF205", `the flow is declared again as \`${extra.name.text}\`; a file holds one flow`, {
        span: extra.name.span,
        related: [{ span: first!.name.span, message: `the flow is first declared here as \`${first!.name.text}\`` }],
        hint: "remove this declaration, or move the second flow into a file of its own",
      });
    }
    for (const f of flows) {
      if (!SEMVER.test(f.version.value)) {
        bag.report("LF212", `\`${f.version.value}\` is not a semantic version`, {
          span: f.version.span,
          hint: 'write MAJOR.MINOR.PATCH, e.g. "1.0.0"; raise it whenever the conversation changes',
        });
      }
    }
  },
};
