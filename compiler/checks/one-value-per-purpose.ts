/**
 * One field asked again for another purpose
 *
 * A value given for some purposes must not become another purpose's value
 * (Art. 5(1)(b), purpose limitation; EDPB Guidelines 05/2020 on consent,
 * §121–123). The runtime keeps what each purpose was given, so asking a field
 * again for another purpose leaves the first purposes' value as it was, and
 * the person may end up with two values of one field (an order email and a
 * newsletter email). That is lawful, but easy to miss: a warning where an ask
 * of a field can follow another ask of it on one path with other purposes.
 */
import { END_OF_FILE } from "../analyses/flow-graph.ts";
import type { AskStep } from "../ast.ts";
import { note } from "../diagnostics/messages.ts";
import type { Check } from "./index.ts";

const purposeSet = (a: AskStep) => [...new Set(a.purposes.map((u) => u.purpose.text))].sort().join(", ");

export const oneValuePerPurpose: Check = {
  name: "one-value-per-purpose",
  codes: ["LF330"],
  paths: true,
  run({ program, graph, bag }) {
    const asksOf = new Map<string, number[]>();
    program.steps.forEach((s, i) => {
      if (s.kind !== "ask") return;
      let list = asksOf.get(s.field.text);
      if (!list) asksOf.set(s.field.text, (list = []));
      list.push(i);
    });
    for (const [field, asks] of asksOf) {
      if (asks.length < 2) continue;
      for (const a of asks) {
        const first = program.steps[a] as AskStep;
        // Every step reachable from `a` (not `a` itself, unless a loop leads back).
        const seen = new Uint8Array(program.steps.length);
        const queue = graph.out[a]!.map((e) => e.to).filter((t) => t !== END_OF_FILE);
        for (const t of queue) seen[t] = 1;
        for (let head = 0; head < queue.length; head++)
          for (const e of graph.out[queue[head]!]!) if (e.to !== END_OF_FILE && !seen[e.to]) ((seen[e.to] = 1), queue.push(e.to));
        for (const b of asks) {
          const again = program.steps[b] as AskStep;
          if (b === a || !seen[b] || purposeSet(again) === purposeSet(first)) continue;
          const names = { field, first: purposeSet(first), again: purposeSet(again) };
          bag.report("one-value-per-purpose.askedAgain", names, { span: again.field.span, related: [note("one-value-per-purpose.firstAsked", names, first.span)] });
        }
      }
    }
  },
};
