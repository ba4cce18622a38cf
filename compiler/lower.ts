/**
 * Lowering: a checked program → the machine definition (runtime/machine.ts),
 * the dense state table the runtime runs and the emitter writes out.
 *
 * - One node per step, in step order, except `goto`: a goto has no node;
 *   every jump to it goes straight to its target (chains are followed).
 * - `say` → SayNode, `if` → BranchNode (true: the jump, false: the next
 *   step), `ask`/`consent`/`end` → waiting nodes whose `id` is the step id
 *   from `program.stepIds` (anonymous ends are `end`, `end_2`, …).
 * - A step without a jump falls through to the following step.
 * - Texts become templates of literal strings and `{field}` references.
 * - In conditions a bare word names a field when a field has that name, else
 *   it is a value; symbol values compared with (or branching on) a `yesno`
 *   field become booleans, numbers stay numbers, choice values stay strings.
 *
 * Lowering runs only after the checks found no errors, so names resolve and
 * no path runs past the last step. It does not report: a broken invariant is
 * a bug in Lawflow and throws an Error that says so. Pure; linear in the
 * size of the program.
 */
import type { Condition as AstCondition, Duration as AstDuration, FieldType as AstFieldType, Literal, Name, Operand as AstOperand, Retention as AstRetention, Step, Text } from "./ast.ts";
import { BASIS_NAMES } from "./ast.ts";
import type { Program } from "./program.ts";
import { stronglyConnected } from "./analyses/scc.ts";
import { PHRASES } from "../runtime/commands.ts";
import {
  purposeBasis,
  purposeConsentValid,
  purposeEvidence,
  purposeItem,
  purposeItems,
  purposeNeeds,
  purposeObjectPhrases,
  purposeObjectable,
  purposeRetention,
} from "./program.ts";
import type {
  Basis,
  Condition,
  Duration,
  FieldDef,
  FieldType,
  FieldValue,
  MachineDefinition,
  Node,
  NodeIndex,
  Operand,
  PurposeDef,
  Retention,
  TextTemplate,
} from "../runtime/machine.ts";

function internal(message: string): Error {
  return new Error(`Lawflow internal error (lower): ${message}. This is a bug in Lawflow, not in the flow; please report it.`);
}

/**
 * The program as a machine definition. `notice` is the stamp of the privacy
 * notice of the same program (documents/stamp.ts), which the machine carries
 * so prompts and consent receipts can cite it.
 */
export function lower(program: Program, notice?: MachineDefinition["notice"]): MachineDefinition {
  const flow = program.flow;
  if (!flow) throw internal("the program has no flow declaration");
  const controller = program.controller;
  if (!controller) throw internal("the program has no controller");

  const steps = program.steps;
  if (steps.length === 0) throw internal("the flow has no steps");

  // Node index of each step (gotos have none).
  const nodeOf: (NodeIndex | undefined)[] = [];
  let count = 0;
  for (const step of steps) nodeOf.push(step.kind === "goto" ? undefined : count++);

  /** The node control reaches when it goes to step `i`: through gotos to a real node. */
  const enter = (i: number): NodeIndex => {
    let at = i;
    for (let hops = 0; hops <= steps.length; hops++) {
      if (at < 0 || at >= steps.length) throw internal(`control runs past the last step (from step ${i + 1})`);
      const step = steps[at]!;
      if (step.kind !== "goto") return nodeOf[at]!;
      at = resolve(step.target);
    }
    throw internal(`a cycle of gotos without a waiting step (through step ${i + 1})`);
  };
  const resolve = (name: Name): number => {
    const index = program.stepIndex.get(name.text);
    if (index === undefined) throw internal(`the jump target ${JSON.stringify(name.text)} does not resolve`);
    return index;
  };
  const jump = (name: Name) => enter(resolve(name));
  const following = (i: number) => enter(i + 1);
  const idOf = (i: number): string => {
    const id = program.stepIds[i];
    if (id === undefined) throw internal(`waiting step ${i + 1} has no id`);
    return id;
  };
  const fieldType = (name: string) => program.fields.get(name)?.type;

  const nodes: Node[] = [];
  steps.forEach((step, i) => {
    const node = lowerStep(step, i);
    if (node) nodes.push(node);
  });
  markLoops(nodes);

  function lowerStep(step: Step, i: number): Node | undefined {
    switch (step.kind) {
      case "say":
        return { kind: "say", text: template(step.text), next: following(i) };
      case "if":
        return { kind: "branch", test: condition(step.condition), then: jump(step.target), else: following(i) };
      case "goto":
        return undefined;
      case "ask": {
        const type = fieldType(step.field.text);
        const node = {
          kind: "ask" as const,
          id: idOf(i),
          field: step.field.text,
          text: template(step.question),
          purposes: step.purposes.map((use) => ({ purpose: use.purpose.text, basis: basis(use.basis.text) })),
          optional: step.optional,
          when: step.when.map((w) => ({ value: literal(w.value, type), next: jump(w.target) })),
          next: step.next ? jump(step.next) : following(i),
        };
        return step.retry ? { ...node, retry: { limit: step.retry.limit, next: jump(step.retry.target) } } : node;
      }
      case "consent":
        return {
          kind: "consent",
          id: idOf(i),
          purpose: step.purpose.text,
          text: template(step.request),
          given: step.given ? jump(step.given) : following(i),
          refused: step.refused ? jump(step.refused) : following(i),
          ...(step.keeps ? { keeps: [...new Set(step.keeps.map((k) => k.text))] } : {}),
        };
      case "end":
        return step.outcome
          ? { kind: "end", id: idOf(i), text: template(step.text), outcome: step.outcome.text }
          : { kind: "end", id: idOf(i), text: template(step.text) };
    }
  }

  function condition(c: AstCondition): Condition {
    switch (c.kind) {
      case "and":
      case "or":
        return { op: c.kind, left: condition(c.left), right: condition(c.right) };
      case "not":
        return { op: "not", operand: condition(c.operand) };
      case "known":
        return { op: "known", field: c.field.text };
      case "given":
        return { op: "given", purpose: c.purpose.text };
      case "compare": {
        // A literal takes its meaning from the field on the other side (yes/no → boolean for a yesno field).
        const typeOf = (o: AstOperand) => (o.kind === "name" && program.fields.has(o.name.text) ? fieldType(o.name.text) : undefined);
        return { op: c.op, left: operand(c.left, typeOf(c.right)), right: operand(c.right, typeOf(c.left)) };
      }
    }
  }

  function operand(o: AstOperand, other: AstFieldType | undefined): Operand {
    if (o.kind === "name") {
      if (program.fields.has(o.name.text)) return { field: o.name.text };
      return { value: symbol(o.name.text, other) };
    }
    return { value: literal(o, other) };
  }

  const purposes: PurposeDef[] = [...program.purposes.values()].map((p) => {
    const b = purposeBasis(p);
    if (b === undefined) throw internal(`purpose ${JSON.stringify(p.name.text)} has no valid basis`);
    const retention = purposeRetention(p);
    if (!retention) throw internal(`purpose ${JSON.stringify(p.name.text)} has no retention`);
    const evidence = purposeEvidence(p);
    const consentValid = purposeConsentValid(p);
    const condition = purposeItem(p, "condition");
    const category = purposeItem(p, "category");
    return {
      name: p.name.text,
      why: p.why.value,
      basis: b,
      ...(evidence ? { evidence: evidence.value } : {}),
      retention: lowerRetention(retention),
      ...(consentValid ? { consentValid: duration(consentValid) } : {}),
      needs: purposeNeeds(p).map((n) => n.text),
      withdrawOn: purposeItems(p, "withdraw_on").flatMap((i) => i.phrases.map((t) => t.value)),
      ...(purposeObjectable(p) ? { objectOn: purposeObjectPhrases(p) } : {}),
      ...(purposeItem(p, "direct_marketing") ? { directMarketing: true as const } : {}),
      ...(b === "legal_obligation" || b === "public_task" ? { kept: keptText(p.why.value, evidence?.value, b) } : {}),
      sharedWith: purposeItems(p, "shared_with").flatMap((i) => i.recipients.map((t) => t.value)),
      transfers: purposeItems(p, "transfer").map((t) => ({ country: t.country.value, safeguard: t.safeguard.value })),
      ...(condition ? { condition: condition.condition.text } : {}),
      ...(category ? { category: category.category.text } : {}),
    };
  });

  const fields: FieldDef[] = [...program.fields.values()].map((f) => {
    const label = f.label ? f.label.value : f.name.text.replaceAll("_", " ");
    const type = lowerFieldType(f.type);
    return {
      name: f.name.text,
      label,
      type,
      hint: hint(label, type),
      ...(f.special ? { special: f.special.text } : {}),
      ...(f.category ? { category: f.category.text } : {}),
    };
  });

  return {
    id: flow.name.text,
    version: flow.version.value,
    controller: {
      name: controller.name.value,
      contact: controller.contact.value,
      ...(controller.dpo ? { dpo: controller.dpo.value } : {}),
    },
    ...(notice ? { notice } : {}),
    purposes,
    fields,
    nodes,
    start: enter(0),
    phrases: PHRASES,
  };
}

/** Where a node can go next. */
function successors(n: Node): NodeIndex[] {
  switch (n.kind) {
    case "say":
      return [n.next];
    case "branch":
      return [n.then, n.else];
    case "consent":
      return [n.given, n.refused];
    case "ask":
      return [n.next, ...n.when.map((w) => w.next), ...(n.retry ? [n.retry.next] : [])];
    case "end":
      return [];
  }
}

/**
 * Mark each ask the flow can come back to (`loop: true`): one in a strongly
 * connected component of more than one node, or one that leads to itself.
 * The runtime asks such an ask again each time it is reached
 * (docs/language.md, "Loops"); computing it here keeps the search out of
 * every page that runs a flow.
 */
function markLoops(nodes: Node[]): void {
  for (const component of stronglyConnected(nodes.length, (i) => successors(nodes[i]!))) {
    for (const i of component) {
      const n = nodes[i]!;
      if (n.kind === "ask" && (component.length > 1 || successors(n).includes(i))) nodes[i] = { ...n, loop: true };
    }
  }
}

/** Text → template: literal runs (adjacent ones merged, empty ones dropped) and `{field}` references. */
function template(text: Text): TextTemplate {
  const out: (string | { readonly field: string })[] = [];
  for (const part of text.parts) {
    if (part.kind === "field") out.push({ field: part.name.text });
    else if (part.value.length > 0) {
      const last = out[out.length - 1];
      if (typeof last === "string") out[out.length - 1] = last + part.value;
      else out.push(part.value);
    }
  }
  return out;
}

function basis(name: string): Basis {
  if (!(BASIS_NAMES as readonly string[]).includes(name)) throw internal(`unknown basis ${JSON.stringify(name)} at an ask`);
  return name as Basis;
}

/**
 * What a person is told after "forget me" about data erasure keeps (Art.
 * 17(3)(b)): the purpose, the law or task it rests on, and when it goes.
 */
export function keptText(why: string, evidence: string | undefined, basis: "legal_obligation" | "public_task"): string {
  const bare = (s: string) => s.trim().replace(/[.!?]+$/, "");
  const because = evidence ? ` (${bare(evidence)})` : "";
  const need = basis === "legal_obligation" ? "the law requires it" : "it is needed for a task in the public interest";
  return `We keep the data we need for “${bare(why)}”${because}: ${need}, so erasure does not reach it (Art. 17(3)(b)). It is deleted when its retention period ends.`;
}

const YES = new Set(["yes", "true"]);
const NO = new Set(["no", "false"]);

/** A bare word as a value: a boolean when it meets a yesno field, else the word (a choice value). */
function symbol(word: string, type: AstFieldType | undefined): FieldValue {
  if (type?.kind === "yesno") {
    if (YES.has(word)) return true;
    if (NO.has(word)) return false;
  }
  return word;
}

function literal(l: Literal, type: AstFieldType | undefined): FieldValue {
  return l.kind === "symbol" ? symbol(l.value, type) : l.value;
}

function duration(d: AstDuration): Duration {
  return { amount: d.amount, unit: d.unit };
}

function lowerRetention(r: AstRetention): Retention {
  switch (r.kind) {
    case "session":
      return { kind: "session" };
    case "until_withdrawn":
      return { kind: "until_withdrawn" };
    case "period":
      return { kind: "period", period: duration(r.period), orUntilWithdrawn: r.orUntilWithdrawn };
  }
}

/** What a refused answer for a field is told by default (FieldDef.hint). */
export function hint(label: string, type: FieldType): string {
  if (type.kind === "choice") return `Please pick one of: ${type.options.map((o) => o.label).join(", ")}.`;
  return `Please give ${label}${type.kind === "date" ? " (YYYY-MM-DD)" : ""}.`;
}

function lowerFieldType(t: AstFieldType): FieldType {
  switch (t.kind) {
    case "text":
      return { kind: "text", max: t.max };
    case "integer":
    case "number":
      return { kind: t.kind, min: t.min, max: t.max };
    case "choice":
      return { kind: "choice", options: t.options.map((o) => ({ value: o.value.text, label: o.label.value })) };
    case "email":
    case "phone":
    case "yesno":
    case "date":
      return { kind: t.kind };
  }
}
