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
 */
import { factsWhen } from "../analyses/condition-facts.ts";
import type { Edge } from "../analyses/flow-graph.ts";
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
  codes: ["LF302"],
  run({ program, graph, bag }) {
    const uses: { step: number; use: PurposeUse }[] = [];
    program.steps.forEach((step, i) => {
      if (step.kind !== "ask") return;
      for (const u of step.purposes) {
        const p = program.purposes.get(u.purpose.text);
        if (p && purposeBasis(p) === "consent") uses.push({ step: i, use: u });
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
    let witnesses = 0;
    uses.forEach(({ step, use }, k) => {
      if (given[k] || anchored.has(step)) return;
      const p = use.purpose.text;
      const ask = program.steps[step]!;
      const field = ask.kind === "ask" ? ask.field.text : "?";
      let related = undefined;
      if (witnesses < MAX_WITNESSES) {
        witnesses++;
        let search = searches.get(p);
        if (!search) {
          // States: 0 = consent to p not given, 1 = given.
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
        const path = search.pathTo(step, 0);
        if (path) related = [...pathNotes(program, path), note("consent-before-collection.askHere", { step: program.stepIds[step]!, purpose: p }, ask.span)];
      }
      bag.report("consent-before-collection.noConsent", { field, purpose: p }, { span: use.purpose.span, related });
    });
  },
};
