/**
 * Runtime: how fast conversations run, how cheap a stored conversation is to
 * resume, and how much memory an idle conversation holds — Lawflow against
 * the same machines in XState v5, @xstate/fsm and a hand-written switch loop
 * (the floor), all generated from one MachineDefinition and replaying one
 * scripted walk (bench/walk.ts).
 *
 * Micro-benchmarks run side by side in one process, interleaved round by
 * round, so the noise of a shared machine hits every contender alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash, createHmac } from "node:crypto";
import { createConversation, initialState, restoreConversation, transition } from "../runtime/index.ts";
import { newEntry } from "../runtime/receipts.ts";
import { sha256 } from "../runtime/sha256.ts";
import { seal } from "../runtime/snapshot.ts";
import type { FieldValue, MachineDefinition } from "../runtime/machine.ts";
import { fsmMachine, runFsm } from "./peers/fsm.ts";
import { SwitchLoop, switchTables } from "./peers/switch-loop.ts";
import { runXState, xstateMachine, xstatePersisted, xstateRestoreAnswerSnapshot } from "./peers/xstate.ts";
import { interleave, opsPerSecond, type Summary } from "./stats.ts";
import { runPlain } from "./plain.ts";
import { planWalk, type ScriptedAnswer } from "./walk.ts";

export interface StepsResult {
  readonly flow: string;
  /** Answers in one scripted conversation. */
  readonly answers: number;
  /** Answers per second, per engine. */
  readonly stepsPerSecond: Record<"lawflow" | "xstate" | "fsm" | "switch", Summary>;
  /** Lawflow steps/s ÷ XState steps/s (medians). */
  readonly lawflowOverXState: number;
}

export interface RestoreResult {
  /** µs per restore + one answer + snapshot, per engine. */
  readonly microseconds: Record<"lawflow" | "xstate", Summary>;
  readonly at: string;
  /** Receipts in the Lawflow snapshot restored. */
  readonly receipts?: number;
}

export interface MemoryResult {
  readonly conversations: number;
  /** Heap bytes per conversation, waiting at its first question. */
  readonly fresh: Record<string, number>;
  /** Heap bytes per conversation after the script's first `midway` answers (values held, consent given). */
  readonly midway: Record<string, number>;
  readonly midwayAnswers: number;
  /** Conversations held for the midway figure (fewer: answering is the slow part, and the per-conversation figure is stable from 20,000). */
  readonly midwayConversations: number;
}

export interface RuntimeResults {
  readonly steps: StepsResult[];
  readonly restore?: RestoreResult;
  /** The same later in the conversation, after a consent decision: the snapshot carries a receipt, which a restore keeps as text without reading it. */
  readonly restoreLater?: RestoreResult;
  /** After consent, by the number of receipts in the snapshot, with the runtime's own hash and with Node's. */
  readonly restoreByReceipts?: ReceiptScalingResult;
  readonly memory?: MemoryResult;
  readonly snapshotBytes?: { readonly start: number; readonly end: number; readonly xstateStart: number; readonly xstateEnd: number };
  readonly notes: string[];
}

const CLOCK = () => new Date();

/** One Lawflow conversation through the script; throws if any answer is refused (the benchmark must walk the same path as the peers). */
export function runLawflow(M: MachineDefinition, script: readonly ScriptedAnswer[]): void {
  const c = createConversation(M, { clock: CLOCK });
  for (const a of script) {
    const r = c.answer(a.step as never, a.value as never);
    if (!r.ok) throw new Error(`Lawflow refused ${JSON.stringify(a.value)} at ${a.step}: ${r.code}`);
  }
}

function checkSameEnd(M: MachineDefinition, script: readonly ScriptedAnswer[]): void {
  const c = createConversation(M, { clock: CLOCK });
  for (const a of script) c.answer(a.step as never, a.value as never);
  const values = script.map((a) => a.value);
  const loop = new SwitchLoop(M);
  for (const v of values) loop.answer(v);
  const expected = `n${loop.n}`;
  const x = runXState(xstateMachine(M), values);
  const f = runFsm(fsmMachine(M), values);
  if (!c.ended || x !== expected || f !== expected)
    throw new Error(`engines disagree on ${M.id}: lawflow ended=${c.ended} step=${String(c.prompt.step)}, switch ${expected}, xstate ${x}, fsm ${f}`);
}

export function stepsPerSecond(flow: string, M: MachineDefinition, rounds: number, sampleMs: number): StepsResult {
  const script = planWalk(M);
  checkSameEnd(M, script);
  const values: readonly (FieldValue | null)[] = script.map((a) => a.value);
  const xm = xstateMachine(M);
  const fm = fsmMachine(M);
  const tables = switchTables(M);
  const n = script.length;
  const perConversation = (run: () => void) => () => opsPerSecond(run, sampleMs) * n;
  const contenders = {
    lawflow: perConversation(() => runLawflow(M, script)),
    xstate: perConversation(() => runXState(xm, values)),
    fsm: perConversation(() => runFsm(fm, values)),
    switch: perConversation(() => {
      const loop = new SwitchLoop(M, tables);
      for (const v of values) loop.answer(v);
    }),
  };
  // Warm-up: let every engine's code be optimised before samples count.
  for (const f of Object.values(contenders)) for (let i = 0; i < 2; i++) f();
  const s = interleave(rounds, contenders);
  return { flow, answers: n, stepsPerSecond: s, lawflowOverXState: s.lawflow!.median / s.xstate!.median };
}

/** Restore a stored conversation, answer one question, store it again: the unit of work of a stateless bot worker. */
export function restoreAnswerSnapshot(M: MachineDefinition, rounds: number, sampleMs: number, at = 1): RestoreResult {
  const script = planWalk(M);
  const done = script.slice(0, at);
  const nextAnswer = script[at]!;
  const c = createConversation(M, { clock: CLOCK });
  for (const a of done) c.answer(a.step as never, a.value as never);
  const lawflowSnapshot = c.snapshot();
  const xm = xstateMachine(M);
  const xstateSnapshot = xstatePersisted(
    xm,
    done.map((a) => a.value),
  );
  const contenders = {
    lawflow: () =>
      1e6 /
      opsPerSecond(() => {
        const r = restoreConversation(M, lawflowSnapshot, { clock: CLOCK });
        r.answer(nextAnswer.step as never, nextAnswer.value as never);
        r.snapshot();
      }, sampleMs),
    xstate: () => 1e6 / opsPerSecond(() => xstateRestoreAnswerSnapshot(xm, xstateSnapshot, nextAnswer.value), sampleMs),
  };
  for (const f of Object.values(contenders)) f();
  return { microseconds: interleave(rounds, contenders), at: nextAnswer.step, receipts: JSON.parse(lawflowSnapshot).receipts.count };
}

export interface ReceiptScalingResult {
  readonly at: string;
  readonly rows: readonly {
    readonly receipts: number;
    readonly snapshotBytes: number;
    /**
     * µs per restore + one answer + snapshot: the runtime's own SHA-256;
     * Node's crypto handed in; sealed with a key and Node's HMAC; XState.
     * `host` and `hostWhole` add what the example bot server does per
     * answer (Node's hashes): the receipt count for its roll-back check, the
     * new receipts to store and the purge time from what is held — with
     * `receiptCount`, `receipts(before)` and `export(receiptCount)`, and the
     * same read from the whole ledger (`receipts()`, `export()`).
     */
    readonly microseconds: Record<"lawflow" | "lawflowNodeHash" | "lawflowNodeHmac" | "xstate" | "host" | "hostWhole", Summary>;
  }[];
}

/** Node's hashes, as a bot server hands them in (`options.hashes`). */
export const NODE_HASHES = {
  sha256: (t: string) => createHash("sha256").update(t).digest("hex"),
  hmacSha256: (k: string, t: string) => createHmac("sha256", k).update(t).digest("hex"),
};

/**
 * Restore + answer + snapshot after consent, with 1 to 64 receipts in the
 * snapshot: the lead-capture conversation at its last question, its ledger
 * grown by withdrawing and giving consent in turn (the state made with the
 * pure `transition`, so the position stays the same).
 */
export function restoreByReceipts(M: MachineDefinition, rounds: number, sampleMs: number, counts = [1, 2, 8, 32, 64]): ReceiptScalingResult {
  const script = planWalk(M);
  const at = script.length - 1;
  const done = script.slice(0, at);
  const next = script[at]!;
  const xm = xstateMachine(M);
  const xstateSnapshot = xstatePersisted(
    xm,
    done.map((a) => a.value),
  );
  const consent = M.nodes.find((n) => n.kind === "consent");
  if (!consent || consent.kind !== "consent") throw new Error("the restore benchmark needs a flow with a consent step");
  const rows = counts.map((receipts) => {
    const made = (key?: string, hashes?: typeof NODE_HASHES) => {
      let state = initialState(M);
      let now = Date.UTC(2026, 0, 1);
      state = transition(M, state, { type: "start" }, now).state;
      for (const a of done) state = transition(M, state, { type: "answer", step: a.step, value: a.value }, now).state;
      const p = M.purposes.findIndex((q) => q.name === consent.purpose);
      // Withdraw, give again, withdraw…: one receipt each.
      while (state.ledger.length < receipts) {
        if (state.consents[p]?.status === "given") state = transition(M, state, { type: "withdraw", purpose: consent.purpose }, ++now).state;
        else {
          const consents = [...state.consents];
          consents[p] = { at: ++now, status: "given", until: null };
          state = { ...state, consents, ledger: [...state.ledger, newEntry(M, "given", now, {}, consent.purpose, "renewed")] };
        }
      }
      if (state.ledger.length !== receipts) throw new Error(`made ${state.ledger.length} receipts, wanted ${receipts}`);
      return seal(M, state, { id: null, revision: 0, sha256: hashes?.sha256 ?? sha256, mac: key === undefined ? undefined : (t) => NODE_HASHES.hmacSha256(key, t) });
    };
    const plain = made();
    const keyed = made("bench-key", NODE_HASHES);
    const run = (snapshot: string, options: object) => () =>
      1e6 /
      opsPerSecond(() => {
        const r = restoreConversation(M, snapshot, { clock: CLOCK, ...options });
        r.answer(next.step as never, next.value as never);
        r.snapshot();
      }, sampleMs);
    const options = { clock: CLOCK, hashes: NODE_HASHES };
    const nodePlain = made(undefined, NODE_HASHES);
    const host = (whole: boolean) => () =>
      1e6 /
      opsPerSecond(() => {
        const r = restoreConversation(M, nodePlain, options);
        const before = whole ? r.receipts().length : r.receiptCount;
        r.answer(next.step as never, next.value as never);
        const stored = whole ? r.receipts().slice(before) : r.receipts(before);
        const held = whole ? r.export() : r.export(r.receiptCount);
        if (stored.length > 1 || !held) throw new Error("unexpected receipts");
        r.snapshot();
      }, sampleMs);
    const contenders = {
      host: host(false),
      hostWhole: host(true),
      lawflow: run(plain, {}),
      lawflowNodeHash: run(plain, { hashes: NODE_HASHES }),
      lawflowNodeHmac: run(keyed, { key: "bench-key", hashes: NODE_HASHES }),
      xstate: () => 1e6 / opsPerSecond(() => xstateRestoreAnswerSnapshot(xm, xstateSnapshot, next.value), sampleMs),
    };
    for (const f of Object.values(contenders)) f();
    return { receipts, snapshotBytes: plain.length, microseconds: interleave(rounds, contenders) };
  });
  return { at: next.step, rows };
}

/** Heap bytes per held conversation, measured in a child process with `--expose-gc` so other work in this process does not blur it. */
export function memoryPerConversation(M: MachineDefinition, conversations: number, midwayAnswers: number, midwayConversations = conversations): MemoryResult {
  const dir = mkdtempSync(join(tmpdir(), "lawflow-bench-mem-"));
  try {
    const machinePath = join(dir, "machine.json");
    writeFileSync(machinePath, JSON.stringify(M));
    const out: Record<string, Record<string, number>> = { fresh: {}, midway: {} };
    for (const engine of ["lawflow", "xstate", "fsm"]) {
      for (const stage of ["fresh", "midway"] as const) {
        const stdout = runPlain(
          "bench/memory-child.ts",
          [machinePath, engine, String(stage === "fresh" ? conversations : midwayConversations), String(stage === "fresh" ? 0 : midwayAnswers)],
          ["--expose-gc", "--max-old-space-size=4096"],
        );
        out[stage]![engine] = JSON.parse(stdout.trim().split("\n").pop()!).bytesPerConversation;
      }
    }
    return { conversations, fresh: out.fresh!, midway: out.midway!, midwayAnswers, midwayConversations };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function snapshotBytes(M: MachineDefinition): { start: number; end: number; xstateStart: number; xstateEnd: number } {
  const script = planWalk(M);
  const c = createConversation(M, { clock: CLOCK });
  const start = Buffer.byteLength(c.snapshot());
  for (const a of script) c.answer(a.step as never, a.value as never);
  const end = Buffer.byteLength(c.snapshot());
  const xm = xstateMachine(M);
  return {
    start,
    end,
    xstateStart: Buffer.byteLength(xstatePersisted(xm, [])),
    xstateEnd: Buffer.byteLength(xstatePersisted(
      xm,
      script.map((a) => a.value),
    )),
  };
}

export interface RuntimeOptions {
  readonly lead: MachineDefinition;
  readonly generated: MachineDefinition;
  readonly generatedSteps: number;
  readonly quick?: boolean;
  readonly log?: (line: string) => void;
}

export function runRuntime(o: RuntimeOptions): RuntimeResults {
  const rounds = o.quick ? 3 : 9;
  const sampleMs = o.quick ? 100 : 250;
  const notes: string[] = [];
  const log = o.log ?? (() => {});
  log("runtime: steps per second");
  const steps = [
    stepsPerSecond("lead-capture (examples/lead-capture/lead.flow)", o.lead, rounds, sampleMs),
    stepsPerSecond(`generated ${o.generatedSteps.toLocaleString("en-US")}-step flow (seed 1)`, o.generated, rounds, sampleMs),
  ];
  log("runtime: restore + answer + snapshot");
  const restore = restoreAnswerSnapshot(o.lead, rounds, sampleMs);
  const restoreLater = restoreAnswerSnapshot(o.lead, rounds, sampleMs, planWalk(o.lead).length - 1);
  log("runtime: restore + answer + snapshot by receipts");
  const byReceipts = restoreByReceipts(o.lead, rounds, sampleMs);
  log("runtime: heap per conversation (child processes)");
  const memory = memoryPerConversation(o.lead, o.quick ? 20_000 : 100_000, 4, 20_000);
  const snapshot = snapshotBytes(o.lead);
  return { steps, restore, restoreLater, restoreByReceipts: byReceipts, memory, snapshotBytes: snapshot, notes };
}
