/**
 * Nothing declared twice
 *
 * Purposes, fields, step ids and the values of a choice each have one
 * declaration, so that every name means one thing in the notice, the record
 * of processing (Art. 30) and the generated types.
 */
import type { FieldDecl, Name, PurposeDecl, Step } from "../ast.ts";
import { note, type DiagnosticBag } from "../diagnostics/messages.ts";
import { allDeclarations } from "../analyses/walk.ts";
import { stepId } from "../ast.ts";
import type { Check } from "./index.ts";

type RepeatKey = "unique-names.purpose" | "unique-names.field" | "unique-names.step" | "unique-names.askStep" | "unique-names.consentStep" | "unique-names.choiceValue";

function reportRepeats(bag: DiagnosticBag, names: readonly Name[], key: (index: number) => RepeatKey, field = "") {
  const first = new Map<string, Name>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    const seen = first.get(n.text);
    if (!seen) {
      first.set(n.text, n);
      continue;
    }
    bag.report(key(i), { name: n.text, field }, { span: n.span, related: [note("unique-names.firstHere", { name: n.text }, seen.span)] });
  }
}

export const uniqueNames: Check = {
  name: "unique-names",
  codes: ["LF201", "LF208"],
  run({ program, bag }) {
    const decls = allDeclarations(program);
    const purposes = decls.filter((d): d is PurposeDecl => d.kind === "purpose").map((d) => d.name);
    const fields = decls.filter((d): d is FieldDecl => d.kind === "field");
    reportRepeats(bag, purposes, () => "unique-names.purpose");
    reportRepeats(bag, fields.map((f) => f.name), () => "unique-names.field");

    // Step ids: explicit ids, and the implicit ones (an ask is known by its field, a consent by its purpose).
    const ids: Name[] = [];
    const owners: Step[] = [];
    program.steps.forEach((step, i) => {
      const id = program.stepIds[i];
      if (id === undefined) return;
      ids.push({ text: id, span: stepId(step)?.span ?? step.span });
      owners.push(step);
    });
    reportRepeats(bag, ids, (k) => {
      const step = owners[k]!;
      if (step.kind === "ask" && !step.id) return "unique-names.askStep";
      if (step.kind === "consent" && !step.id) return "unique-names.consentStep";
      return "unique-names.step";
    });

    for (const f of fields) {
      if (f.type.kind !== "choice") continue;
      reportRepeats(bag, f.type.options.map((o) => o.value), () => "unique-names.choiceValue", f.name.text);
    }
  },
};
