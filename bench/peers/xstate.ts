/**
 * The same machines written for XState v5, generated from the same
 * MachineDefinition the Lawflow runtime runs, the way an XState user would
 * write them by hand:
 *
 *  - one state per node; waiting nodes (ask, consent) wait for an `ANSWER`
 *    event carrying the value; `end` nodes are final states;
 *  - `say` and `if` nodes are transient states with `always` transitions
 *    (a say appends its node index to `context.messages`; an if is a guarded
 *    pair of transitions);
 *  - an ask's transitions are guarded: the value must have the field's
 *    JavaScript type, `when` branches compare it; the value is stored with
 *    `assign` (a new `values` object, as XState context is immutable);
 *  - consent records the decision in `context.consent`.
 *
 * XState does none of Lawflow's law (purposes, retention, receipts, full
 * validation), so the comparison favours XState.
 */
import { assign, createActor, createMachine, type AnyStateMachine } from "xstate";
import type { Condition, FieldDef, FieldValue, MachineDefinition, Operand } from "../../runtime/machine.ts";
import { compare } from "./switch-loop.ts";

export interface PeerContext {
  values: Record<string, FieldValue>;
  consent: Record<string, boolean>;
  messages: number[];
}

export interface AnswerEvent {
  type: "ANSWER";
  value: FieldValue | null;
}

const stateId = (i: number) => `n${i}`;

/** Whether `value` has the JavaScript type of `field` (the cheap part of validation). */
export function typeOk(field: FieldDef, value: unknown): boolean {
  switch (field.type.kind) {
    case "integer":
    case "number":
      return typeof value === "number";
    case "yesno":
      return typeof value === "boolean";
    default:
      return typeof value === "string";
  }
}

function operand(ctx: PeerContext, o: Operand): FieldValue | undefined {
  return "field" in o ? ctx.values[o.field] : o.value;
}

export function testCondition(ctx: PeerContext, c: Condition): boolean {
  switch (c.op) {
    case "and":
      return testCondition(ctx, c.left) && testCondition(ctx, c.right);
    case "or":
      return testCondition(ctx, c.left) || testCondition(ctx, c.right);
    case "not":
      return !testCondition(ctx, c.operand);
    case "known":
      return ctx.values[c.field] !== undefined;
    case "given":
      return ctx.consent[c.purpose] === true;
    default:
      return compare(c.op, operand(ctx, c.left), operand(ctx, c.right));
  }
}

/** The XState v5 machine for a MachineDefinition. Built once per flow, like a compiled module. */
export function xstateMachine(M: MachineDefinition): AnyStateMachine {
  const fields = new Map(M.fields.map((f) => [f.name, f]));
  const states: Record<string, unknown> = {};
  M.nodes.forEach((node, i) => {
    switch (node.kind) {
      case "say":
        states[stateId(i)] = {
          always: { target: stateId(node.next), actions: assign({ messages: ({ context }: { context: PeerContext }) => [...context.messages, i] }) },
        };
        break;
      case "branch":
        states[stateId(i)] = {
          always: [
            { guard: ({ context }: { context: PeerContext }) => testCondition(context, node.test), target: stateId(node.then) },
            { target: stateId(node.else) },
          ],
        };
        break;
      case "ask": {
        const field = fields.get(node.field)!;
        const store = assign({
          values: ({ context, event }: { context: PeerContext; event: AnswerEvent }) => ({ ...context.values, [node.field]: event.value as FieldValue }),
          messages: () => [] as number[],
        });
        const transitions: unknown[] = node.when.map((w) => ({
          guard: ({ event }: { event: AnswerEvent }) => event.value === w.value && typeOk(field, event.value),
          target: stateId(w.next),
          actions: store,
        }));
        transitions.push({ guard: ({ event }: { event: AnswerEvent }) => event.value !== null && typeOk(field, event.value), target: stateId(node.next), actions: store });
        if (node.optional) transitions.push({ guard: ({ event }: { event: AnswerEvent }) => event.value === null, target: stateId(node.next), actions: assign({ messages: () => [] as number[] }) });
        states[stateId(i)] = { on: { ANSWER: transitions } };
        break;
      }
      case "consent": {
        const decide = (given: boolean) =>
          assign({ consent: ({ context }: { context: PeerContext }) => ({ ...context.consent, [node.purpose]: given }), messages: () => [] as number[] });
        states[stateId(i)] = {
          on: {
            ANSWER: [
              { guard: ({ event }: { event: AnswerEvent }) => event.value === true, target: stateId(node.given), actions: decide(true) },
              { guard: ({ event }: { event: AnswerEvent }) => event.value === false, target: stateId(node.refused), actions: decide(false) },
            ],
          },
        };
        break;
      }
      case "end":
        states[stateId(i)] = { type: "final" };
        break;
    }
  });
  return createMachine({
    id: M.id,
    initial: stateId(M.start),
    context: (): PeerContext => ({ values: {}, consent: {}, messages: [] }),
    states,
  } as never);
}

/** Runs one scripted conversation from the start; returns the final state's name. */
export function runXState(machine: AnyStateMachine, values: readonly (FieldValue | null)[]): string {
  const actor = createActor(machine).start();
  for (const value of values) actor.send({ type: "ANSWER", value });
  const v = actor.getSnapshot().value as string;
  actor.stop();
  return v;
}

/** An actor already at some point of the conversation, persisted as JSON (as a bot server would store it). */
export function xstatePersisted(machine: AnyStateMachine, values: readonly (FieldValue | null)[]): string {
  const actor = createActor(machine).start();
  for (const value of values) actor.send({ type: "ANSWER", value });
  const json = JSON.stringify(actor.getPersistedSnapshot());
  actor.stop();
  return json;
}

/** Restore from JSON + one answer + persist to JSON: the bot server's unit of work. */
export function xstateRestoreAnswerSnapshot(machine: AnyStateMachine, json: string, value: FieldValue | null): string {
  const actor = createActor(machine, { snapshot: JSON.parse(json) }).start();
  actor.send({ type: "ANSWER", value });
  const out = JSON.stringify(actor.getPersistedSnapshot());
  actor.stop();
  return out;
}
