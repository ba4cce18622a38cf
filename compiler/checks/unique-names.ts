/**
 * Nothing declared twice
 *
 * Purposes, fields, step ids and the values of a choice each have one
 * declaration, so that every name means one thing in the notice, the record
 * of processing (Art. 30) and the generated types.
 */
import type { FieldDecl, Name, PurposeDecl, Step } from "../ast.ts";
import type { DiagnosticBag } from "../diagnostics/diagnostic.ts";
import { allDeclarations } from "../analyses/walk.ts";
import { stepId } from "../ast.ts";
import type { Check } from "./index.ts";

function reportRepeats(bag: DiagnosticBag, names: readonly Name[], what: string, hint: (index: number) => string, code: "LF201" | "LF208" = "LF201") {
  const first = new Map<string, Name>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    const seen = first.get(n.text);
    if (!seen) {
      first.set(n.text, n);
      continue;
    }
    bag.report(code, `${what} \`${n.text}\` is declared twice`, {
      span: n.span,
      related: [{ span: seen.span, message: `\`${n.text}\` is first declared here` }],
      hint: hint(i),
    });
  }
}

export const uniqueNames: Check = {
  name: "unique-names",
  codes: ["LF201", "LF208"],
  run({ program, bag }) {
    const decls = allDeclarations(program);
    const purposes = decls.filter((d): d is PurposeDecl => d.kind === "purpose").map((d) => d.name);
    const fields = decls.filter((d): d is FieldDecl => d.kind === "field");
    reportRepeats(bag, purposes, "purpose", () => "rename one of them, or merge them into one purpose");
    reportRepeats(bag, fields.map((f) => f.name), "field", () => "rename one of them, or remove the second declaration");

    // Step ids: explicit ids, and the implicit ones (an ask is known by its field, a consent by its purpose).
    const ids: Name[] = [];
    const owners: Step[] = [];
    program.steps.forEach((step, i) => {
      const id = program.stepIds[i];
      if (id === undefined) return;
      ids.push({ text: id, span: stepId(step)?.span ?? step.span });
      owners.push(step);
    });
    reportRepeats(bag, ids, "step", (k) => {
      const step = owners[k]!;
      const id = ids[k]!.text;
      if (step.kind === "ask" && !step.id) return `give this step an id of its own: \`ask ${id}_again: ${id} …\``;
      if (step.kind === "consent" && !step.id) return `give this step an id of its own: \`consent ${id}_again: ${id} …\``;
      return "rename one of the steps";
    });

    for (const f of fields) {
      if (f.type.kind !== "choice") continue;
      reportRepeats(bag, f.type.options.map((o) => o.value), `choice value of \`${f.name.text}\``, () => "remove or rename the repeated value", "LF208");
    }
  },
};
