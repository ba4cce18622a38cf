/**
 * The diagram of one flow as a graph, before any format: waiting steps (ask,
 * consent, end) are nodes, `if` is a decision, say and goto are passed
 * through; jumps and branches are labelled edges. Each ask names the purposes
 * and bases it collects for, each consent the purpose it gates. Labels are
 * plain text: each format (mermaid.ts, dot.ts, svg.ts) escapes them its way.
 *
 * Built only when a diagram is asked for: neither the notice nor the stamp a
 * compiled machine carries needs it.
 */
import type { ConsentStep } from "../ast.ts";
import { buildFlowGraph, END_OF_FILE, type Edge } from "../analyses/flow-graph.ts";
import type { Program } from "../program.ts";
import { conditionText } from "./wording.ts";

export interface FlowDiagram {
  /** The flow's name and version, which a format may print as the title. */
  readonly name: string;
  readonly version: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

export interface DiagramNode {
  /** A safe identifier (n0, n1…) for every output format. */
  readonly id: string;
  readonly kind: "start" | "ask" | "consent" | "end" | "if" | "eof";
  /** The step id, where the step has one. */
  readonly step?: string;
  /** Lines of the label, plain text (each format escapes them). */
  readonly lines: readonly string[];
  /** For asks: the purposes and bases ("quote (contract)"); for consent: the gated purpose. */
  readonly purposes: readonly string[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: Edge["kind"] | "start";
  /** Plain-text label, absent for plain sequence. */
  readonly label?: string;
}

/**
 * Waiting steps become nodes; say and goto are passed through (their edges
 * lead on to the next step that is drawn); if is a decision node.
 */
export function flowDiagram(program: Program): FlowDiagram {
  const graph = buildFlowGraph(program);
  const steps = program.steps;
  const drawn = (i: number) => {
    const k = steps[i]!.kind;
    return k === "ask" || k === "consent" || k === "end" || k === "if";
  };
  const nodes: DiagramNode[] = [{ id: "start", kind: "start", lines: ["start"], purposes: [] }];
  const nodeOf = new Map<number, string>();
  steps.forEach((step, i) => {
    if (!drawn(i)) return;
    const id = `n${i}`;
    nodeOf.set(i, id);
    const stepName = program.stepIds[i];
    switch (step.kind) {
      case "ask": {
        const uses = step.purposes.map((u) => `${u.purpose.text} (${u.basis.text})`);
        const head = stepName && stepName !== step.field.text ? `ask ${stepName}: ${step.field.text}` : `ask ${step.field.text}`;
        nodes.push({
          id,
          kind: "ask",
          ...(stepName ? { step: stepName } : {}),
          lines: [head + (step.optional ? " (optional)" : ""), step.question.value, `for ${uses.join(", ")}`],
          purposes: uses,
        });
        break;
      }
      case "consent": {
        const c = step as ConsentStep;
        const head = stepName && stepName !== c.purpose.text ? `consent ${stepName}: ${c.purpose.text}` : `consent ${c.purpose.text}`;
        nodes.push({
          id,
          kind: "consent",
          ...(stepName ? { step: stepName } : {}),
          lines: [head, c.request.value],
          purposes: [`${c.purpose.text} (consent)`],
        });
        break;
      }
      case "end":
        nodes.push({
          id,
          kind: "end",
          ...(stepName ? { step: stepName } : {}),
          lines: [`end ${stepName ?? ""}`.trim() + (step.outcome ? ` as ${step.outcome.text}` : ""), step.text.value],
          purposes: [],
        });
        break;
      case "if":
        nodes.push({ id, kind: "if", ...(stepName ? { step: stepName } : {}), lines: [`if ${conditionText(step.condition)}`], purposes: [] });
        break;
      default:
        break;
    }
  });

  let eof = false;
  /** Follows say and goto steps to the step that is drawn (or the end of the file). */
  const land = (to: number): string => {
    const seen = new Set<number>();
    let i = to;
    while (i !== END_OF_FILE && !drawn(i)) {
      if (seen.has(i)) return "loop";
      seen.add(i);
      const next = graph.out[i]![0];
      if (!next) return "eof";
      i = next.to;
    }
    if (i === END_OF_FILE) {
      eof = true;
      return "eof";
    }
    return nodeOf.get(i)!;
  };

  const edges: DiagramEdge[] = [];
  const edgeKeys = new Set<string>();
  const add = (e: DiagramEdge) => {
    // One edge per (from, to, label); an absent label is distinct from every label.
    const key = `${e.from}\u0000${e.to}\u0000${e.label === undefined ? "\u0001" : `\u0002${e.label}`}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(e);
  };
  if (graph.entry !== END_OF_FILE) add({ from: "start", to: land(graph.entry), kind: "start" });
  steps.forEach((step, i) => {
    const from = nodeOf.get(i);
    if (!from) return;
    for (const e of graph.out[i]!) {
      const to = e.to === END_OF_FILE ? ((eof = true), "eof") : land(e.to);
      add({ from, to, kind: e.kind, ...edgeLabel(step, e) });
    }
  });
  if (eof) nodes.push({ id: "eof", kind: "eof", lines: ["runs past the last step"], purposes: [] });
  if (edges.some((e) => e.to === "loop")) nodes.push({ id: "loop", kind: "eof", lines: ["loop without a question"], purposes: [] });
  return { name: program.flow?.name.text ?? "Unnamed", version: program.flow?.version.value ?? "0.0.0", nodes, edges: mergeParallel(edges) };
}

/**
 * Labelled edges between the same two nodes become one edge, labelled
 * "given or refused": drawn apart, Graphviz and Mermaid lay two parallel
 * edges' labels side by side, touching, so they read as "givenrefused". The
 * merged edge is dashed only if every edge in it was (a refusal, a retry).
 * An unlabelled edge stays apart: its neighbour's label is the only one.
 */
function mergeParallel(edges: readonly DiagramEdge[]): DiagramEdge[] {
  const out: DiagramEdge[] = [];
  const merged = new Map<string, number>();
  for (const e of edges) {
    if (e.label === undefined) {
      out.push(e);
      continue;
    }
    const key = `${e.from}\u0000${e.to}`;
    const at = merged.get(key);
    if (at === undefined) {
      merged.set(key, out.length);
      out.push(e);
      continue;
    }
    const first = out[at]!;
    out[at] = { ...first, kind: DASHED.has(first.kind) ? e.kind : first.kind, label: `${first.label} or ${e.label}` };
  }
  return out;
}

/** The kinds of edge drawn dashed (a way taken when the step's own way is not). */
export const DASHED: ReadonlySet<DiagramEdge["kind"]> = new Set(["refused", "retry"]);

function edgeLabel(step: Program["steps"][number], e: Edge): { label?: string } {
  switch (e.kind) {
    case "when": {
      if (step.kind !== "ask" || e.branch === undefined) return { label: "when" };
      const v = step.when[e.branch]!.value;
      return { label: `when ${v.kind === "string" ? JSON.stringify(v.value) : String(v.value)}` };
    }
    case "retry":
      return { label: step.kind === "ask" && step.retry ? `after ${step.retry.limit} invalid answers` : "retry" };
    case "given":
      return { label: "given" };
    case "refused":
      return { label: "refused" };
    case "then":
      return { label: "then" };
    case "else":
      return { label: "else" };
    case "next":
      return step.kind === "ask" && step.optional ? { label: "answered or skipped" } : {};
    case "goto":
      return {};
  }
}

/** The flow's name and version, as a diagram's title names it: "Flow diagram: LeadCapture 1.0.0". */
export function diagramTitle(diagram: FlowDiagram): string {
  return `Flow diagram: ${diagram.name} ${diagram.version}`;
}

/** How many step ids a summary lists for one kind of step before "and N more". */
const LISTED = 12;

/**
 * A summary of the diagram in one paragraph, plain text, for a reader who
 * cannot see it (an SVG's `<desc>`): the steps of each kind with their ids,
 * and the purposes the flow collects for.
 */
export function diagramSummary(diagram: FlowDiagram): string {
  const kinds: [DiagramNode["kind"], string, string][] = [
    ["ask", "question", "questions"],
    ["consent", "consent request", "consent requests"],
    ["if", "decision", "decisions"],
    ["end", "end", "ends"],
  ];
  const parts: string[] = [];
  for (const [kind, one, many] of kinds) {
    const of = diagram.nodes.filter((n) => n.kind === kind);
    if (of.length === 0) continue;
    const names = of.map((n) => n.step ?? n.lines[0]!);
    const listed = names.length > LISTED ? [...names.slice(0, LISTED), `and ${names.length - LISTED} more`] : names;
    parts.push(`${of.length} ${of.length === 1 ? one : many} (${listed.join(", ")})`);
  }
  const steps = parts.length === 0 ? "no steps" : parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  const purposes = [...new Set(diagram.nodes.flatMap((n) => n.purposes))];
  const sentences = [`${diagram.name} ${diagram.version}, from start through ${steps}.`];
  if (purposes.length > 0) sentences.push(`It collects for ${purposes.join(", ")}.`);
  if (diagram.nodes.some((n) => n.id === "eof")) sentences.push("It can run past its last step.");
  if (diagram.nodes.some((n) => n.id === "loop")) sentences.push("It has a loop without a question.");
  return sentences.join(" ");
}

/** What a step is, for the tooltip of its box: "step company (ask)". */
export function nodeTitle(node: DiagramNode): string {
  if (node.kind === "start" || node.kind === "eof") return node.lines[0]!;
  const kind = node.kind === "if" ? "decision" : node.kind;
  return node.step !== undefined ? `step ${node.step} (${kind})` : `unnamed step (${kind}): ${node.lines[0]}`;
}
