/**
 * Consent before collection
 *
 * An ask that collects data for a purpose resting on consent is reached only
 * when consent to that purpose has been given on every path from the start
 * (Art. 6(1)(a): processing is lawful only if the person "has given
 * consent"; Art. 7(1): the controller must be able to demonstrate it). The
 * error shows one path that reaches the ask without consent.
 *
 * Consent is given along a consent step's `given` edge and along the edge of
 * an `if` that proves `given(P)`; it is lost along a `refused` edge.
 *
 * The proof is per purpose. One question may serve purposes whose consent
 * differs — a contract purpose and an optional consent purpose, or a consent
 * proven on every path and one that may be missing: the runtime stores the
 * answer only for the purposes with a lawful basis at that moment and leaves
 * out a purpose whose consent is missing (Art. 6(1)(a)), so such a purpose
 * needs no proof at the ask. What must be proven is that the question is
 * asked for something: an ask whose every purpose rests on consent that may
 * be missing is reported, with a path that reaches it without consent.
 *
 * An ask placed before the consent step of a consent purpose it also serves
 * is a warning (LF316): on a path that reaches the ask before any consent
 * request for P and goes on to one, the runtime leaves P out of the question
 * (Art. 6(1)(a)), and the later yes does not add the answer to P — a value
 * joins a purpose consented to later only through the consent step's
 * `keeps` (Art. 5(1)(b)). Nothing unlawful is stored, so it is a warning:
 * the flow says it collects for P and, on that path, never does. A consent
 * step that `keeps` the field is no such mistake. An ask reached on no path
 * with consent to P given (and no consent request for P after it) is the
 * same mistake without a consent step to name: `P under consent` there is
 * never collected for. A purpose with no consent step anywhere is reported
 * once, at the purpose (LF310), not at each of its questions.
 */
import { factsWhen } from "../analyses/condition-facts.ts";
import { END_OF_FILE, type Edge, type FlowGraph } from "../analyses/flow-graph.ts";
import { mustHold, type EdgeEffect, type FactQuery } from "../analyses/must-bits.ts";
import { pathNotes } from "../analyses/path-notes.ts";
import { note } from "../diagnostics/messages.ts";
import { searchProduct } from "../analyses/product-path.ts";
import type { PurposeUse } from "../ast.ts";
import { purposeBasis, type Program } from "../program.ts";
import type { Check } from "./index.ts";

const MAX_WITNESSES = 10;

/** How an edge changes which consents are given: +P on `given` and on a proven `given(P)`, −P on `refused`. */
export function consentAlong(program: Program, edge: Edge): { gen: string[]; kill: string[] } {
  const step = program.steps[edge.from]!;
  if (step.kind === "consent") {
    if (edge.kind === "given") return { gen: [step.purpose.text], kill: [] };
    if (edge.kind === "refused") return { gen: [], kill: [step.purpose.text] };
  }
  if (step.kind === "if") return { gen: [...factsWhen(step.condition, edge.kind === "then", "given")], kill: [] };
  return { gen: [], kill: [] };
}

export const consentBeforeCollection: Check = {
  name: "consent-before-collection",
  codes: ["LF302", "LF316"],
  paths: true,
  run({ program, graph, bag }) {
    // A consent purpose with no consent step at all is LF310's, once at the purpose, not again at each of its questions.
    const requested = new Set<string>();
    for (const step of program.steps) if (step.kind === "consent") requested.add(step.purpose.text);
    const uses: { step: number; use: PurposeUse }[] = [];
    program.steps.forEach((step, i) => {
      if (step.kind !== "ask") return;
      for (const u of step.purposes) {
        const p = program.purposes.get(u.purpose.text);
        if (p && purposeBasis(p) === "consent" && requested.has(u.purpose.text)) uses.push({ step: i, use: u });
      }
    });
    if (uses.length === 0) return;

    const ids = new Map<string, number>();
    for (const u of uses) if (!ids.has(u.use.purpose.text)) ids.set(u.use.purpose.text, ids.size);
    const toIds = (names: string[]) => names.map((n) => ids.get(n)).filter((x): x is number => x !== undefined);
    const effect = (edge: Edge): EdgeEffect | undefined => {
      const { gen, kill } = consentAlong(program, edge);
      if (gen.length === 0 && kill.length === 0) return undefined;
      return { gen: toIds(gen), kill: toIds(kill) };
    };
    const queries: FactQuery[] = uses.map((u) => ({ step: u.step, fact: ids.get(u.use.purpose.text)! }));
    const given = mustHold(graph, ids.size, effect, queries);

    // An ask that surely collects for some purpose: one not under consent, or under consent proven here.
    const anchored = new Set<number>();
    program.steps.forEach((step, i) => {
      if (step.kind !== "ask") return;
      if (step.purposes.some((u) => { const p = program.purposes.get(u.purpose.text); return !p || purposeBasis(p) !== "consent"; })) anchored.add(i);
    });
    uses.forEach(({ step }, k) => {
      if (given[k]) anchored.add(step);
    });

    const searches = new Map<string, ReturnType<typeof searchProduct>>();
    /** Paths with whether consent to `p` is given: states 0 = not given, 1 = given. */
    const consentSearch = (p: string) => {
      let search = searches.get(p);
      if (!search) {
        search = searchProduct(graph, {
          states: 2,
          start: 0,
          move(e, s) {
            const { gen, kill } = consentAlong(program, e);
            if (kill.includes(p)) return 0;
            if (gen.includes(p)) return 1;
            return s;
          },
        });
        searches.set(p, search);
      }
      return search;
    };
    let witnesses = 0;
    uses.forEach(({ step, use }, k) => {
      if (given[k] || anchored.has(step)) return;
      const p = use.purpose.text;
      const ask = program.steps[step]!;
      const field = ask.kind === "ask" ? ask.field.text : "?";
      let related = undefined;
      if (witnesses < MAX_WITNESSES) {
        witnesses++;
        const path = consentSearch(p).pathTo(step, 0);
        if (path) related = [...pathNotes(program, path), note("consent-before-collection.askHere", { step: program.stepIds[step]!, purpose: p }, ask.span)];
      }
      bag.report("consent-before-collection.noConsent", { field, purpose: p }, { span: use.purpose.span, related });
    });

    // LF316: the asks reported above are left out (one mistake, one diagnostic).
    const before = new Map<string, Uint8Array>();
    const later = new Map<string, Int32Array>();
    uses.forEach(({ step, use }, k) => {
      if (!given[k] && !anchored.has(step)) return;
      const p = use.purpose.text;
      const ask = program.steps[step]!;
      if (ask.kind !== "ask") return;
      const field = ask.field.text;
      let unasked = before.get(p);
      if (!unasked) before.set(p, (unasked = reachedBeforeConsent(program, graph, p)));
      // The first consent request for p after this question, on a path that reaches it before any: one that does not keep the field, or any.
      const ahead = (keeping: string | undefined) => {
        if (!unasked[step]) return -1;
        const key = `${p}\u0000${keeping ?? ""}`;
        let first = later.get(key);
        if (!first) later.set(key, (first = firstConsentAhead(program, graph, p, keeping)));
        return graph.out[step]!.reduce((found, e) => (found >= 0 || e.to === END_OF_FILE ? found : first[e.to]!), -1);
      };
      const consent = ahead(field);
      if (consent < 0) {
        if (!given[k] && ahead(undefined) < 0 && !consentSearch(p).reached(step, 1))
          bag.report("consent-before-collection.neverGiven", { field, purpose: p }, { span: use.purpose.span });
        return;
      }
      const c = program.steps[consent]!;
      bag.report(
        "consent-before-collection.askedBeforeConsent",
        { field, purpose: p },
        { span: use.purpose.span, related: [note("consent-before-collection.consentAfter", { step: program.stepIds[consent]!, purpose: p }, c.span)] },
      );
    });
  },
};

/** Whether `edge` leaves a consent step for `purpose`, or proves `given(purpose)` (which cannot hold before consent to it is asked). */
function passesConsentTo(program: Program, edge: Edge, purpose: string): boolean {
  const from = program.steps[edge.from]!;
  if (from.kind === "consent") return from.purpose.text === purpose;
  return consentAlong(program, edge).gen.includes(purpose);
}

/** The steps reachable from the start before any consent step for `purpose` is passed: 1 per step reached. */
function reachedBeforeConsent(program: Program, graph: FlowGraph, purpose: string): Uint8Array {
  const reached = new Uint8Array(program.steps.length);
  if (graph.entry === END_OF_FILE) return reached;
  reached[graph.entry] = 1;
  const queue = [graph.entry];
  for (let head = 0; head < queue.length; head++) {
    for (const e of graph.out[queue[head]!]!) {
      if (e.to === END_OF_FILE || reached[e.to] || passesConsentTo(program, e, purpose)) continue;
      reached[e.to] = 1;
      queue.push(e.to);
    }
  }
  return reached;
}

/**
 * For each step, the nearest consent step for `purpose` that control can reach
 * from it before any other consent step for `purpose` — one that does not keep
 * `field`, when a field is given — or -1: a search backwards from those
 * consent steps.
 */
function firstConsentAhead(program: Program, graph: FlowGraph, purpose: string, field: string | undefined): Int32Array {
  const first = new Int32Array(program.steps.length).fill(-1);
  const queue: number[] = [];
  program.steps.forEach((s, i) => {
    if (s.kind !== "consent" || s.purpose.text !== purpose || (field !== undefined && s.keeps?.some((k) => k.text === field))) return;
    first[i] = i;
    queue.push(i);
  });
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head]!;
    for (const e of graph.in[at]!) {
      if (first[e.from]! >= 0 || passesConsentTo(program, e, purpose)) continue;
      first[e.from] = first[at]!;
      queue.push(e.from);
    }
  }
  return first;
}
