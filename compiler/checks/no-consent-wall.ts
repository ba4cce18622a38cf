/**
 * No consent wall
 *
 * Refusing consent must not be the end of the service: if giving consent
 * lets the conversation go on to further questions while refusing can only
 * reach an `end`, the service is conditional on consent it does not need
 * (Art. 7(4), Recital 43: consent is not freely given if refusing it costs
 * the service). A warning with where the refusal leads.
 *
 * "Go on" means reaching another ask or consent step; say, if and goto are
 * passed on the way. A consent asked at the very end (both answers end the
 * conversation) is not a wall, and neither is one whose `given` side asks
 * only for the purpose consented to before it ends: what giving consent
 * adds is the processing consented to, not the service, so refusing costs
 * nothing the service offers (EDPB Guidelines 05/2020 §§26–27).
 */
import { note } from "../diagnostics/messages.ts";
import { END_OF_FILE, isWaiting } from "../analyses/flow-graph.ts";
import type { RelatedPlace } from "../diagnostics/diagnostic.ts";
import type { Check } from "./index.ts";

export const noConsentWall: Check = {
  name: "no-consent-wall",
  codes: ["LF313"],
  paths: true,
  run({ program, graph, bag }) {
    const steps = program.steps;
    const n = steps.length;
    // goesOn[i]: from step i, a question (ask or consent) can be reached passing only non-waiting steps.
    const goesOn = new Uint8Array(n);
    const queue: number[] = [];
    steps.forEach((s, i) => {
      if (s.kind === "ask" || s.kind === "consent") {
        goesOn[i] = 1;
        queue.push(i);
      }
    });
    for (let head = 0; head < queue.length; head++) {
      for (const e of graph.in[queue[head]!]!) {
        if (goesOn[e.from] || isWaiting(steps[e.from]!)) continue;
        goesOn[e.from] = 1;
        queue.push(e.from);
      }
    }
    const on = (to: number) => to !== END_OF_FILE && goesOn[to] === 1;

    // serves[i]: whom the questions reachable from step i are for: NONE (only ends follow), one
    // purpose's number + 1 (every ask reachable is for that purpose alone, every consent step
    // is for it), or MIXED. A join over a lattice of height 3, propagated backwards: each
    // step changes at most twice, so the work is linear in the edges.
    const NONE = 0;
    const MIXED = -1;
    const purposeIds = new Map<string, number>();
    const idOf = (name: string) => {
      let id = purposeIds.get(name);
      if (id === undefined) purposeIds.set(name, (id = purposeIds.size + 1));
      return id;
    };
    const join = (a: number, b: number) => (a === NONE ? b : b === NONE || a === b ? a : MIXED);
    const serves = new Int32Array(n);
    steps.forEach((s, i) => {
      if (s.kind === "consent") serves[i] = idOf(s.purpose.text);
      else if (s.kind === "ask") {
        const first = s.purposes[0]?.purpose.text;
        serves[i] = first !== undefined && s.purposes.every((u) => u.purpose.text === first) ? idOf(first) : MIXED;
      }
    });
    const work: number[] = [];
    for (let i = 0; i < n; i++) if (serves[i] !== NONE) work.push(i);
    for (let head = 0; head < work.length; head++) {
      const j = work[head]!;
      for (const e of graph.in[j]!) {
        const v = join(serves[e.from]!, serves[j]!);
        if (v === serves[e.from]) continue;
        serves[e.from] = v;
        work.push(e.from);
      }
    }
    const servesOnly = (purpose: string, from: number) => serves[from] === NONE || serves[from] === purposeIds.get(purpose);

    steps.forEach((step, i) => {
      if (step.kind !== "consent") return;
      const refused = graph.out[i]!.filter((e) => e.kind === "refused");
      const given = graph.out[i]!.filter((e) => e.kind === "given");
      if (refused.length === 0 || refused.some((e) => e.to === END_OF_FILE || on(e.to))) return;
      if (!given.some((e) => on(e.to))) return;
      if (given.every((e) => e.to === END_OF_FILE || servesOnly(step.purpose.text, e.to))) return;
      const r = refused[0]!;
      // Where the refusal leads: the ends reachable through non-waiting steps.
      const related: RelatedPlace[] = [];
      const seen = new Set<number>([r.to]);
      const walk = [r.to];
      for (let head = 0; head < walk.length && related.length < 3; head++) {
        const j = walk[head]!;
        if (steps[j]!.kind === "end") {
          related.push(note("no-consent-wall.endsAt", { step: program.stepIds[j]! }, steps[j]!.span));
          continue;
        }
        for (const e of graph.out[j]!) if (e.to !== END_OF_FILE && !seen.has(e.to)) (seen.add(e.to), walk.push(e.to));
      }
      const g = given.find((e) => on(e.to))!;
      related.push(note("no-consent-wall.givingGoesOn", {}, g.span));
      bag.report("no-consent-wall.wall", { purpose: step.purpose.text }, { span: step.refused ? step.refused.span : step.purpose.span, related });
    });
  },
};
