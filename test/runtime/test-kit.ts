/**
 * A driver for property tests: random action sequences (answers valid and
 * invalid, typed and raw, withdrawals, objections, chat commands, purges,
 * erasure, rectification, snapshot round trips, time passing) run against a
 * conversation, with an independent model of what the law allows to check
 * the engine against after every step.
 */
import fc from "fast-check";
import type { FieldType, FieldValue, MachineDefinition } from "../../runtime/machine.ts";
import type { Conversation, LawflowEvent } from "../../runtime/types.ts";
import type { State } from "../../runtime/state.ts";
import { LawflowError, createConversation, restoreConversation } from "../../runtime/index.ts";
import { intake, leadCapture } from "./test-machines.ts";
import { randomMachine } from "./random-machine.ts";
import { check as validate } from "../../runtime/validate.ts";
import { chatReader, read } from "../../runtime/chat.ts";
import { PHRASES } from "../../runtime/commands.ts";
import { hmacSha256 } from "../../runtime/hmac.ts";

export const T0 = Date.UTC(2025, 0, 31, 12);
const DAY = 864e5;

export type Action =
  | { k: "answer" | "text"; i: number }
  | { k: "withdraw" | "object" | "phrase"; i: number }
  | { k: "purge" | "tick"; d: number }
  | { k: "erase" | "restore" }
  | { k: "rectify"; i: number; j: number };

export const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ k: fc.constantFrom("answer" as const, "text" as const), i: fc.nat(40) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constantFrom("withdraw" as const, "object" as const, "phrase" as const), i: fc.nat(20) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constantFrom("purge" as const, "tick" as const), d: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("restore" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("erase" as const) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("rectify" as const), i: fc.nat(10), j: fc.nat(40) }) },
);

/** The machines properties run on: the hand-written ones and random ones by seed. */
export const machineArb: fc.Arbitrary<MachineDefinition> = fc.oneof(
  fc.constantFrom(leadCapture, intake),
  fc.integer({ min: 1, max: 10_000 }).map(randomMachine),
);

/** Distinctive personal data: any of these in a log or receipt is a leak. */
export const MARKED = ["Zebra Qx", "Yak Qv", "ann.qx@example.com", "Bo.Qz@Example.COM", "+44 20 7946 0018", "(030) 555-0199", "1987-06-15"];

/** Candidate answers for a field type: valid and invalid, typed (for `answer`) or raw (for `answerText`). */
export function candidates(t: FieldType, text: boolean): unknown[] {
  const common = text ? ["", "  ", "skip", "x".repeat(2000)] : [null, undefined, {}, [], "x".repeat(2000)];
  switch (t.kind) {
    case "text":
      return [...common, "Zebra Qx", "  Yak Qv  ", "é".repeat(t.max), "é".repeat(t.max + 1), "😀".repeat(t.max), 42, true];
    case "email":
      return [...common, "ann.qx@example.com", "Bo.Qz@Example.COM", "bad@", "a@b@c.de", "x@y.z", "a..b@c.de", ".a@b.cd", "a@-b.cd", 7];
    case "phone":
      return [...common, "+44 20 7946 0018", "(030) 555-0199", "12345", "+1 234 567 890 123 456", "phone me", 5550199];
    case "integer":
      return [...common, t.min, t.max, t.max + 1, t.min - 1, 1.5, NaN, Infinity, String(t.min), "1e3", "12abc", "  " + t.max + "  ", -0];
    case "number":
      return [...common, t.min, t.max, 2.25, t.max + 0.01, NaN, -Infinity, "3.5", ".5", "5.", "1,5", "-0", -0];
    case "yesno":
      return [...common, true, false, "yes", "No", "Y", "true", "maybe", 1];
    case "date":
      return [...common, "1987-06-15", "2024-02-29", "2023-02-29", "2023-13-01", "2023-00-10", "87-06-15", "2023-04-31", " 2000-01-01 ", 20000101];
    case "choice":
      return [...common, ...t.options.map((o) => o.value), ...t.options.map((o) => o.label.toUpperCase()), "1", "2", "9", "0", "gold", 1];
  }
}

/** Raw chat input as `answerText` takes it: read by the chat entry, then checked as a typed answer (a refusal either way is an object). */
export const checkText = (t: FieldType, x: unknown): unknown => {
  const v = read(x, t, { phrases: PHRASES } as MachineDefinition);
  return v !== null && typeof v === "object" ? v : validate(t, v);
};

/** A conversation's state as its snapshot holds it. */
export const stateOf = (c: Conversation): State => stateIn(c.snapshot());

/** The state a snapshot holds, with the receipts it keeps beside the state put back as its ledger. */
export const stateIn = (snapshot: string): State => {
  const o = JSON.parse(snapshot);
  return { ...o.state, ledger: o.ledger };
};

export interface Step {
  m: MachineDefinition;
  c: Conversation;
  a: Action;
  /** The time the operation ran at (a purge's own time). */
  at: number;
  before: State;
  after: State;
  beforeSnapshot: string;
  result?: unknown;
  error?: unknown;
  events: LawflowEvent[];
  prompt: Conversation["prompt"];
}

/** Run actions on a machine, calling `check` after each one that touched the conversation. */
export function run(m: MachineDefinition, actions: readonly Action[], check: (s: Step) => void, key?: string): { c: Conversation; events: LawflowEvent[]; log: string[] } {
  let now = T0;
  const opts = { clock: () => new Date(now), method: "test", key, hashes: { hmacSha256 }, chatReader };
  let c = createConversation(m, opts);
  const all: LawflowEvent[] = [];
  let snap = c.snapshot();
  const log: string[] = [snap];
  let events: LawflowEvent[] = [];
  const listen = (x: Conversation) => x.on((e) => (events.push(e), all.push(e)));
  listen(c);
  const consentPurposes = m.purposes.filter((p) => p.basis === "consent");
  const phrases = [...m.purposes.flatMap((p) => p.withdrawOn.map((w) => `  ${w.toUpperCase()}!`)), "What do you know about me?", "show my data", "Forget me.", "unknown words"];
  for (const a of actions) {
    if (a.k === "tick") {
      now += a.d * 3_600_000 * 6;
      continue;
    }
    const beforeSnapshot = snap;
    const before: State = stateIn(snap);
    const prompt = c.prompt;
    events = [];
    let result: unknown;
    let error: unknown;
    let at = now;
    try {
      switch (a.k) {
        case "answer":
        case "text": {
          const p = c.prompt;
          if (p.kind === "ask") {
            const t = m.fields.find((f) => f.name === p.field)!.type;
            const xs = candidates(t, a.k === "text");
            // Half the answers are valid ones, so conversations get somewhere.
            const good = xs.filter((x) => typeof (a.k === "text" ? checkText(t, x) : validate(t, x)) !== "object");
            const x = a.i % 2 && good.length ? good[(a.i >> 1) % good.length] : xs[a.i % xs.length];
            result = a.k === "text" ? c.answerText(x as string) : c.answer(p.step, x as never);
          } else if (p.kind === "consent") {
            const xs = a.k === "text" ? ["yes", "No thanks", "maybe", "OK!", "", "Y"] : [true, false, true, "yes", null];
            const x = xs[a.i % xs.length];
            result = a.k === "text" ? c.answerText(x as string) : c.answer(p.step, x as never);
          } else {
            // Ended: answering must throw.
            result = a.k === "text" ? c.answerText("hello") : c.answer("x", 1 as never);
          }
          break;
        }
        case "withdraw":
          result = c.withdraw((a.i % 3 === 0 && consentPurposes.length ? consentPurposes[a.i % consentPurposes.length]! : m.purposes[a.i % m.purposes.length]!).name);
          break;
        case "object":
          result = c.object(m.purposes[a.i % m.purposes.length]!.name);
          break;
        case "phrase":
          result = c.answerText(phrases[a.i % phrases.length]!);
          break;
        case "purge":
          at = now + a.d * DAY;
          result = c.purgeExpired(new Date(at));
          break;
        case "erase":
          result = c.erase();
          break;
        case "rectify": {
          const f = m.fields[a.i % m.fields.length]!;
          const xs = candidates(f.type, false);
          result = c.rectify(f.name, xs[a.j % xs.length] as FieldValue);
          break;
        }
        case "restore": {
          const s = c.snapshot();
          c = restoreConversation(m, s, opts);
          listen(c);
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof LawflowError)) throw e;
      error = e;
    }
    snap = c.snapshot();
    const after: State = stateIn(snap);
    log.push(snap);
    check({ m, c, a, at, before, after, beforeSnapshot, result, error, events, prompt });
  }
  return { c, events: all, log };
}

/** The model: whether a purpose's basis holds at `t` in a state. */
export function validAt(m: MachineDefinition, s: State, i: number, t: number): boolean {
  const c = s.consents[i];
  return m.purposes[i]!.basis === "consent" ? c?.status === "given" && (c.until === null || t < c.until) : !s.objections.includes(i);
}

export { onLoop } from "./random-machine.ts";
