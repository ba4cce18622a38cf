/**
 * The same machines written for @xstate/fsm (the minimal XState: flat states,
 * guarded transitions, `assign`; no eventless transitions). Generated from
 * the same MachineDefinition:
 *
 *  - one state per waiting node (ask, consent, end); `ANSWER` events carry
 *    the value;
 *  - as @xstate/fsm has no transient states, each transition's guard follows
 *    the `say`/`if` nodes after the answer (with the prospective context) to
 *    the waiting node it lands on; an ask has one guarded transition per
 *    waiting node it can reach;
 *  - the value is type-checked in the guard and stored with `assign`; the
 *    say nodes passed are collected into `context.messages`.
 *
 * No law is enforced, so the comparison favours @xstate/fsm.
 */
import { assign, createMachine, interpret } from "@xstate/fsm";
import type { FieldValue, MachineDefinition } from "../../runtime/machine.ts";
import { typeOk, testCondition, type AnswerEvent, type PeerContext } from "./xstate.ts";

const stateId = (i: number) => `n${i}`;

/** Follows say and if nodes from `i` to a waiting node; pushes passed says onto `messages` when given. */
function land(M: MachineDefinition, ctx: PeerContext, i: number, messages?: number[]): number {
  for (;;) {
    const node = M.nodes[i]!;
    if (node.kind === "say") {
      messages?.push(i);
      i = node.next;
    } else if (node.kind === "branch") i = testCondition(ctx, node.test) ? node.then : node.else;
    else return i;
  }
}

/** The waiting nodes reachable from `i` through say and if nodes (the possible targets of one transition). */
function landings(M: MachineDefinition, i: number, seen = new Set<number>()): Set<number> {
  const out = new Set<number>();
  const stack = [i];
  while (stack.length) {
    const j = stack.pop()!;
    if (seen.has(j)) continue;
    seen.add(j);
    const node = M.nodes[j]!;
    if (node.kind === "say") stack.push(node.next);
    else if (node.kind === "branch") stack.push(node.then, node.else);
    else out.add(j);
  }
  return out;
}

export type FsmMachine = ReturnType<typeof fsmMachine>;

export function fsmMachine(M: MachineDefinition) {
  const fields = new Map(M.fields.map((f) => [f.name, f]));
  const states: Record<string, unknown> = {};
  M.nodes.forEach((node, i) => {
    if (node.kind === "ask") {
      const field = fields.get(node.field)!;
      // Which node the answer leads to before say/if nodes are passed.
      const after = (value: FieldValue | null): number => {
        if (value === null) return node.next;
        for (const w of node.when) if (w.value === value) return w.next;
        return node.next;
      };
      const withValue = (ctx: PeerContext, e: AnswerEvent): PeerContext =>
        e.value === null ? ctx : { ...ctx, values: { ...ctx.values, [node.field]: e.value } };
      const targets = new Set<number>();
      for (const start of [node.next, ...node.when.map((w) => w.next)]) for (const t of landings(M, start)) targets.add(t);
      const store = assign<PeerContext, AnswerEvent>((ctx, e) => {
        const next = withValue(ctx, e);
        const messages: number[] = [];
        land(M, next, after(e.value), messages);
        return { ...next, messages };
      });
      states[stateId(i)] = {
        on: {
          ANSWER: [...targets].map((t) => ({
            target: stateId(t),
            cond: (ctx: PeerContext, e: AnswerEvent) =>
              (e.value === null ? node.optional : typeOk(field, e.value)) && land(M, withValue(ctx, e), after(e.value)) === t,
            actions: [store],
          })),
        },
      };
    } else if (node.kind === "consent") {
      const transition = (given: boolean) => {
        const decide = (ctx: PeerContext): PeerContext => ({ ...ctx, consent: { ...ctx.consent, [node.purpose]: given } });
        const from = given ? node.given : node.refused;
        return [...landings(M, from)].map((t) => ({
          target: stateId(t),
          cond: (ctx: PeerContext, e: AnswerEvent) => e.value === given && land(M, decide(ctx), from) === t,
          actions: [
            assign<PeerContext, AnswerEvent>((ctx) => {
              const next = decide(ctx);
              const messages: number[] = [];
              land(M, next, from, messages);
              return { ...next, messages };
            }),
          ],
        }));
      };
      states[stateId(i)] = { on: { ANSWER: [...transition(true), ...transition(false)] } };
    } else if (node.kind === "end") {
      states[stateId(i)] = {};
    }
  });
  const initialMessages: number[] = [];
  const initial = land(M, { values: {}, consent: {}, messages: [] }, M.start, initialMessages);
  return createMachine<PeerContext, AnswerEvent>({
    id: M.id,
    initial: stateId(initial),
    context: { values: {}, consent: {}, messages: initialMessages },
    states: states as never,
  });
}

/** Runs one scripted conversation from the start; returns the final state's name. */
export function runFsm(machine: FsmMachine, values: readonly (FieldValue | null)[]): string {
  const service = interpret(machine).start();
  for (const value of values) service.send({ type: "ANSWER", value });
  const v = service.state.value;
  service.stop();
  return v;
}
