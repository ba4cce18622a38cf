/**
 * Small readers over the AST that several checks share: the texts a step
 * shows, the fields they interpolate, the nodes of a condition, the jumps a
 * step makes, and which purposes concern the flow being checked.
 */
import type { Condition, Declaration, Name, Step, Text } from "../ast.ts";
import { purposeNeeds, type Program } from "../program.ts";
import { didYouMean } from "./suggest.ts";
import { span, type Span } from "../source.ts";

/** The texts a step shows to the person (where `{field}` is interpolated). */
export function stepTexts(step: Step): Text[] {
  switch (step.kind) {
    case "say":
    case "end":
      return [step.text];
    case "ask":
      return [step.question];
    case "consent":
      return [step.request];
    case "if":
    case "goto":
      return [];
  }
}

/** The `{field}` names interpolated in a step's texts. */
export function interpolatedNames(step: Step): Name[] {
  const names: Name[] = [];
  for (const t of stepTexts(step)) for (const p of t.parts) if (p.kind === "field") names.push(p.name);
  return names;
}

/** Every node of a condition, in source order (pre-order). */
export function conditionNodes(cond: Condition): Condition[] {
  const out: Condition[] = [];
  const stack: Condition[] = [cond];
  while (stack.length > 0) {
    const c = stack.pop()!;
    out.push(c);
    if (c.kind === "and" || c.kind === "or") stack.push(c.right, c.left);
    else if (c.kind === "not") stack.push(c.operand);
  }
  return out;
}

/** The step ids a step jumps to, as written. */
export function jumpTargets(step: Step): Name[] {
  switch (step.kind) {
    case "ask": {
      const t = step.when.map((w) => w.target);
      if (step.retry) t.push(step.retry.target);
      if (step.next) t.push(step.next);
      return t;
    }
    case "consent":
      return [step.given, step.refused].filter((n): n is Name => n !== undefined);
    case "if":
    case "goto":
      return [step.target];
    default:
      return [];
  }
}

/** An empty span at the start of the flow file, for problems of the file as a whole. */
export function fileStart(program: Program): Span {
  return span(program.main.span.file, 0, 0);
}

/**
 * Purposes this flow is answerable for: those declared in the flow file and
 * those its steps name. A shared policy file may declare purposes that other
 * flows use; they are not this flow's business.
 */
export function relevantPurposes(program: Program): Set<string> {
  const names = new Set<string>();
  for (const d of program.main.declarations) if (d.kind === "purpose") names.add(d.name.text);
  for (const step of program.steps) {
    if (step.kind === "ask") for (const u of step.purposes) names.add(u.purpose.text);
    else if (step.kind === "consent") names.add(step.purpose.text);
    else if (step.kind === "if") for (const c of conditionNodes(step.condition)) if (c.kind === "given") names.add(c.purpose.text);
  }
  return names;
}

/** Every purpose and field declaration of the program in file order, duplicates included. */
const declarationsOf = new WeakMap<Program, readonly Declaration[]>();

/** Every declaration of the program's files, gathered once per program: most checks walk them. */
export function allDeclarations(program: Program): readonly Declaration[] {
  let all = declarationsOf.get(program);
  if (!all) declarationsOf.set(program, (all = program.files.flatMap((f) => f.declarations)));
  return all;
}

/**
 * The declared names that misspelt references most likely meant: for each
 * field named by a `needs`, an ask, a `keeps`, an `{interpolation}` or
 * `known(…)`, and each purpose named by an ask or a consent step, that is
 * not declared (LF202, LF203 report it), the closest declared one. A check
 * that would report what follows from the misspelling (a field no purpose
 * needs, a consent purpose without its step) leaves the meant name alone:
 * one mistake, one error.
 */
export function meantNames(program: Program): { readonly fields: ReadonlySet<string>; readonly purposes: ReadonlySet<string> } {
  const fields = new Set<string>();
  const purposes = new Set<string>();
  const field = (n: Name) => {
    if (program.fields.has(n.text)) return;
    const meant = didYouMean(n.text, program.fields.keys());
    if (meant) fields.add(meant);
  };
  const purpose = (n: Name) => {
    if (program.purposes.has(n.text)) return;
    const meant = didYouMean(n.text, program.purposes.keys());
    if (meant) purposes.add(meant);
  };
  for (const p of program.purposes.values()) for (const n of purposeNeeds(p)) field(n);
  for (const step of program.steps) {
    for (const n of interpolatedNames(step)) field(n);
    if (step.kind === "ask") {
      field(step.field);
      for (const u of step.purposes) purpose(u.purpose);
    } else if (step.kind === "consent") {
      purpose(step.purpose);
      for (const k of step.keeps ?? []) field(k);
    } else if (step.kind === "if") {
      for (const c of conditionNodes(step.condition)) if (c.kind === "known") field(c.field);
    }
  }
  return { fields, purposes };
}
