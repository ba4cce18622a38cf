/**
 * The bot backend: a plain node:http server over the Lawflow runtime and a
 * `ConversationStore`. Every request loads the conversation's snapshot,
 * checks its seal, restores it on the machine version it was started on,
 * applies one change and writes it back with the revision it read, so the
 * workers hold no state and two requests for one conversation never lose an
 * update (a conflicting write is retried on the newer state).
 *
 * Person (with the conversation's token, `Authorization: Bearer …`):
 *   POST   /conversations                    → 201 { id, token, prompt }
 *   POST   /conversations/:id/messages       { step, text } → the answerText result, the next prompt
 *   GET    /conversations/:id/data           → everything held (Art. 15, 20)
 *   POST   /conversations/:id/rectify        { field, value } (Art. 16)
 *   POST   /conversations/:id/withdraw       { purpose } (Art. 7(3))
 *   POST   /conversations/:id/object         { purpose } (Art. 21)
 *   DELETE /conversations/:id                → erasure (Art. 17); the receipts are kept
 *   GET    /conversations/:id/receipts       → the consent receipts (Art. 7(1)), verified
 *   GET    /conversations/:id/record         → the consent record (ISO/IEC TS 27560) as DPV JSON-LD, from the verified receipts
 * Operator (with the operator token):
 *   GET    /conversations?after=&limit=      → ids
 *   POST   /purge                            → run the purge job now (Art. 5(1)(e))
 *   GET    /quarantine                       → conversations that failed an integrity check
 *   GET    /metrics                          → Prometheus text
 *   DELETE /conversations/:id                → erasure on a person's request made elsewhere
 *
 * Errors are JSON `{ error: { code, message } }`. Logs name routes and
 * status codes only, never an id, a token or what a person typed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHash, createHmac, randomUUID } from "node:crypto";
import { createConversation, restoreConversation, type Conversation, type ExportData, type MachineDefinition, type Receipt } from "../../runtime/index.ts";
import { chatReader, command as chatCommand } from "../../runtime/chat.ts";
import { moveSnapshot, versionChange, type VersionChange } from "../../runtime/migrate.ts";
import { RevisionConflict, type ConversationStore, type PurgeDecision, type StoredConversation, type StoredReceipt, type StoredResponse } from "./store.ts";
import { consentRecordJsonLd, receiptCode } from "../../runtime/records.ts";
import { canonicalJson, newToken, receiptParts, rowParts, sameHex, sha256Hex, verifyReceipts, type SealKeys } from "./seal.ts";

export interface BotOptions {
  readonly store: ConversationStore;
  /**
   * The flow new conversations start on. A conversation started on an earlier
   * version is moved to it when `versionChange` allows (the new version asks
   * nothing new without consent) and its own step and held fields exist in
   * it; otherwise it continues on its own version.
   */
  readonly machine: MachineDefinition;
  /** Seal keys; the first seals new writes. */
  readonly keys: SealKeys;
  /** The operator's credential; without one, operator endpoints answer 403. */
  readonly operatorToken?: string;
  /** Origins allowed to call the API from a browser (CORS); none by default. */
  readonly corsOrigins?: readonly string[];
  readonly clock?: () => Date;
  /** How consent given through the bot is recorded on receipts (default `bot-server`). */
  readonly method?: string;
  /** Largest accepted request body in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number;
  readonly newId?: () => string;
  /** How many times a write that lost a race is retried on the newer state (default 8). */
  readonly retries?: number;
  /** Conversations the purge job claims per transaction (default 50: a batch is restored and sealed without yielding, so it bounds how long a request can wait). */
  readonly purgeBatch?: number;
  /** How long a kept response answers a retry, in ms (default 24 hours). */
  readonly idempotencyMs?: number;
  /** How long a conversation that holds nothing and has no receipts is kept after its last write, in ms (default 30 days). */
  readonly abandonAfterMs?: number;
  readonly log?: (line: string) => void;
}

export interface PurgeReport {
  /** Conversations looked at (their purge time had come). */
  readonly due: number;
  /** Conversations in which something was erased. */
  readonly purged: number;
  /** How many times each field was erased (names only). */
  readonly fields: Readonly<Record<string, number>>;
  /** Conversations that failed their integrity check and were quarantined. */
  readonly quarantined: readonly string[];
  /** Conversations deleted because they held nothing, had no receipts and were left alone for `abandonAfterMs`. */
  readonly abandoned: number;
  /** Kept responses dropped because their time was up. */
  readonly expiredResponses: number;
}

export interface BotServer {
  readonly server: Server;
  /** The key of the machine version new conversations start on. */
  readonly machineKey: string;
  /** Runs `purgeExpired` on every conversation whose purge time has come, in batches. */
  purge(): Promise<PurgeReport>;
  /** Runs the purge job every `ms` milliseconds until `close()`. */
  schedulePurge(ms: number): void;
  close(): Promise<void>;
}

/** An error a request ends with; becomes `{ error: { code, message }, ...extra }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Ids are matched as sent, never percent-decoded: a valid id has nothing to decode. */
const ID = /^[A-Za-z0-9_-]{1,100}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;
const ERASED_TEXT = "Your data has been erased. Thank you.";

/** A machine version's key: flow, version and a hash of the whole definition, so two builds of one version never mix. */
export const machineKeyOf = (m: MachineDefinition): string => `${m.id}@${m.version}#${sha256Hex(JSON.stringify(m)).slice(0, 16)}`;

export async function createBotServer(options: BotOptions): Promise<BotServer> {
  const { store, keys } = options;
  const clock = options.clock ?? (() => new Date());
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const newId = options.newId ?? (() => randomUUID());
  const retries = options.retries ?? 8;
  const purgeBatch = options.purgeBatch ?? 50;
  const idempotencyMs = options.idempotencyMs ?? 24 * 3600 * 1000;
  const abandonAfter = options.abandonAfterMs ?? 30 * 24 * 3600 * 1000;
  const log = options.log ?? (() => {});
  // Node's native hashes in place of the runtime's portable ones: the same values, restored and sealed several times faster.
  const hashes = {
    sha256: (text: string) => createHash("sha256").update(text).digest("hex"),
    hmacSha256: (key: string, text: string) => createHmac("sha256", key).update(text).digest("hex"),
  };
  // Messages arrive as text: the chat entry reads them (commands, phrases, typed numbers and choices).
  const runtimeOptions = { clock, method: options.method ?? "bot-server", erasedText: ERASED_TEXT, hashes, chatReader };
  const operatorHash = options.operatorToken === undefined ? undefined : sha256Hex(options.operatorToken);
  const cors = new Set(options.corsOrigins ?? []);
  let timer: NodeJS.Timeout | undefined;
  let purging: Promise<PurgeReport> | undefined;

  // Every machine version ever served stays servable: a conversation moves to the current one only when that is allowed.
  const currentKey = machineKeyOf(options.machine);
  await store.putMachine(currentKey, JSON.stringify(options.machine));
  const machines = new Map<string, MachineDefinition>([[currentKey, options.machine]]);
  /** For each earlier version: whether its conversations may move to the current one, and if not, why. */
  const moves = new Map<string, VersionChange>();
  for (const { key, definition } of await store.machines()) {
    if (machines.has(key)) continue;
    const m = JSON.parse(definition) as MachineDefinition;
    // A stored definition that no longer hashes to its key is not loaded; its conversations are quarantined when touched.
    if (machineKeyOf(m) !== key) {
      log("machines: a stored machine version does not match its key and was not loaded");
      continue;
    }
    machines.set(key, m);
    const change = versionChange(m, options.machine);
    moves.set(key, change);
    log(change.ok ? `machines: conversations on ${key} move to ${currentKey}` : `machines: conversations on ${key} stay on it (${change.code}: ${change.detail})`);
  }

  const metrics = { requests: new Map<string, number>(), purged: 0, purgeRuns: 0, quarantined: 0, moved: 0, kept: new Map<string, number>() };

  /** New receipts of `conv` since it was loaded with `before` of them, sealed; those it was restored with are not read. */
  const receiptsSince = (id: string, conv: Conversation, before: number): StoredReceipt[] =>
    conv
      .receipts(before)
      .map((r) => {
        const { keyId, mac } = keys.seal(receiptParts(id, r.seq, JSON.stringify(r)));
        return { seq: r.seq, receipt: r, keyId, mac };
      });

  /** Nothing held and nothing to prove: a conversation that was started and left. */
  const empty = (data: ExportData, conv: Conversation) => data.data.length === 0 && conv.receiptCount === 0;

  /** What `conv` holds, with its expiry times, without reading the receipts it was restored with. */
  const held = (conv: Conversation) => conv.export(conv.receiptCount);

  /**
   * The earliest time something held runs out, after `after` if given (epoch
   * ms), or null; for an empty conversation, when it counts as abandoned
   * (`writtenAt`, its last write, plus `abandonAfterMs`).
   */
  function purgeAtOf(conv: Conversation, writtenAt: number, after = -Infinity, data = held(conv)): number | null {
    if (empty(data, conv)) return writtenAt + abandonAfter;
    let min = Infinity;
    const consider = (iso: string | null) => {
      if (iso === null) return;
      const t = Date.parse(iso);
      if (t > after && t < min) min = t;
    };
    for (const v of data.data) for (const p of v.purposes) consider(p.expiresAt);
    for (const c of data.consents) if (c.status === "given") consider(c.expiresAt);
    return min === Infinity ? null : min;
  }

  /** The row, sealed, for a conversation's current state. */
  function sealed(id: string, machine: string, tokenHash: string, conv: Conversation, after?: number, snapshot = conv.snapshot()) {
    const { keyId, mac } = keys.seal(rowParts(id, machine, tokenHash, snapshot));
    return { snapshot, keyId, seal: mac, purgeAt: purgeAtOf(conv, clock().getTime(), after) };
  }

  /**
   * Why a stored row cannot be trusted, or its restored conversation and the
   * key of the machine version it is now on: the current version when the
   * conversation may move to it and `move` is set (the move is stored with
   * the next write), else its own. Erasure and the purge job work on the
   * conversation's own version.
   */
  function restore(stored: StoredConversation, move = false): { conv: Conversation; machineKey: string; moved: boolean } | { problem: string } {
    const machine = machines.get(stored.machine);
    if (!machine) return { problem: "machine_unknown" };
    if (!keys.has(stored.keyId)) return { problem: "seal_key_unknown" };
    if (!keys.verify(stored.keyId, rowParts(stored.id, stored.machine, stored.tokenHash, stored.snapshot!), stored.seal)) return { problem: "seal_mismatch" };
    // An older copy of the row put back (from a backup, by hand): its seal is right, but its ledger is shorter than the
    // append-only receipts table, which only grows. Caught before it can bring back what was erased or withdrawn.
    // Counted without reading the receipts' text, which the row's seal covers; their chain is checked when they are read.
    const rolledBack = (conv: Conversation) => conv.receiptCount < stored.receiptCount;
    try {
      const change = move ? moves.get(stored.machine) : undefined;
      if (change?.ok) {
        const moved = moveSnapshot(machine, options.machine, stored.snapshot!, runtimeOptions);
        if (moved.ok) {
          const conv = restoreConversation(options.machine, moved.snapshot, runtimeOptions);
          return rolledBack(conv) ? { problem: "rolled_back" } : { conv, machineKey: currentKey, moved: true };
        }
        metrics.kept.set(moved.code, (metrics.kept.get(moved.code) ?? 0) + 1);
      } else if (change) metrics.kept.set(change.code, (metrics.kept.get(change.code) ?? 0) + 1);
      const conv = restoreConversation(machine, stored.snapshot!, runtimeOptions);
      return rolledBack(conv) ? { problem: "rolled_back" } : { conv, machineKey: stored.machine, moved: false };
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      return { problem: typeof code === "string" ? code : "snapshot_refused" };
    }
  }

  async function quarantine(id: string, reason: string): Promise<never> {
    await setAside(id, reason);
    throw quarantinedError();
  }
  /** Quarantines a row without failing the request: erasure then erases it whole on its next round. */
  async function setAside(id: string, reason: string): Promise<void> {
    await store.quarantine(id, reason, clock().toISOString());
    metrics.quarantined++;
    log(`quarantine: a conversation failed its integrity check (${reason})`);
  }
  /** Whether reading a restored conversation's receipts found them changed. */
  const tampered = (e: unknown) => (e as { code?: unknown } | null)?.code === "snapshot_tampered";
  const quarantinedError = () =>
    new HttpError(
      409,
      "conversation_quarantined",
      "this conversation failed an integrity check and is held for the operator; it can still be erased (DELETE), and the controller has been told",
    );

  type Caller = "person" | "operator";

  /** The bearer token of the request, or a 401. */
  function bearer(req: IncomingMessage): string {
    const header = req.headers.authorization;
    const m = header === undefined ? null : /^Bearer ([A-Za-z0-9_.~+/=-]{1,200})$/.exec(header);
    if (!m) throw new HttpError(401, "missing_token", "send the conversation's token as `Authorization: Bearer <token>`");
    return m[1]!;
  }

  function isOperator(token: string): boolean {
    return operatorHash !== undefined && sameHex(sha256Hex(token), operatorHash);
  }

  function requireOperator(req: IncomingMessage): void {
    if (operatorHash === undefined) throw new HttpError(403, "operator_disabled", "operator endpoints are off: start the server with an operator token");
    if (!isOperator(bearer(req))) throw new HttpError(401, "invalid_token", "this endpoint needs the operator token");
  }

  /**
   * The stored row, if the request may touch it. A wrong token and an
   * unknown id get the same answer, so ids cannot be probed.
   */
  async function authorize(req: IncomingMessage, id: string, operatorAllowed: boolean): Promise<{ stored: StoredConversation; caller: Caller }> {
    const token = bearer(req);
    const unknown = () => new HttpError(404, "unknown_conversation", "no conversation with this id and token");
    if (!ID.test(id)) throw unknown();
    const stored = await store.get(id);
    const hash = sha256Hex(token);
    if (stored && sameHex(hash, stored.tokenHash)) return { stored, caller: "person" };
    if (operatorAllowed && isOperator(token)) {
      if (!stored) throw new HttpError(404, "unknown_conversation", "no conversation with this id");
      return { stored, caller: "operator" };
    }
    throw unknown();
  }

  /** A conversation the request may use, restored; quarantined or erased-whole rows answer with their own errors. */
  async function open(stored: StoredConversation, move = true): Promise<{ conv: Conversation; machineKey: string; moved: boolean }> {
    if (stored.quarantine !== null) throw quarantinedError();
    if (stored.snapshot === null) throw new HttpError(409, "conversation_erased", "this conversation was erased; nothing is held");
    const restored = restore(stored, move);
    if ("problem" in restored) return quarantine(stored.id, restored.problem);
    return restored;
  }

  /**
   * Runs `read` on a restored conversation. Reading its whole ledger (an
   * export, an erasure, an ended conversation's prompt) checks the receipts
   * it was restored with; if they fail, the row is quarantined.
   */
  async function checked<R>(id: string, read: () => R): Promise<R> {
    try {
      return read();
    } catch (e) {
      if (tampered(e)) return quarantine(id, "snapshot_tampered");
      throw e;
    }
  }

  /**
   * The prompt to show: an ended conversation whose data was erased has
   * nothing left to greet anyone with, and says, as the runtime's erased
   * prompt does, what erasure kept and why (Art. 17(3)(b)): a line for each
   * purpose that still holds data. A running one has no erased receipt
   * (erasure ends it), so only an ended one's ledger is read.
   */
  function present(conv: Conversation, machine: MachineDefinition) {
    const prompt = conv.prompt;
    if (prompt.kind === "end" && conv.receipts().some((r) => r.decision === "erased")) {
      const holding = new Set(held(conv).data.flatMap((v) => v.purposes.map((u) => u.purpose)));
      const messages = machine.purposes.flatMap((p) => (p.kept !== undefined && holding.has(p.name) ? [p.kept] : []));
      return { kind: "erased", step: null, messages, text: ERASED_TEXT };
    }
    return prompt;
  }

  /**
   * The erasure receipt of a conversation already erased with nothing
   * erasable held since (only what a legal obligation keeps), or undefined:
   * erasure asked again — a second DELETE, "forget me" sent twice — records
   * nothing more and answers with the receipt of the first. Reads the whole
   * ledger, which checks it.
   */
  function erasedBefore(conv: Conversation, machine: MachineDefinition): Receipt | undefined {
    const last = conv
      .receipts()
      .filter((r) => r.decision === "erased")
      .at(-1);
    if (last === undefined) return undefined;
    const kept = new Set(machine.purposes.filter((p) => p.kept !== undefined).map((p) => p.name));
    return conv.export().data.some((v) => v.purposes.some((p) => !kept.has(p.purpose))) ? undefined : last;
  }

  interface Outcome {
    readonly status: number;
    readonly body: unknown;
  }

  /**
   * Loads, applies `change`, writes back with the revision read, and keeps
   * the response under the idempotency key if one was sent. If another
   * writer got there first, everything is done again on the newer state —
   * where a retry of the same request finds the kept response.
   */
  async function update(
    req: IncomingMessage,
    id: string,
    fingerprint: string,
    change: (conv: Conversation, machine: MachineDefinition) => { outcome: Outcome; erased?: boolean },
  ): Promise<Outcome> {
    const key = idempotencyKey(req);
    for (let attempt = 0; ; attempt++) {
      const { stored } = await authorize(req, id, false);
      if (key !== undefined) {
        const kept = await store.response(id, key);
        if (kept) {
          if (kept.fingerprint !== fingerprint) throw new HttpError(422, "idempotency_key_reused", "this idempotency key was used for a different request");
          return { status: kept.status, body: JSON.parse(kept.body) as unknown };
        }
      }
      const { conv, machineKey, moved } = await open(stored);
      const before = conv.receiptCount;
      const { outcome, erased } = await checked(id, () => change(conv, machines.get(machineKey)!));
      const snapshot = conv.snapshot();
      // Nothing changed and nothing to keep: no write, no new revision (and no seal or export to make).
      if (snapshot === stored.snapshot && key === undefined) return outcome;
      const row = sealed(id, machineKey, stored.tokenHash, conv, undefined, snapshot);
      const now = clock().toISOString();
      const response: StoredResponse | undefined =
        key === undefined ? undefined : { key, fingerprint, status: outcome.status, body: JSON.stringify(outcome.body), createdAt: now };
      try {
        await store.put({
          id,
          expectedRevision: stored.revision,
          machine: machineKey,
          ...row,
          receipts: receiptsSince(id, conv, before),
          dropResponses: erased === true,
          response,
          now,
        });
        if (moved) metrics.moved++;
        if (erased) await scrub();
        return outcome;
      } catch (e) {
        if (!(e instanceof RevisionConflict) || attempt >= retries) throw e;
      }
    }
  }

  async function scrub(): Promise<void> {
    try {
      await store.scrub();
    } catch {
      // Busy readers: the next purge run scrubs again.
      log("scrub: postponed");
    }
  }

  function idempotencyKey(req: IncomingMessage): string | undefined {
    const key = req.headers["idempotency-key"];
    if (key === undefined) return undefined;
    if (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key))
      throw new HttpError(400, "invalid_idempotency_key", "Idempotency-Key must be 1–100 letters, digits, '.', '_', ':' or '-'");
    return key;
  }

  async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBody) throw new HttpError(413, "body_too_large", `the body is larger than ${maxBody} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) throw new HttpError(413, "body_too_large", `the body is larger than ${maxBody} bytes`);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    if (optional && text.trim() === "") return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, "invalid_json", "the body is not valid JSON");
    }
  }

  /** State-changing requests accept only JSON: a form or text/plain POST from another site is refused before anything runs. */
  function requireJson(req: IncomingMessage): void {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") throw new HttpError(415, "unsupported_media_type", "send the request with `Content-Type: application/json`");
  }

  const object = (body: unknown): Record<string, unknown> => {
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "invalid_body", "the body must be a JSON object");
    return body as Record<string, unknown>;
  };

  /** Turns the runtime's refusal of a rights call into a 400 with its code. */
  function rights<R>(run: () => R): R {
    try {
      return run();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "string" && ["unknown_purpose", "unknown_field", "not_held", "wrong_basis"].includes(code))
        throw new HttpError(400, code, (e as Error).message);
      throw e;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<Outcome & { route: string }> {
    const url = new URL(req.url ?? "/", "http://bot.invalid");
    const parts = url.pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";
    const allow = (methods: string[]) => {
      if (!methods.includes(method)) {
        res.setHeader("allow", methods.join(", "));
        throw new HttpError(405, "method_not_allowed", `${method} is not allowed here; use ${methods.join(" or ")}`);
      }
      if (method === "POST" || method === "DELETE") requireJson(req);
    };

    if (parts.length === 1 && parts[0] === "conversations") {
      allow(["POST", "GET"]);
      if (method === "GET") {
        requireOperator(req);
        const after = url.searchParams.get("after") ?? "";
        const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 100) || 100, 1), 1000);
        const ids = await store.list(after, limit);
        return { status: 200, body: { ids, next: ids.length === limit ? ids.at(-1) : null }, route: "GET /conversations" };
      }
      object(await readJson(req, true));
      const key = idempotencyKey(req);
      if (key === undefined) return { ...(await start(res, newId(), newToken())), route: "POST /conversations" };
      if (key.length < 16)
        throw new HttpError(400, "invalid_idempotency_key", "to start a conversation, the Idempotency-Key must be at least 16 characters: send a random UUID");
      // A keyed start names its conversation: its id and token are derived from the key with the seal key, so a
      // retry (from any process, after a lost response) finds the same conversation and gets the original response.
      for (let attempt = 0; ; attempt++) {
        const derived = keys.derive(["start", key]).map((mac) => ({ id: mac.slice(0, 32), token: Buffer.from(mac, "hex").toString("base64url") }));
        for (const { id, token } of derived) {
          const stored = await store.get(id);
          if (stored && sameHex(sha256Hex(token), stored.tokenHash)) {
            const conv = createConversation(machines.get(stored.machine) ?? options.machine, runtimeOptions);
            res.setHeader("location", `/conversations/${id}`);
            return {
              status: 201,
              body: { id, token, prompt: present(conv, machines.get(stored.machine) ?? options.machine), ended: conv.ended },
              route: "POST /conversations",
            };
          }
        }
        try {
          return { ...(await start(res, derived[0]!.id, derived[0]!.token)), route: "POST /conversations" };
        } catch (e) {
          // The same start, run at the same moment by another request: the next round finds it.
          if (!(e instanceof RevisionConflict) || attempt >= retries) throw e;
        }
      }
    }
    if (parts.length === 1 && parts[0] === "purge") {
      allow(["POST"]);
      requireOperator(req);
      return { status: 200, body: await purge(), route: "POST /purge" };
    }
    if (parts.length === 1 && parts[0] === "versions") {
      allow(["GET"]);
      requireOperator(req);
      // Each version served, and for each earlier one whether its conversations move to the current one, or why not.
      const versions = [...machines.keys()].map((key) => {
        const change = moves.get(key);
        if (!change) return { key, current: true };
        return change.ok ? { key, current: false, moves: true } : { key, current: false, moves: false, reason: change.code, detail: change.detail };
      });
      return { status: 200, body: { versions }, route: "GET /versions" };
    }
    if (parts.length === 1 && parts[0] === "quarantine") {
      allow(["GET"]);
      requireOperator(req);
      return { status: 200, body: { conversations: await store.quarantined() }, route: "GET /quarantine" };
    }
    if (parts.length === 1 && parts[0] === "metrics") {
      allow(["GET"]);
      requireOperator(req);
      return { status: 200, body: await metricsText(), route: "GET /metrics" };
    }
    if (parts[0] === "conversations" && parts.length >= 2 && parts.length <= 3) {
      const id = parts[1]!;
      const sub = parts[2];
      if (sub === undefined) {
        allow(["DELETE"]);
        return { ...(await erase(req, id)), route: "DELETE /conversations/:id" };
      }
      if (sub === "messages") {
        allow(["POST"]);
        const body = object(await readJson(req));
        const { text, step } = body;
        if (typeof text !== "string") throw new HttpError(400, "missing_text", 'the body must be a JSON object with a string "text"');
        if (!("step" in body) || (typeof step !== "string" && step !== null))
          throw new HttpError(400, "missing_step", 'name the step you answer: "step" is the `step` of the prompt shown (null once the conversation has ended)');
        const outcome = await update(req, id, fingerprintOf(req, body), (conv, machine) => {
          const current = conv.prompt.step;
          // Taken before answering: a stale answer is tried on this copy, which is then dropped.
          const currentPrompt = present(conv, machine);
          const endedBefore = conv.ended;
          // An answer to a step that is no longer current (a double click, a retry, a second tab) is refused with the
          // current prompt, and the conversation restored for this attempt is dropped unwritten. A rights command
          // ("stop", "forget me", "what do you know about me") is no answer: it is taken whatever the step.
          const stale = () =>
            new HttpError(
              409,
              "stale_step",
              `this answers ${JSON.stringify(step)}, but the conversation is at ${current === null ? "its end" : JSON.stringify(current)}; show the current prompt`,
              {
                prompt: currentPrompt,
                ended: endedBefore,
              },
            );
          // "Forget me" again once erased (a double click, a retry without a key): the first erasure's answer, and no second receipt.
          const erasure = conv.ended && chatCommand(text, machine)?.kind === "erase" ? erasedBefore(conv, machine) : undefined;
          if (erasure !== undefined) {
            const shown = present(conv, machine);
            const result = { ok: true, command: "erase", erased: [], prompt: shown, receipt: receiptCode(erasure) };
            return { outcome: { status: 200, body: { id, result, prompt: shown, ended: true, outcome: conv.outcome ?? null } } };
          }
          let result;
          try {
            result = conv.answerText(text);
          } catch (e) {
            if (current !== step) throw stale();
            // After the end, rights commands still work; answers do not.
            if ((e as { code?: unknown }).code === "ended")
              throw new HttpError(409, "conversation_ended", `the conversation has ended (${String(conv.outcome)}); start a new one`);
            throw e;
          }
          const command = "command" in result ? result.command : undefined;
          if (current !== step && (command === undefined || command === "skip")) throw stale();
          const erased = "erased" in result && result.erased.length > 0;
          const shown = present(conv, machine);
          return {
            outcome: { status: 200, body: { id, result: { ...result, prompt: shown }, prompt: shown, ended: conv.ended, outcome: conv.outcome ?? null } },
            erased,
          };
        });
        return { ...outcome, route: "POST /conversations/:id/messages" };
      }
      if (sub === "withdraw" || sub === "object") {
        allow(["POST"]);
        const body = object(await readJson(req));
        const purpose = body.purpose;
        if (typeof purpose !== "string") throw new HttpError(400, "missing_purpose", 'the body must name a "purpose"');
        const outcome = await update(req, id, fingerprintOf(req, body), (conv, machine) => {
          const status = held(conv);
          // Withdrawing twice, or objecting twice, records one decision, not two.
          const already = sub === "withdraw" ? status.consents.some((c) => c.purpose === purpose && c.status !== "given") : status.objections.includes(purpose);
          const erased = already ? [] : rights(() => (sub === "withdraw" ? conv.withdraw(purpose) : conv.object(purpose)));
          return {
            outcome: { status: 200, body: { id, [sub === "withdraw" ? "withdrawn" : "objected"]: purpose, erased, prompt: present(conv, machine) } },
            erased: erased.length > 0,
          };
        });
        return { ...outcome, route: `POST /conversations/:id/${sub}` };
      }
      if (sub === "rectify") {
        allow(["POST"]);
        const body = object(await readJson(req));
        const { field, value } = body;
        if (typeof field !== "string" || !("value" in body)) throw new HttpError(400, "missing_field", 'the body must name a "field" and its new "value"');
        const outcome = await update(req, id, fingerprintOf(req, body), (conv, machine) => {
          const result = rights(() => conv.rectify(field, value as never));
          // The old value is gone: treated as an erasure (kept responses quoting it are dropped; on PostgreSQL with a vault, re-keyed).
          return { outcome: { status: result.ok ? 200 : 422, body: { id, result: { ...result, prompt: present(conv, machine) } } }, erased: result.ok };
        });
        return { ...outcome, route: "POST /conversations/:id/rectify" };
      }
      if (sub === "data") {
        allow(["GET"]);
        const { stored } = await authorize(req, id, false);
        if (stored.snapshot === null) return { status: 200, body: { id, erased: true, data: [] }, route: "GET /conversations/:id/data" };
        // Read on its stored version: a read writes nothing, so it moves nothing.
        const { conv } = await open(stored, false);
        return { status: 200, body: await checked(id, () => conv.export()), route: "GET /conversations/:id/data" };
      }
      if (sub === "receipts" || sub === "record") {
        allow(["GET"]);
        const { stored } = await authorize(req, id, true);
        // From the append-only table, which outlives the snapshot's data; checked before it is served.
        const receipts = await store.receipts(id);
        const problem = verifyReceipts(keys, id, receipts);
        if (problem !== undefined) {
          if (stored.quarantine === null) await store.quarantine(id, "receipts_tampered", clock().toISOString());
          log("quarantine: a conversation's stored receipts failed their check");
          throw new HttpError(409, "receipts_tampered", `the stored receipts failed their check (${problem}); the conversation is held for the operator`);
        }
        const list = receipts.map((r) => r.receipt);
        if (sub === "record") {
          // The conversation id names the record; the bot knows no person, so the record names none.
          const machine = machines.get(stored.machine) ?? options.machine;
          return { status: 200, body: consentRecordJsonLd(list as Receipt[], machine, { id, now: clock() }), route: "GET /conversations/:id/record" };
        }
        return { status: 200, body: { id, verified: true, receipts: list }, route: "GET /conversations/:id/receipts" };
      }
    }
    throw new HttpError(404, "not_found", `no route ${method} ${url.pathname}`);
  }

  /** A new conversation on the current version, with its id and token. */
  async function start(res: ServerResponse, id: string, token: string): Promise<Outcome> {
    const tokenHash = sha256Hex(token);
    const conv = createConversation(options.machine, runtimeOptions);
    const row = sealed(id, currentKey, tokenHash, conv);
    await store.put({ id, expectedRevision: 0, machine: currentKey, tokenHash, ...row, receipts: receiptsSince(id, conv, 0), now: clock().toISOString() });
    res.setHeader("location", `/conversations/${id}`);
    return { status: 201, body: { id, token, prompt: present(conv, options.machine), ended: conv.ended } };
  }

  /** Erasure: idempotent (a second request records nothing more), and possible even for a row that fails its integrity check. */
  async function erase(req: IncomingMessage, id: string): Promise<Outcome> {
    for (let attempt = 0; ; attempt++) {
      const { stored } = await authorize(req, id, true);
      if (stored.quarantine !== null || stored.snapshot === null) {
        // Nothing here can be trusted to restore: remove the snapshot whole. The receipts stay.
        const already = stored.snapshot === null;
        if (!already) {
          const now = clock();
          await store.eraseWhole(id, now.toISOString(), await erasureReceipt(stored, now));
          await scrub();
        }
        return { status: 200, body: { id, erased: already ? [] : "all", alreadyErased: already, quarantined: stored.quarantine !== null } };
      }
      const restored = restore(stored);
      if ("problem" in restored) {
        await setAside(id, restored.problem);
        continue;
      }
      const { conv } = restored;
      const machine = machines.get(stored.machine)!;
      const before = conv.receiptCount;
      let alreadyErased;
      try {
        // Erasure's own answer reads the whole ledger, which checks the receipts the row was restored with.
        alreadyErased = erasedBefore(conv, machine) !== undefined;
      } catch (e) {
        if (!tampered(e)) throw e;
        // Then nothing in the row can be trusted: quarantined, and erased whole on the next round.
        await setAside(id, "snapshot_tampered");
        continue;
      }
      if (alreadyErased) return { status: 200, body: { id, erased: [], alreadyErased: true, receipts: before, prompt: present(conv, machine) } };
      const erased = conv.erase();
      const row = sealed(id, stored.machine, stored.tokenHash, conv);
      try {
        await store.put({
          id,
          expectedRevision: stored.revision,
          machine: stored.machine,
          ...row,
          receipts: receiptsSince(id, conv, before),
          dropResponses: true,
          now: clock().toISOString(),
        });
      } catch (e) {
        if (!(e instanceof RevisionConflict) || attempt >= retries) throw e;
        continue;
      }
      await scrub();
      return { status: 200, body: { id, erased, alreadyErased: false, receipts: conv.receiptCount, prompt: present(conv, machine) } };
    }
  }

  /**
   * The receipt of erasing a row whole, chained after its stored receipts, as
   * the runtime makes one: like every other erasure it raises the receipts'
   * high-water mark, so an older copy of the row put back afterwards is
   * caught (`rolled_back`) instead of bringing back what was erased.
   */
  async function erasureReceipt(stored: StoredConversation, at: Date): Promise<StoredReceipt[]> {
    const chain = await store.receipts(stored.id);
    const last = chain.at(-1)?.receipt as Partial<Receipt> | undefined;
    // The version the conversation was on; one the server no longer knows is named as its last receipt names it.
    const machine = machines.get(stored.machine);
    const made = {
      at: at.toISOString(),
      decision: "erased",
      flow: machine?.id ?? last?.flow ?? options.machine.id,
      method: runtimeOptions.method,
      notice: machine ? machine.notice?.hash : last?.notice,
      prev: typeof last?.hash === "string" ? last.hash : "0".repeat(64),
      seq: (chain.at(-1)?.seq ?? -1) + 1,
      version: machine?.version ?? last?.version ?? options.machine.version,
    };
    // Members in sorted order, as the runtime writes them; the hash is of the others' canonical JSON.
    const hash = sha256Hex(canonicalJson(made));
    const receipt = {
      at: made.at,
      decision: made.decision,
      flow: made.flow,
      hash,
      method: made.method,
      notice: made.notice,
      prev: made.prev,
      seq: made.seq,
      version: made.version,
    };
    const { keyId, mac } = keys.seal(receiptParts(stored.id, receipt.seq, JSON.stringify(receipt)));
    return [{ seq: receipt.seq, receipt, keyId, mac }];
  }

  const fingerprintOf = (req: IncomingMessage, body: unknown) => sha256Hex(`${req.method} ${req.url}\n${JSON.stringify(body)}`);

  async function metricsText(): Promise<string> {
    const { conversations, quarantined } = await store.counts();
    const lines = [
      "# HELP lawflow_bot_requests_total Requests answered, by route and status.",
      "# TYPE lawflow_bot_requests_total counter",
      ...[...metrics.requests].map(([k, n]) => {
        const [route, status] = k.split("|");
        return `lawflow_bot_requests_total{route=${JSON.stringify(route)},status="${status}"} ${n}`;
      }),
      "# HELP lawflow_bot_conversations Conversations stored.",
      "# TYPE lawflow_bot_conversations gauge",
      `lawflow_bot_conversations ${conversations}`,
      "# HELP lawflow_bot_quarantined Conversations held because they failed an integrity check.",
      "# TYPE lawflow_bot_quarantined gauge",
      `lawflow_bot_quarantined ${quarantined}`,
      "# HELP lawflow_bot_purged_total Conversations in which the purge job erased something.",
      "# TYPE lawflow_bot_purged_total counter",
      `lawflow_bot_purged_total ${metrics.purged}`,
      "# HELP lawflow_bot_moved_total Conversations moved to the current flow version.",
      "# TYPE lawflow_bot_moved_total counter",
      `lawflow_bot_moved_total ${metrics.moved}`,
      "# HELP lawflow_bot_move_refused_total Conversations of an earlier flow version touched and kept on it, by reason.",
      "# TYPE lawflow_bot_move_refused_total counter",
      ...[...metrics.kept].map(([code, n]) => `lawflow_bot_move_refused_total{reason="${code}"} ${n}`),
      "# HELP lawflow_bot_purge_runs_total Purge job runs.",
      "# TYPE lawflow_bot_purge_runs_total counter",
      `lawflow_bot_purge_runs_total ${metrics.purgeRuns}`,
    ];
    return lines.join("\n") + "\n";
  }

  const server = createServer((req, res) => {
    void (async () => {
      let status: number;
      let body: unknown;
      let name = `${req.method} ?`;
      const origin = req.headers.origin;
      if (typeof origin === "string" && cors.has(origin)) {
        res.setHeader("access-control-allow-origin", origin);
        res.setHeader("vary", "origin");
      }
      try {
        if (req.method === "OPTIONS" && typeof origin === "string" && cors.has(origin)) {
          res.writeHead(204, {
            "access-control-allow-methods": "GET, POST, DELETE",
            "access-control-allow-headers": "authorization, content-type, idempotency-key",
            "access-control-max-age": "600",
          });
          res.end();
          return;
        }
        ({ status, body, route: name } = await route(req, res));
      } catch (e) {
        if (e instanceof HttpError) {
          status = e.status;
          body = { error: { code: e.code, message: e.message }, ...e.extra };
        } else {
          status = 500;
          body = { error: { code: "internal", message: "internal error" } };
          log(`internal error: ${(e as Error).name}`);
        }
      }
      const text = typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, {
        "content-type": typeof body === "string" ? "text/plain; version=0.0.4; charset=utf-8" : "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(text),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      res.end(text);
      // A 413 leaves the rest of the body unread: close rather than drain it.
      if (status === 413) req.destroy();
      const key = `${name}|${status}`;
      metrics.requests.set(key, (metrics.requests.get(key) ?? 0) + 1);
      log(`${name} ${status}`);
    })();
  });

  /** What the purge job does with one due conversation (runs inside the store's transaction). */
  function decide(now: Date) {
    return (stored: StoredConversation): PurgeDecision => {
      const restored = restore(stored);
      if ("problem" in restored) return { kind: "quarantine", reason: restored.problem };
      const { conv } = restored;
      const before = conv.receiptCount;
      const erased = conv.purgeExpired(now);
      if (erased.length === 0) {
        // Left alone with nothing in it and nothing to prove (a purge that just erased something counts as a write, so it gets its own wait).
        const data = held(conv);
        if (empty(data, conv) && Date.parse(stored.updatedAt) + abandonAfter <= now.getTime()) return { kind: "delete" };
        // Only what runs out later counts for the next run: an expiry already past with nothing left to erase would be claimed forever.
        return { kind: "reschedule", purgeAt: purgeAtOf(conv, Date.parse(stored.updatedAt), now.getTime(), data) };
      }
      const row = sealed(stored.id, stored.machine, stored.tokenHash, conv, now.getTime());
      return { kind: "write", ...row, receipts: receiptsSince(stored.id, conv, before), erased };
    };
  }

  async function purgeOnce(): Promise<PurgeReport> {
    const now = clock();
    const at = now.toISOString();
    const fields: Record<string, number> = {};
    const quarantined: string[] = [];
    let due = 0;
    let purged = 0;
    let abandoned = 0;
    for (;;) {
      const batch = await store.purgeDue(now.getTime(), purgeBatch, decide(now), at);
      due += batch.claimed;
      purged += batch.purged;
      abandoned += batch.deleted;
      quarantined.push(...batch.quarantined);
      for (const [f, n] of Object.entries(batch.fields)) fields[f] = (fields[f] ?? 0) + n;
      if (batch.claimed < purgeBatch) break;
      // Let waiting requests run between batches.
      await new Promise((r) => setImmediate(r));
    }
    const expiredResponses = await store.expireResponses(new Date(now.getTime() - idempotencyMs).toISOString());
    if (purged > 0 || abandoned > 0 || expiredResponses > 0) await scrub();
    metrics.purgeRuns++;
    metrics.purged += purged;
    metrics.quarantined += quarantined.length;
    if (quarantined.length > 0) log(`purge: ${quarantined.length} conversation(s) failed their integrity check and were quarantined`);
    return { due, purged, fields, quarantined, abandoned, expiredResponses };
  }

  /** One run at a time per process; several processes share the work through the store. */
  function purge(): Promise<PurgeReport> {
    purging ??= purgeOnce().finally(() => (purging = undefined));
    return purging;
  }

  return {
    server,
    machineKey: currentKey,
    purge,
    schedulePurge(ms) {
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        purge().then(
          (r) => r.purged > 0 && log(`purge: erased expired data in ${r.purged} conversation(s)`),
          () => log("purge: failed"),
        );
      }, ms);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await purging?.catch(() => {});
    },
  };
}
