/**
 * Lawflow's runtime: the engine that generated flow modules import, in
 * browsers and in Node. No dependencies and no Node built-ins.
 *
 * Guarantees and API: docs/runtime.md.
 */
import type { MachineDefinition } from "./machine.ts";
import type { Conversation, ConversationOptions, FlowTypes } from "./types.ts";
import { start } from "./conversation.ts";

export type * from "./machine.ts";
export type * from "./types.ts";
export type { ConsentStatus, Holding, Kept, LedgerEntry, State, Use } from "./state.ts";
export type { Input, Outcome, Transition, TransitionOptions } from "./transition.ts";
export { LawflowError } from "./errors.ts";
export { initialState } from "./state.ts";
export { transition } from "./transition.ts";

/** Start a conversation at the machine's first waiting step. */
export const createConversation = <T extends FlowTypes = FlowTypes>(machine: MachineDefinition, options?: ConversationOptions): Conversation<T> =>
  start(machine, options) as unknown as Conversation<T>;

/**
 * Resume a conversation from `snapshot()` output. Throws `LawflowError`
 * (`snapshot_malformed`, `snapshot_version`, `snapshot_key`,
 * `snapshot_tampered`, `snapshot_conversation`, `snapshot_stale`) and loads
 * nothing if any check fails.
 */
export const restoreConversation = <T extends FlowTypes = FlowTypes>(machine: MachineDefinition, snapshot: string, options?: ConversationOptions): Conversation<T> =>
  // A snapshot that is missing (a row not found: `undefined`, `null`) is refused, never taken for a new conversation.
  start(machine, options, snapshot ?? "") as unknown as Conversation<T>;

/** Deep-freeze a machine definition and return it (generated modules wrap their machine in this). */
export const defineMachine = <M extends MachineDefinition>(def: M): M => {
  if (def && typeof def === "object" && !Object.isFrozen(def)) Object.values(Object.freeze(def)).forEach(defineMachine as (x: unknown) => unknown);
  return def;
};
