/**
 * Flow declaration
 *
 * A flow file declares itself exactly once, with a semantic version: the
 * version is stamped on every consent and record, so a person's consent can
 * be tied to the exact conversation they saw (Art. 7(1): the controller must
 * be able to demonstrate consent).
 */
import { note } from "../diagnostics/messages.ts";
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
      bag.report("flow-declaration.missing", {}, { span: fileStart(program) });
    }
    const first = flows[0];
    for (const extra of flows.slice(1)) {
      bag.report("flow-declaration.again", { name: extra.name.text }, { span: extra.name.span, related: [note("flow-declaration.firstHere", { name: first!.name.text }, first!.name.span)] });
    }
    for (const f of flows) {
      if (!SEMVER.test(f.version.value)) {
        bag.report("flow-declaration.badVersion", { version: f.version.value }, { span: f.version.span });
      }
    }
  },
};
