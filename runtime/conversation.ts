/**
 * `Conversation`: the thin shell around the pure core (`transition`). It
 * holds the state and its revision, reads the clock once per operation,
 * keeps the new state only when the transition did not throw, delivers
 * events to listeners after the change is made, and seals and restores
 * snapshots bound to its id.
 */
import type { MachineDefinition } from "./machine.ts";
import type { Conversation, ConversationOptions, FlowTypes, LawflowEvent } from "./types.ts";
import { fail } from "./errors.ts";
import { promptOf } from "./prompt.ts";
import { type Sha256, headOf, ledgerOf, receiptCode, receiptsFrom, verifyChain } from "./receipts.ts";
import { type Binding, open, seal } from "./snapshot.ts";
import { sha256 } from "./sha256.ts";
import { type State, initialState, sameState } from "./state.ts";
import { tablesOf } from "./tables.ts";
import { type Input, type Outcome, advance, stamp } from "./transition.ts";
import type { Shown, Turn } from "./turn.ts";
import { exportData } from "./rights.ts";
import { dataFor } from "./vault.ts";

/**
 * The conversation's live members, as getters of a class whose instance
 * reads the shell through a function. Getters in each conversation's own
 * object literal would give every conversation hidden classes of its own,
 * which V8 keeps in old space.
 */
class Live {
  #f: (what: number) => any;
  constructor(f: (what: number) => any) {
    this.#f = f;
  }
  get prompt() {
    return this.#f(0);
  }
  get ended() {
    return this.#f(1).outcome !== null;
  }
  get outcome() {
    return this.#f(1).outcome ?? undefined;
  }
  get revision(): number {
    return this.#f(2);
  }
  get id(): string | undefined {
    return this.#f(3) ?? undefined;
  }
  get receiptCount(): number {
    const s = this.#f(1);
    return (s.kept?.count ?? 0) + s.ledger.length;
  }
}

/**
 * A reply that made a receipt, with the person's code for it (`receipt`),
 * hashed only if read. The code is an own, enumerable member, as a host may
 * send the reply as JSON, read by one getter that all replies share: an
 * object literal's own getter gives every reply a hidden class of its own,
 * which V8 keeps in old space with everything the getter reaches, so that
 * each consent decision's whole state outlived the young generation.
 */
class Receipted {
  readonly #code: () => string;
  constructor(out: object, code: () => string) {
    Object.assign(this, out);
    this.#code = code;
    Object.defineProperty(this, "receipt", { enumerable: true, get: Receipted.#read });
  }
  static #read(this: Receipted): string {
    return this.#code();
  }
}

export function start(machine: MachineDefinition, options: ConversationOptions = {}, snapshot?: string): Conversation<FlowTypes> {
  const clock = options.clock ?? (() => new Date());
  const key = options.key;
  const hmac = options.hashes?.hmacSha256;
  // An unset environment variable must not quietly mean "no key".
  if (key === "" || (key !== undefined && !hmac)) fail("snapshot_key", "empty, or without hashes.hmacSha256");
  const sha: Sha256 = options.hashes?.sha256 ?? sha256;
  const mac = key === undefined ? undefined : (text: string) => hmac!(key, text);
  const id = options.id ?? null;
  const binding = (revision: number): Binding => ({ id, revision, sha256: sha, mac });
  let state: State = initialState(machine);
  let revision = 0;
  let listeners: ((e: LawflowEvent) => void)[] = [];
  let shown: Shown;

  const turnAt = (now: number): Turn => ({ machine, tables: tablesOf(machine), now, options, state: state as Turn["state"], events: [] });

  // Members added after a spread go one by one, slowly: made only for a host's own hash.
  const transitionOptions = options.hashes?.sha256 ? { ...options, sha256: sha } : options;
  const apply = (input: Input, now = +clock()): any => {
    const t = advance(machine, state, input, now, transitionOptions);
    if (!sameState(t.state, state)) revision++;
    const made = t.state.ledger.length > state.ledger.length;
    state = t.state;
    // Re-render after every change (a withdrawn value must vanish from the
    // screen too), except right after reaching an end, whose closing text
    // was rendered before `retain session` values went.
    if (t.closing) shown = t.closing;
    else if (state.outcome === null || t.events.length) shown = promptOf(turnAt(now));
    const out = t.outcome as Outcome & { prompt?: Shown };
    if (out && !Array.isArray(out)) out.prompt = shown;
    // Outside the transition: a listener that throws cannot undo a change already made.
    if (listeners[0]) for (const e of stamp(t.events, now)) for (const l of listeners.slice()) l(e);
    // With the person's code for a receipt just made, hashed only if read.
    return made && out && !Array.isArray(out)
      ? new Receipted(out, () => {
          const h = headOf(machine, t.state, sha);
          return receiptCode(h.count - 1, h.head);
        })
      : out;
  };

  /** The ledger from place `from` on; receipts restored from a snapshot are read and checked the first time `from` reaches into them (`snapshot_tampered`). */
  const ledger = (from?: number) => receiptsFrom(machine, state, sha, from);

  // A new conversation is at revision 0 once at its first step.
  if (snapshot === undefined) apply({ type: "start" }), (revision = 0);
  else {
    const opened = open(machine, snapshot, binding(0), options.minRevision);
    state = opened.state;
    revision = opened.revision;
    // A consent that lapsed while the conversation waited moves it on at once, as it would have live.
    apply({ type: "settle" });
    shown ??= promptOf(turnAt(+clock()));
  }

  const methods: Omit<Conversation<FlowTypes>, "prompt" | "ended" | "outcome" | "revision" | "id" | "receiptCount"> = {
    answer: (step, value) => apply({ type: "answer", step, value }),
    answerText: (text) => apply({ type: "text", text }),
    withdraw: (purpose) => apply({ type: "withdraw", purpose }),
    object: (purpose) => apply({ type: "object", purpose }),
    dataFor: (purpose) => {
      const turn = turnAt(+clock());
      return dataFor(turn, tablesOf(machine).purposes.get(purpose) ?? fail("unknown_purpose", purpose)) as never;
    },
    export: (from) => exportData(turnAt(+clock()), ledger(from)),
    erase: () => apply({ type: "erase" }),
    rectify: (field, value) => apply({ type: "rectify", field, value }),
    purgeExpired: (now) => apply({ type: "purge" }, now && +now),
    snapshot: () => seal(machine, state, binding(revision)),
    receipts: (from) => JSON.parse(JSON.stringify(ledger(from))),
    verify: () => {
      try {
        return verifyChain(machine, ledgerOf(machine, state, sha), sha);
      } catch {
        return false;
      }
    },
    on(listener) {
      listeners.push(listener);
      return () => void (listeners = listeners.filter((l) => l !== listener));
    },
  };
  return Object.assign(new Live((what) => (what === 0 ? shown : what === 1 ? state : what === 2 ? revision : id)), methods);
}
