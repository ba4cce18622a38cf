/**
 * Moving a conversation to a newer version of its flow, only when the new
 * version provably asks nothing new of the person without their consent.
 * Part of the separate entry `lawflow/runtime/migrate`: the core runtime
 * does not carry it.
 *
 * ```ts
 * import { moveSnapshot } from "lawflow/runtime/migrate";
 * const moved = moveSnapshot(v1, v2, snapshot, { key, id, hashes });
 * if (moved.ok) save(moved.snapshot);          // bound to v2's machine hash
 * else report(moved.code, moved.detail);         // the conversation stays on v1, with every right
 * ```
 *
 * `versionChange(from, to)` decides what holds for every conversation of
 * `from`; `moveState` adds what depends on one conversation (its step, what
 * it holds) and re-binds its state to `to`. The rules, each a `code`:
 *
 * - `flow_changed`, `controller_changed`: another flow, another controller.
 * - `purpose_removed`: a purpose of `from` is not in `to` (what was given or
 *   held for it would lose its declaration).
 * - `basis_changed`, `evidence_changed`, `condition_changed`: a purpose rests
 *   on something else.
 * - `retention_longer`, `consent_validity_longer`: a purpose keeps data, or
 *   counts a consent, longer (or no longer ends on withdrawal).
 * - `recipients_added`, `transfers_added`: data of a purpose would go to
 *   someone, or somewhere, new.
 * - `needs_added`: a purpose of `from` needs a field it did not.
 * - `new_purpose_without_consent`: a purpose new in `to` rests on anything
 *   but consent. A consent purpose is lawful only after a consent step
 *   records the person's yes, so whatever `to` adds can only be collected
 *   or used through one.
 * - `field_changed`, `field_removed`: a field's type, special category or
 *   existence changed (state level: only fields the conversation holds
 *   must still exist).
 * - `step_removed`: the conversation's current step (or end) is not in `to`
 *   as the same kind of step, asking the same field.
 *
 * The ledger is never rewritten: every entry made on `from` keeps `from`'s
 * version, so its hash, and the proof of the decision it records, stay
 * valid; entries made afterwards carry `to`'s.
 */
import type { Duration, FieldDef, MachineDefinition, PurposeDef, Retention, WaitingNode } from "./machine.ts";
import type { State } from "./state.ts";
import type { Hashes } from "./types.ts";
import { canon } from "./canon.ts";
import { fail } from "./errors.ts";
import { type Sha256, ledgerEntry, ledgerOf } from "./receipts.ts";
import { sha256 } from "./sha256.ts";
import { type Binding, open, seal } from "./snapshot.ts";
import { addDuration } from "./time.ts";

export type VersionChangeCode =
  | "flow_changed"
  | "controller_changed"
  | "purpose_removed"
  | "basis_changed"
  | "evidence_changed"
  | "condition_changed"
  | "retention_longer"
  | "consent_validity_longer"
  | "recipients_added"
  | "transfers_added"
  | "needs_added"
  | "new_purpose_without_consent"
  | "field_changed"
  | "field_removed"
  | "step_removed";

/** Whether a conversation may move; when not, why (a stable `code` and a sentence naming the purpose, field or step). */
export type VersionChange =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: VersionChangeCode;
      readonly detail: string;
    };

/** Why a conversation stays on its version. */
export type Refusal = Extract<VersionChange, { ok: false }>;

const OK: VersionChange = { ok: true };
const no = (code: VersionChangeCode, detail: string): Refusal => ({
  ok: false,
  code,
  detail,
});

/** The longest and shortest a duration can last, in days (months of 28 to 31 days). */
const days = (d: Duration, longest: boolean) => d.amount * { days: 1, weeks: 7, months: longest ? 31 : 28, years: longest ? 366 : 365 }[d.unit];
/** Months, for a duration counted in months or years. */
const months = (d: Duration) => (d.unit === "years" ? 12 : d.unit === "months" ? 1 : 0) * d.amount;
/** Whether `b` never lasts longer than `a`, whatever the calendar. */
const notLonger = (a: Duration, b: Duration) =>
  a.unit === b.unit ? b.amount <= a.amount : months(a) && months(b) ? months(b) <= months(a) : days(b, true) <= days(a, false);

/** Whether retention `b` keeps nothing longer than `a`. */
function retentionNotLonger(a: Retention, b: Retention): boolean {
  if (a.kind === "session" || b.kind === "session") return a.kind === b.kind;
  if (b.kind === "until_withdrawn") return a.kind === "until_withdrawn";
  // A period that also ends on withdrawal is shorter than "until withdrawn".
  if (a.kind === "until_withdrawn") return b.orUntilWithdrawn;
  return (b.orUntilWithdrawn || !a.orUntilWithdrawn) && notLonger(a.period, b.period);
}

const samePurposeTerms = (a: PurposeDef, b: PurposeDef): VersionChange => {
  const p = `purpose ${a.name}`;
  if (a.basis !== b.basis) return no("basis_changed", `${p}: basis ${a.basis} became ${b.basis}`);
  if (a.evidence !== b.evidence) return no("evidence_changed", `${p}: its basis rests on other grounds`);
  if (a.condition !== b.condition) return no("condition_changed", `${p}: its Art. 9(2) condition changed`);
  if (!retentionNotLonger(a.retention, b.retention)) return no("retention_longer", `${p}: data is kept longer`);
  // No `consent valid` means a consent lasts until withdrawn: adding one shortens it.
  if (a.consentValid && !(b.consentValid && notLonger(a.consentValid, b.consentValid))) return no("consent_validity_longer", `${p}: consent counts for longer`);
  const added = b.sharedWith.find((r) => !a.sharedWith.includes(r));
  if (added !== undefined) return no("recipients_added", `${p}: shared with a new recipient`);
  if (b.transfers.some((t) => !a.transfers.some((u) => u.country === t.country && u.safeguard === t.safeguard)))
    return no("transfers_added", `${p}: a new transfer outside the EEA, or a new safeguard`);
  const need = b.needs.find((f) => !a.needs.includes(f));
  if (need !== undefined) return no("needs_added", `${p}: needs ${need} too`);
  return OK;
};

const sameField = (a: FieldDef, b: FieldDef) => canon(a.type) === canon(b.type) && a.special === b.special;

/** Two machine definitions given from JavaScript as something else (a misspelt import is `undefined`) are said to be so. */
function machines(from: MachineDefinition, to: MachineDefinition, call: string): void {
  for (const m of [from, to])
    if (!m || typeof m !== "object" || !Array.isArray(m.purposes))
      throw new TypeError(`${call}: from and to must be machine definitions (a flow module's \`…Machine\`), not ${m === null ? "null" : typeof m}`);
}

/**
 * What holds for every conversation of `from`: whether `to` keeps each
 * purpose on the same terms or narrower, adds only consent purposes, and
 * keeps each field that still exists the same. Pure; `from` and `to` are
 * not changed.
 */
export function versionChange(from: MachineDefinition, to: MachineDefinition): VersionChange {
  machines(from, to, "versionChange(from, to)");
  if (from.id !== to.id) return no("flow_changed", `${from.id} is not ${to.id}`);
  if (canon(from.controller) !== canon(to.controller)) return no("controller_changed", "the controller or its contact changed");
  for (const a of from.purposes) {
    const b = to.purposes.find((x) => x.name === a.name);
    if (!b) return no("purpose_removed", `purpose ${a.name} is not in ${to.version}`);
    const terms = samePurposeTerms(a, b);
    if (!terms.ok) return terms;
  }
  const added = to.purposes.find((b) => b.basis !== "consent" && !from.purposes.some((a) => a.name === b.name));
  if (added) return no("new_purpose_without_consent", `purpose ${added.name} is new and rests on ${added.basis}, not consent`);
  for (const a of from.fields) {
    const b = to.fields.find((x) => x.name === a.name);
    if (b && !sameField(a, b)) return no("field_changed", `field ${a.name} changed its type or category`);
  }
  return OK;
}

/** The index in `to` of the waiting node `from` is at, or -1. */
const sameStep = (from: MachineDefinition, to: MachineDefinition, node: number): number => {
  const a = from.nodes[node] as WaitingNode;
  return to.nodes.findIndex(
    (b) =>
      b.kind === a.kind &&
      (b as WaitingNode).id === a.id &&
      (a.kind !== "ask" || (b as typeof a).field === a.field) &&
      (a.kind !== "consent" || (b as typeof a).purpose === a.purpose) &&
      (a.kind !== "end" || (b as typeof a).outcome === a.outcome),
  );
};

/** `until` no later than what `to`'s terms give from `at`. */
const within = (until: number | null, at: number, d: Duration | undefined) => {
  const cap = d ? addDuration(at, d) : null;
  return until === null ? cap : cap === null ? until : Math.min(until, cap);
};

/**
 * A state of `from` as a state of `to`, or why it cannot be: the machine
 * rules of `versionChange`, then the conversation's own — its current step
 * exists in `to`, every field it holds exists in `to`. Fields, purposes and
 * steps are matched by name, never by position; each held value's expiry
 * and each consent's lapse is brought within `to`'s (shorter) terms; the
 * ledger keeps `from`'s version on every entry. Receipts a restored state
 * keeps as text are read and checked first (`snapshot_tampered`), with
 * `sha` (default: the runtime's own SHA-256). Pure.
 */
export function moveState(from: MachineDefinition, to: MachineDefinition, state: State, sha: Sha256 = sha256): { ok: true; state: State } | Refusal {
  const change = versionChange(from, to);
  if (!change.ok) return change;
  const node = sameStep(from, to, state.node);
  if (node < 0) return no("step_removed", `step ${(from.nodes[state.node] as WaitingNode).id} is not in ${to.version}`);
  const field = (i: number) => to.fields.findIndex((f) => f.name === from.fields[i]!.name);
  const purpose = (i: number) => to.purposes.findIndex((p) => p.name === from.purposes[i]!.name);
  const lost = state.values.findIndex((h, i) => h && field(i) < 0);
  if (lost >= 0) return no("field_removed", `field ${from.fields[lost]!.name} is held but not in ${to.version}`);
  const values: State["values"][number][] = to.fields.map(() => null);
  state.values.forEach((h, i) => {
    // Each purpose keeps its own value (Art. 5(1)(b)), in `to`'s purpose order.
    if (h)
      values[field(i)] = h
        .map((u) => {
          const p = to.purposes[purpose(u.purpose)]!;
          const r = p.retention;
          return {
            at: u.at,
            purpose: purpose(u.purpose),
            until: r.kind === "period" ? within(u.until, u.at, r.period) : u.until,
            value: u.value,
          };
        })
        .sort((a, b) => a.purpose - b.purpose);
  });
  const consents: State["consents"][number][] = to.purposes.map(() => null);
  state.consents.forEach((c, i) => {
    if (c)
      consents[purpose(i)] = {
        at: c.at,
        status: c.status,
        until: c.status === "given" ? within(c.until, c.at, to.purposes[purpose(i)]!.consentValid) : c.until,
      };
  });
  const sayText = (m: MachineDefinition, i: number) => canon((m.nodes[i] as { text?: unknown }).text);
  return {
    ok: true,
    state: {
      attempts: state.attempts,
      consents,
      ledger: ledgerOf(from, state, sha).map((e) => ledgerEntry({ ...e, version: e.version ?? from.version })),
      node,
      objections: state.objections.map(purpose).sort((a, b) => a - b),
      outcome: state.outcome,
      // The messages passed on the way to the current step, where `to` says the same thing.
      said: state.said.map((i) => to.nodes.findIndex((n) => n.kind === "say" && canon(n.text) === sayText(from, i))).filter((i) => i >= 0),
      values,
    },
  };
}

export interface MoveOptions {
  /** The seal key, as `ConversationOptions.key`: the same for both versions. */
  readonly key?: string;
  /** The conversation's id, as `ConversationOptions.id`. */
  readonly id?: string;
  /** As `ConversationOptions.minRevision`. */
  readonly minRevision?: number;
  readonly hashes?: Hashes;
}

/**
 * A snapshot taken on `from` as a snapshot of `to`, one revision later, or
 * why it stays on `from` (`{ ok: false, code, detail }`). The snapshot is
 * opened with every check `restoreConversation` makes (it throws
 * `LawflowError` as restore does), the receipt chain is verified, and the
 * result is opened again on `to` before it is returned.
 */
export function moveSnapshot(
  from: MachineDefinition,
  to: MachineDefinition,
  snapshot: string,
  options: MoveOptions = {},
): { readonly ok: true; readonly snapshot: string } | Refusal {
  machines(from, to, "moveSnapshot(from, to, snapshot)");
  const key = options.key;
  const hmac = options.hashes?.hmacSha256;
  if (key === "" || (key !== undefined && !hmac)) fail("snapshot_key", "empty, or without hashes.hmacSha256");
  const b: Binding = {
    id: options.id ?? null,
    revision: 0,
    sha256: options.hashes?.sha256 ?? sha256,
    mac: key === undefined ? undefined : (t) => hmac!(key, t),
  };
  const opened = open(from, snapshot, b, options.minRevision);
  const moved = moveState(from, to, opened.state, b.sha256);
  if (!moved.ok) return moved;
  const next = { ...b, revision: opened.revision + 1 };
  const out = seal(to, moved.state, next);
  open(to, out, next);
  return { ok: true, snapshot: out };
}
