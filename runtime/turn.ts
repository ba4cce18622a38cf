/**
 * One operation on a state: the machine and its tables, the time the
 * operation runs at, the caller's options, the state being made, the events
 * so far. Every pure module of the runtime works on a turn; `transition`
 * makes one, and keeps its state only if nothing threw.
 */
import type { MachineDefinition } from "./machine.ts";
import type { ConversationOptions, ErasedPrompt, LawflowEvent, PromptShape } from "./types.ts";
import type { State } from "./state.ts";
import type { Tables } from "./tables.ts";
import { fail } from "./errors.ts";

/** A state being made: the members of the state before are replaced, never changed. */
export type Draft = { -readonly [K in keyof State]: State[K] };

export type Shown = PromptShape | ErasedPrompt;

/** The options a turn reads: how consent is recorded, the texts a person is shown, and how raw chat input is read. */
export type TurnOptions = Pick<ConversationOptions, "method" | "by" | "messages" | "erasedText" | "chatReader">;

export interface Turn {
  readonly machine: MachineDefinition;
  readonly tables: Tables;
  /** Epoch milliseconds: the clock is read once per operation. */
  readonly now: number;
  readonly options: TurnOptions;
  readonly state: Draft;
  /** What happened, not yet stamped with the time (transition.ts, `stamp`). */
  readonly events: Unstamped[];
  /** The closing prompt, rendered when the walk reached an end, before `retain session` values went. */
  closing?: Shown;
}

/** An event as an operation records it: everything but its time. */
export type Unstamped = LawflowEvent extends infer E ? (E extends LawflowEvent ? Omit<E, "at"> : never) : never;

export const emit = (turn: Turn, event: Unstamped): void => void turn.events.push(event);

export const purposeIndex = (turn: Turn, name: string): number => turn.tables.purposes.get(name) ?? fail("unknown_purpose", name);

export const fieldIndex = (turn: Turn, name: string): number => turn.tables.fields.get(name) ?? -1;
