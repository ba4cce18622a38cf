/**
 * Turns a witness path into the notes of a diagnostic: one related place per
 * step passed, saying how control left it ("→ consent `newsletter` refused",
 * "→ ask `plan`, answered `enterprise`"). Long paths keep their beginning and
 * end, so a diagnostic on a huge flow stays readable.
 */
import type { Step } from "../ast.ts";
import type { RelatedPlace } from "../diagnostics/diagnostic.ts";
import { note, phrase } from "../diagnostics/messages.ts";
import type { Program } from "../program.ts";
import type { Edge } from "./flow-graph.ts";

function clip(s: string, max = 40): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > max ? one.slice(0, max - 1) + "…" : one;
}

function stepLabel(program: Program, index: number): string {
  const step = program.steps[index]!;
  const id = program.stepIds[index];
  switch (step.kind) {
    case "say":
      return id ? `say \`${id}\`` : `say "${clip(step.text.value)}"`;
    case "ask":
      return `ask \`${id ?? step.field.text}\``;
    case "consent":
      return `consent \`${id ?? step.purpose.text}\``;
    case "if":
      return `if ${clip(sourceOf(step))}`;
    case "goto":
      return `goto \`${step.target.text}\``;
    case "end":
      return `end \`${id ?? "end"}\``;
  }
}

function sourceOf(step: Extract<Step, { kind: "if" }>): string {
  const s = step.condition.span;
  return s.file.text.slice(s.start, s.end);
}

/** How control leaves the edge's source step along `edge`. */
export function describeEdge(program: Program, edge: Edge): string {
  const step = program.steps[edge.from]!;
  const label = stepLabel(program, edge.from);
  switch (edge.kind) {
    case "given":
      return phrase("path.given", { step: label });
    case "refused":
      return phrase("path.refused", { step: label });
    case "then":
      return phrase("path.true", { step: label });
    case "else":
      return phrase("path.false", { step: label });
    case "when": {
      const w = step.kind === "ask" && edge.branch !== undefined ? step.when[edge.branch] : undefined;
      const v = w ? (w.value.kind === "string" ? JSON.stringify(w.value.value) : String(w.value.value)) : "?";
      return phrase("path.answered", { step: label, value: v });
    }
    case "retry":
      return phrase("path.retry", { step: label });
    case "next":
      return phrase(step.kind === "ask" && step.optional ? "path.answeredOrSkipped" : "path.next", { step: label });
    case "goto":
      return phrase("path.next", { step: label });
  }
}

/** Notes for each edge of the path; at most `max` of them (the middle is elided). */
export function pathNotes(program: Program, path: readonly Edge[], max = 16): RelatedPlace[] {
  const notes: RelatedPlace[] = path.map((e) => ({ span: e.span, message: describeEdge(program, e) }));
  if (notes.length <= max) return notes;
  const head = 4;
  const tail = max - head - 1;
  const skipped = notes.length - head - tail;
  return [
    ...notes.slice(0, head),
    note("path.elided", { count: skipped }, notes[head]!.span),
    ...notes.slice(notes.length - tail),
  ];
}
