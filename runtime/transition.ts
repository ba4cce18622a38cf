/**
 * The runtime's pure core: one input applied to a state at a given time
 * gives the next state and what happened. `transition` reads no clock,
 * keeps nothing between calls and never changes the state it is given (the
 * one thing it may add to it is a ledger entry's hash, which is of content
 * that never changes; receipts a restored state keeps as text are read once
 * and remembered by that text's object, which never changes either). `Conversation` (conversation.ts) is a thin shell
 * around it: a clock, listeners, a snapshot.
 */
import type { MachineDefinition } from "./machine.ts";
import type { ExportData, LawflowEvent } from "./types.ts";
import type { State } from "./state.ts";
import { type Answered, answer } from "./answer.ts";
import { fail } from "./errors.ts";
import { type Sha256, receiptsFrom } from "./receipts.ts";
import { erase, exportData, purge, rectify, withdraw } from "./rights.ts";
import { sha256 } from "./sha256.ts";
import { tablesOf } from "./tables.ts";
import { iso } from "./time.ts";
import { type Draft, type Shown, type Turn, type TurnOptions, type Unstamped } from "./turn.ts";
import { settle, walk } from "./walk.ts";

/** What a conversation can be asked to do. */
export type Input =
  /** Walk from the machine's start to its first waiting step (a new conversation). */
  | { readonly type: "start" }
  /** Answer the current step with a typed value (`null` skips an optional ask; consent takes a boolean). */
  | { readonly type: "answer"; readonly step: string; readonly value: unknown }
  /** Raw chat input, read by `options.chatReader`: a command (withdrawal phrase, access, erasure, skip) or an answer to parse. */
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "withdraw"; readonly purpose: string }
  | { readonly type: "object"; readonly purpose: string }
  | { readonly type: "erase" }
  | { readonly type: "rectify"; readonly field: string; readonly value: unknown }
  /** Erase what has run out at `now`. */
  | { readonly type: "purge" }
  /** Time passed: move on from an ask or request that has nothing lawful left to collect. */
  | { readonly type: "settle" };

/** What an input gave, besides the new state: an answer's result, the fields erased, a chat command's result. */
export type Outcome =
  | Answered
  | { ok: true; command: "withdraw"; purpose: string; erased: string[] }
  | { ok: true; command: "object"; purposes: string[]; erased: string[] }
  | { ok: true; command: "export"; data: ExportData }
  | { ok: true; command: "erase"; erased: string[] }
  | string[]
  | undefined;

export interface Transition {
  readonly state: State;
  /** What happened, in order; each names steps, fields, purposes, codes and times, never a value. */
  readonly events: LawflowEvent[];
  readonly outcome: Outcome;
  /** The closing prompt, when the input reached an end: rendered before `retain session` values went. */
  readonly closing: Shown | undefined;
}

export interface TransitionOptions extends TurnOptions {
  /** SHA-256 for receipts an export shows (default: the runtime's own). */
  readonly sha256?: Sha256;
}

const perform = (turn: Turn, input: Input, sha: Sha256): Outcome => {
  const s = turn.state;
  switch (input.type) {
    case "start":
      return void walk(turn, turn.machine.start);
    case "answer":
      return answer(turn, input.step, input.value);
    case "text": {
      const step = (turn.machine.nodes[s.node] as { id: string }).id;
      const text = input.text;
      const chat = turn.options.chatReader ?? fail("no_chat", "answerText needs options.chatReader (lawflow/runtime/chat)");
      const c = chat.command(text, turn.machine);
      if (!c) return answer(turn, step, text, chat);
      if (c.kind === "export") return { ok: true, command: "export", data: exportData(turn, receiptsFrom(turn.machine, s, sha)) };
      if (c.kind === "erase") return { ok: true, command: "erase", erased: erase(turn) };
      if (c.kind === "object") return { ok: true, command: "object", purposes: c.purposes, erased: c.purposes.flatMap((p) => withdraw(turn, p, true)) };
      // At the request for the same purpose, a withdrawal phrase is a no.
      const n = turn.machine.nodes[s.node]!;
      if (n.kind === "consent" && n.purpose === c.purpose && s.outcome === null) return answer(turn, step, false);
      return { ok: true, command: "withdraw", purpose: c.purpose, erased: withdraw(turn, c.purpose) };
    }
    case "withdraw":
      return withdraw(turn, input.purpose);
    case "object":
      return withdraw(turn, input.purpose, true);
    case "erase":
      return erase(turn);
    case "rectify":
      return rectify(turn, input.field, input.value);
    case "purge":
      return purge(turn);
    case "settle":
      return void settle(turn);
  }
};

/**
 * The events of one input with the time they happened (`at`, ISO 8601, the
 * same for all). Formatting a time is a large part of what a small answer
 * costs, so the shell stamps events only when a listener will read them.
 */
export const stamp = (events: readonly Unstamped[], now: number): LawflowEvent[] => {
  const at = events[0] ? iso(now) : "";
  return events.map((e) => ({ at, ...e }) as LawflowEvent);
};

/** `transition` with its events not yet stamped (`stamp`): what the shell runs. */
export function advance(machine: MachineDefinition, state: State, input: Input, now: number, options: TransitionOptions = {}) {
  // A shallow copy: every change replaces a member, never changes one in
  // place. One literal of every member in the state's order rather than a
  // spread: a spread copies whatever shape the state came in, and took a
  // sixth of an answer's time; this literal always makes the same one.
  const draft: Draft = {
    attempts: state.attempts,
    consents: state.consents,
    kept: state.kept,
    ledger: state.ledger,
    node: state.node,
    objections: state.objections,
    outcome: state.outcome,
    said: state.said,
    values: state.values,
  };
  const turn: Turn = { machine, tables: tablesOf(machine), now, options, state: draft, events: [] };
  const outcome = perform(turn, input, options.sha256 ?? sha256);
  return { state: turn.state as State, events: turn.events, outcome, closing: turn.closing };
}

/**
 * Apply one input to a state at time `now` (epoch milliseconds). Pure: the
 * state given is not changed, and the same machine, state, input, time and
 * options always give the same result. Throws `LawflowError` for a caller's
 * mistake (`not_current_step`, `ended`, `unknown_purpose`, `wrong_basis`,
 * `unknown_field`, `not_held`) or a broken machine (`internal`); a person's
 * invalid answer is not an error but a refusal in `outcome`.
 */
export function transition(machine: MachineDefinition, state: State, input: Input, now: number, options: TransitionOptions = {}): Transition {
  const t = advance(machine, state, input, now, options);
  return { ...t, events: stamp(t.events, now) };
}
