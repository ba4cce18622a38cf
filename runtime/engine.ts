/**
 * The conversation: the one place where consent, purpose limitation,
 * minimisation and retention are enforced while a flow runs.
 *
 * All state is one plain, JSON-safe `State` value. Every public operation reads
 * the clock once, works on a copy of the state and keeps the copy only when
 * it succeeds, so a thrown error never leaves a conversation half changed;
 * events are delivered after the change is made. Given the same machine,
 * inputs and clock, the same states and events result (guarantee 10).
 */
import type { AskNode, Condition, FieldDef, FieldValue, MachineDefinition, Operand, TextTemplate, WaitingNode } from "./machine.ts";
import type { Conversation, ConversationOptions, Decision, ErasedPrompt, ExportData, FlowTypes, LawflowEvent, PromptShape, RefusalCode } from "./types.ts";
import { SKIP, command, norm, yesNo } from "./commands.ts";
import { fail } from "./errors.ts";
import { type Entry as LedgerEntry, append, receipts } from "./receipts.ts";
import { open, seal } from "./snapshot.ts";
import { addDuration, iso } from "./time.ts";
import { check } from "./validate.ts";

/** A purpose a value is held for: [purpose index, collected at, expires at or null], times in epoch ms. */
export type Entry = [number, number, number | null];

/**
 * The whole state of a conversation. Author-given names never appear as
 * keys: fields and purposes are referred to by index. Every object of a
 * state is built with its keys in sorted order (as below), so that
 * `JSON.stringify` prints it canonically for the snapshot seal.
 */
export interface State {
  /** Refused answers at the current node. */
  a: number;
  /** Consent by purpose index; `x` is when a given consent lapses (`consent valid`). */
  c: ({ at: number; s: "given" | "refused" | "withdrawn"; x: number | null } | null)[];
  /** The say nodes passed since the previous prompt. */
  m: number[];
  /** The current waiting node. */
  n: number;
  /** Purposes objected to (Art. 21), by index. */
  o: number[];
  /** The consent and rights ledger, its entries kept short (receipts.ts). */
  r: LedgerEntry[];
  /** Held values by field index, each with the purposes it is held for. */
  v: ({ p: Entry[]; v: FieldValue } | null)[];
  /** The outcome once ended. */
  x: string | null;
}

type Shown = PromptShape | ErasedPrompt;
type Result = { ok: boolean; prompt?: Shown; [k: string]: unknown };

const copy = <X>(x: X): X => JSON.parse(JSON.stringify(x));

/**
 * What every conversation of a machine looks up, made once per machine:
 * fields and purposes by name, each purpose's declaration as a prompt names
 * it (shared and frozen, as the machine itself is), each consent request's
 * text and each ask's purposes by index (both by node index).
 */
type Prepared = [fields: Map<string, number>, purposes: Map<string, number>, infos: object[], requests: string[], asked: number[][]];
const prepared = new WeakMap<MachineDefinition, Prepared>();
const byName = (l: readonly { name: string }[]) => new Map(l.map((d, i) => [d.name, i]));
const prepare = (M: MachineDefinition) => {
  let p = prepared.get(M);
  if (!p) {
    const purposes = byName(M.purposes);
    prepared.set(
      M,
      (p = [
        byName(M.fields),
        purposes,
        M.purposes.map((d) => Object.freeze({ ...d, purpose: d.name })),
        // Each consent request as written: `{field}` placeholders keep personal data out of the ledger.
        M.nodes.map((n) => (n.kind === "consent" ? n.text.map((x) => (typeof x === "string" ? x : `{${x.field}}`)).join("") : "")),
        // Each ask's purposes by index.
        M.nodes.map((n) => (n.kind === "ask" ? n.purposes.map((x) => purposes.get(x.purpose) ?? fail("unknown_purpose", x.purpose)) : [])),
      ]),
    );
  }
  return p;
};

/**
 * The conversation's live members, as getters of a class whose instance
 * reads the state through a function the conversation holds. Getters in each
 * conversation's own object literal would give every conversation hidden
 * classes of its own, which V8 keeps in old space: each conversation then
 * survived young-generation collections and held several times the memory
 * it needs.
 */
class Live {
  #f: (state?: 1) => any;
  constructor(f: (state?: 1) => any) {
    this.#f = f;
  }
  get prompt() {
    return this.#f();
  }
  get ended() {
    return this.#f(1).x !== null;
  }
  get outcome() {
    return this.#f(1).x ?? undefined;
  }
}

export function start(M: MachineDefinition, opt: ConversationOptions = {}, snapshot?: string): Conversation<FlowTypes> {
  const { purposes: P, fields: F, nodes: N } = M;
  const clock = opt.clock ?? (() => new Date());
  let s: State =
    snapshot === undefined ? { a: 0, c: P.map(() => null), m: [], n: M.start, o: [], r: [], v: F.map(() => null), x: null } : open(M, snapshot, opt.key);
  /** The time of the current operation. */
  let t = +clock();
  let events: LawflowEvent[] = [];
  let listeners: ((e: LawflowEvent) => void)[] = [];
  let shown: Shown;
  /** Whether the current operation rendered an end prompt. */
  let closed = false;

  // Fields and purposes by name: a lookup per use, not a scan of the machine.
  const [fs, ps, infos, requests, asked] = prepare(M);
  const pi = (name: string) => ps.get(name) ?? fail("unknown_purpose", name);
  const fi = (name: string) => fs.get(name) ?? -1;
  // Stamped in place: every caller passes a new object, and in V8 adding a member after a spread is slow.
  // Only listeners see events, so with none the time is not even formatted (tx still counts them).
  const emit = (e: any) => events.push(listeners[0] ? ((e.at = iso(t)), e) : e);
  /** A refusal with a message to show: the caller's own, else a short English one naming what is wanted. */
  const message = (code: RefusalCode, f?: FieldDef) => ({
    ok: false,
    code,
    message:
      opt.messages?.[code] ??
      (code === "too_long" || code === "out_of_range"
        ? `That is ${code.replace("_", " ")}.`
        : !f
          ? "Please answer yes or no."
          : f.type.kind === "choice"
            ? "Please pick one of: " + f.type.options.map((o) => o.label).join(", ") + "."
            : `Please give ${f.label}${f.type.kind === "date" ? " (YYYY-MM-DD)" : ""}.`),
  });

  /** Whether a purpose's lawful basis holds now (Art. 6(1)): consent given and not lapsed, no objection. */
  const valid = (i: number) => {
    const c = s.c[i];
    return P[i]!.basis === "consent" ? c?.s === "given" && (c.x === null || t < c.x) : !s.o.includes(i);
  };
  /** An entry may be used now: its basis holds and its retention has not run out. */
  const live = (e: Entry) => valid(e[0]) && (e[2] === null || t < e[2]);
  /** A field's value if it is held for at least one purpose that may use it now. */
  const held = (f: string) => {
    const h = s.v[fi(f)];
    return h && h.p.some(live) ? h.v : undefined;
  };

  const render = (tpl: TextTemplate) =>
    // Most texts are one string with nothing to fill in.
    tpl.length === 1 && typeof tpl[0] === "string"
      ? tpl[0]
      : tpl
          .map((x) => {
            if (typeof x === "string") return x;
            const v = held(x.field);
            const type = F[fi(x.field)]?.type;
            return v === undefined ? "" : type?.kind === "choice" ? type.options.find((o) => o.value === v)?.label : typeof v === "boolean" ? (v ? "yes" : "no") : v;
          })
          .join("");

  const operand = (o: Operand) => ("field" in o ? held(o.field) : o.value);
  const test = (c: Condition): boolean => {
    const op = c.op;
    if (op === "and") return test(c.left) && test(c.right);
    if (op === "or") return test(c.left) || test(c.right);
    if (op === "not") return !test(c.operand);
    if (op === "known") return held(c.field) !== undefined;
    if (op === "given") return valid(pi(c.purpose));
    const l = operand(c.left as Operand);
    const r = operand(c.right as Operand);
    // A comparison with a value that is not held is false, whatever the operator.
    return l !== undefined && r !== undefined && (op === "==" ? l === r : op === "!=" ? l !== r : op === "<" ? l < r : op === "<=" ? l <= r : op === ">" ? l > r : l >= r);
  };

  /** The purposes of an ask whose basis holds now; the others are dropped (guarantee 1). */
  const lawful = (node: number) => asked[node]!.filter(valid);

  const prompt = (): Shown => {
    const n = N[s.n] as WaitingNode;
    if (n.kind !== "end" && s.x !== null) return { kind: "erased", step: null, messages: [], text: opt.erasedText ?? "Your data has been erased." };
    const kind = n.kind;
    const step = n.id;
    const messages = s.m.map((i) => render((N[i] as { text: TextTemplate }).text));
    const text = render(n.text);
    // One literal per kind, no spread: in V8, members added after a spread go one by one, slowly.
    if (kind === "end") return { kind, step, messages, text, outcome: n.outcome ?? step } as never;
    if (kind === "consent") return { kind, step, messages, text, purpose: n.purpose, purposes: [infos[pi(n.purpose)]] } as never;
    const type = F[fi(n.field)]!.type;
    return {
      kind,
      step,
      messages,
      text,
      field: n.field,
      fieldType: type.kind,
      choices: type.kind === "choice" ? type.options : [],
      optional: n.optional,
      purposes: lawful(s.n).map((i) => infos[i]),
      attempts: s.a,
    } as never;
  };

  /** Where an ask leads when it is skipped, or undefined if it must be asked. */
  const skip = (i: number, n: AskNode) => {
    const ps = lawful(i);
    const h = s.v[fi(n.field)];
    // Nothing lawful to collect it for, or already held for all of that.
    if (!ps.length) return n.next;
    if (h && ps.every((i) => h.p.some((e) => e[0] === i && live(e)))) return branch(n, h.v);
  };
  const branch = (n: AskNode, v: FieldValue) => n.when.find((w) => w.value === v)?.next ?? n.next;

  /** Remove the entries `f` matches; erase values left with none. Returns the erased fields. */
  const drop = (f: (e: Entry) => boolean) => {
    const out: string[] = [];
    // New holdings, not changed ones: the state before the operation shares them.
    s.v = s.v.map((h, i) => {
      const p = h?.p.filter((e) => !f(e));
      return p?.length ? { p, v: h!.v } : (p && out.push(F[i]!.name), null);
    });
    return out;
  };

  /**
   * Walk from node `i` to the next waiting node, passing say and branch nodes,
   * skipping asks with nothing lawful left to collect and consents already
   * given. The state does not change during a walk, so visiting more nodes
   * than there are means a loop without a waiting step: a bug in the machine.
   */
  const go = (i: number, keep?: boolean) => {
    const m = keep ? [...s.m] : [];
    for (let k = 0, n, j; (n = N[i]) && k <= N.length; k++) {
      if (n.kind === "say") m.push(i), (i = n.next);
      else if (n.kind === "branch") i = test(n.test) ? n.then : n.else;
      else if (n.kind === "consent" && valid(pi(n.purpose))) i = n.given;
      else if (n.kind === "ask" && (j = skip(i, n)) !== undefined) i = j;
      else {
        const moved = !keep || i !== s.n;
        if (moved) s.a = 0;
        s.n = i;
        s.m = m;
        if (n.kind === "end") {
          s.x = n.outcome ?? n.id;
          // The closing text is shown with the session's values; then they go (retain session).
          shown = prompt();
          closed = true;
          drop((e) => P[e[0]]!.retention.kind === "session");
          emit({ type: "ended", outcome: s.x });
        } else if (moved) emit({ type: "prompt", step: n.id });
        return;
      }
    }
    fail("internal", "loop at node " + i);
  };

  /** After a right is exercised the current ask may have nothing lawful left to collect: move on. */
  const settle = () => s.x === null && go(s.n, true);

  const receipt = (decision: Decision, purpose?: string, request?: string) => append((s.r = [...s.r]), M, decision, t, opt.method ?? "chat", purpose, request);

  /**
   * Run an operation as a transaction: read the clock, work on a copy of the
   * state, keep it only if nothing threw, then deliver the events. The copy
   * is shallow and its arrays are copied on write: operations replace an
   * array of the state, a held value, a consent or an entry rather than
   * change it, so the state before is never touched.
   */
  const tx = <R>(f: () => R, at?: number): R => {
    const before = s;
    t = at ?? +clock();
    // Member by member: V8 copies this object several times faster so than with a spread.
    s = { a: s.a, c: s.c, m: s.m, n: s.n, o: s.o, r: s.r, v: s.v, x: s.x };
    events = [];
    closed = false;
    let r: R & Result;
    try {
      r = f() as R & Result;
      // Re-render after every change (a withdrawn value must vanish from the
      // screen too), except right after reaching an end.
      if (!closed && (s.x === null || events.length)) shown = prompt();
      if (r?.ok !== undefined) r.prompt = shown;
    } catch (e) {
      s = before;
      throw e;
    }
    // Outside the transaction: a listener that throws cannot undo a change already made.
    if (listeners[0]) for (const e of events) for (const l of listeners.slice()) l(e);
    return r;
  };

  const refuse = (step: string, code: RefusalCode) => {
    const n = N[s.n] as AskNode;
    emit({ type: "refused", step, code });
    if (!n.retry) s.a++;
    if (n.retry && ++s.a >= n.retry.limit) go(n.retry.next);
    return message(code, F[fi(n.field)]);
  };

  const take = (step: string, value: unknown, text?: boolean): Result => {
    if (s.x !== null) fail("ended", step);
    const n = N[s.n] as AskNode | Extract<WaitingNode, { kind: "consent" }>;
    if (step !== n.id) fail("not_current_step", step);
    if (n.kind === "consent") {
      const b = typeof value === "boolean" ? value : text ? yesNo(value as string) : undefined;
      if (b === undefined) return refuse(step, text ? "not_yesno" : "wrong_type");
      const i = pi(n.purpose);
      const d = b ? "given" : "refused";
      const cv = P[i]!.consentValid;
      (s.c = [...s.c])[i] = { at: t, s: d, x: b && cv ? addDuration(t, cv) : null };
      receipt(d, n.purpose, requests[s.n]);
      emit({ type: "consent", purpose: n.purpose, decision: d });
      go(b ? n.given : n.refused);
      return { ok: true };
    }
    const f = fi(n.field);
    const ps = lawful(s.n);
    // Time passed since the question was put and no purpose has a basis any more: nothing may be kept.
    if (!ps.length) return go(n.next), { ok: true };
    const phrase = text && (value as string).length < 200 ? norm(value as string) : "-";
    if (value === null || !phrase || SKIP.includes(phrase)) {
      if (!n.optional) return refuse(step, phrase ? "not_optional" : "empty");
      emit({ type: "skipped", step });
      go(n.next);
      return text ? { ok: true, command: "skip" } : { ok: true };
    }
    const v = check(F[f]!.type, value, !!text);
    if (typeof v === "object") return refuse(step, v.code);
    const p = (s.v[f]?.p ?? []).filter((e) => !ps.includes(e[0]));
    for (const i of ps) {
      const r = P[i]!.retention;
      p.push([i, t, r.kind === "period" ? addDuration(t, r.period) : null]);
    }
    (s.v = [...s.v])[f] = { p: p.sort((a, b) => a[0] - b[0]), v };
    emit({ type: "stored", field: n.field, purposes: ps.map((i) => P[i]!.name) });
    go(branch(n, v));
    return { ok: true };
  };

  /**
   * Withdraw consent (Art. 7(3)) or object (Art. 21, for legitimate interests
   * and public tasks): the purpose stops at once and a receipt says so. It is
   * removed from every value, and values left with none are erased (guarantee 3).
   */
  const withdraw = (purpose: string, object?: boolean) => {
    const i = pi(purpose);
    const b = P[i]!.basis;
    const type = object ? "objected" : "withdrawn";
    if (object ? b !== "legitimate_interests" && b !== "public_task" : b !== "consent") fail("wrong_basis", purpose);
    if (object ? !s.o.includes(i) && (s.o = [...s.o, i]) : s.c[i]?.s === "given" && ((s.c = [...s.c])[i] = { at: t, s: type as "withdrawn", x: null }))
      receipt(type, purpose);
    const erased = drop((e) => e[0] === i);
    emit({ type, purpose, erased });
    settle();
    return erased;
  };

  const exportData = (): ExportData => {
    const name = (i: number) => P[i]!.name;
    const time = (x: number | null) => (x === null ? null : iso(x));
    return copy({
      flow: M.id,
      version: M.version,
      controller: M.controller,
      exportedAt: iso(t),
      data: s.v.flatMap((h, f) =>
        h
          ? [
              {
                field: F[f]!.name,
                label: F[f]!.label,
                value: h.v,
                purposes: h.p.map((e) => ({ purpose: name(e[0]), basis: P[e[0]]!.basis, collectedAt: iso(e[1]), expiresAt: time(e[2]) })),
              },
            ]
          : [],
      ),
      consents: s.c.flatMap((c, i) => (c ? [{ purpose: name(i), status: c.s, at: iso(c.at), expiresAt: time(c.x) }] : [])),
      objections: s.o.map(name),
      receipts: receipts(M, s.r),
    });
  };

  /** Erasure (Art. 17): every value goes; the ledger keeps a record that names none. */
  const erase = () => {
    const erased = drop(() => true);
    receipt("erased");
    emit({ type: "erased", fields: erased });
    if (s.x === null) {
      s.x = "erased";
      s.m = [];
      emit({ type: "ended", outcome: "erased" });
    }
    return erased;
  };

  if (snapshot === undefined) tx(() => go(M.start));
  else shown = prompt();

  const methods: Omit<Conversation<FlowTypes>, "prompt" | "ended" | "outcome"> = {
    answer: (step, value) => tx(() => take(step, value)) as never,
    answerText: (text) =>
      tx(() => {
        const n = N[s.n] as WaitingNode;
        if (typeof text !== "string") return take(n.id, text, true);
        const c = command(text, M);
        if (!c) return take(n.id, text, true);
        if (c.kind === "export") return { ok: true, command: "export", data: exportData() };
        if (c.kind === "erase") return { ok: true, command: "erase", erased: erase() };
        // At the request for the same purpose, a withdrawal phrase is a no.
        if (n.kind === "consent" && n.purpose === c.purpose && s.x === null) return take(n.id, false);
        return { ok: true, command: "withdraw", purpose: c.purpose, erased: withdraw(c.purpose) };
      }) as never,
    withdraw: (purpose) => tx(() => withdraw(purpose)),
    object: (purpose) => tx(() => withdraw(purpose, true)),
    dataFor: (purpose) => {
      t = +clock();
      const i = pi(purpose);
      return Object.fromEntries(s.v.flatMap((h, f) => (h?.p.some((e) => e[0] === i && live(e)) ? [[F[f]!.name, h.v]] : []))) as never;
    },
    export: () => tx(exportData),
    erase: () => tx(erase),
    rectify: (field, value) =>
      tx(() => {
        const f = fi(field);
        const h = s.v[f];
        if (f < 0) fail("unknown_field", field);
        if (!h) fail("not_held", field);
        const v = check(F[f]!.type, value, false);
        if (typeof v === "object") return message(v.code, F[f]);
        (s.v = [...s.v])[f] = { p: h!.p, v };
        emit({ type: "rectified", field });
        return { ok: true };
      }) as never,
    purgeExpired: (now) =>
      tx(
        () => {
          const erased = drop((e) => !live(e));
          emit({ type: "purged", fields: erased });
          settle();
          return erased;
        },
        now && +now,
      ),
    snapshot: () => seal(M, s, opt.key),
    receipts: () => copy(receipts(M, s.r)),
    on(listener) {
      listeners.push(listener);
      return () => void (listeners = listeners.filter((l) => l !== listener));
    },
  };
  return Object.assign(new Live((state) => (state ? s : shown)), methods);
}
