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

    // onlyFor[P]: the steps from which the conversation can reach only asks for P alone,
    // consent steps for P, passing steps and ends: what follows serves P and nothing else.
    // Each purpose's region is walked once, however many consent steps lead into it.
    const regions = new Map<string, Map<number, boolean>>();
    const servesOnly = (purpose: string, from: number): boolean => {
      let known = regions.get(purpose);
      if (!known) regions.set(purpose, (known = new Map()));
      const forPurpose = (j: number) => {
        const s = steps[j]!;
        if (s.kind === "ask") return s.purposes.every((u) => u.purpose.text === purpose);
        if (s.kind === "consent") return s.purpose.text === purpose;
        return true;
      };
      // Depth-first with an explicit stack; a step on the stack counts as serving only P
      // until shown otherwise (a loop back to it adds nothing new).
      const stack: number[] = [from];
      const order: number[] = [];
      while (stack.length > 0) {
        const j = stack.pop()!;
        if (known.has(j)) continue;
        if (!forPurpose(j)) {
          known.set(j, false);
          continue;
        }
        known.set(j, true);
        order.push(j);
        for (const e of graph.out[j]!) if (e.to !== END_OF_FILE && !known.has(e.to)) stack.push(e.to);
      }
      // Propagate "reaches something else" back through the steps just visited, in linear time.
      const visited = new Set(order);
      const back: number[] = order.filter((j) => graph.out[j]!.some((e) => e.to !== END_OF_FILE && known.get(e.to) === false));
      for (const j of back) known.set(j, false);
      for (let head = 0; head < back.length; head++) {
        for (const e of graph.in[back[head]!]!) {
          if (!visited.has(e.from) || known.get(e.from) === false) continue;
          known.set(e.from, false);
          back.push(e.from);
        }
      }
      return known.get(from)!;
    };

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
