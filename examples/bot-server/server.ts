/**
 * The bot backend: a plain node:http server over the Lawflow runtime and a
 * `ConversationStore`. Every request loads the conversation's snapshot,
 * restores it, applies one change and writes it back with the revision it
 * read, so the workers hold no state and two messages for one conversation
 * never lose an update (a conflicting write is retried on the newer state).
 *
 *   POST   /conversations                → 201 { id, prompt }
 *   POST   /conversations/:id/messages   { text } → the answerText result, the next prompt
 *   GET    /conversations/:id/data       → everything held (Art. 15, 20)
 *   DELETE /conversations/:id            → erasure (Art. 17); the receipts are kept
 *   GET    /conversations/:id/receipts   → the consent receipts (Art. 7(1))
 *   POST   /purge                        → run the purge job now (Art. 5(1)(e))
 *
 * Errors are JSON `{ error: { code, message } }`. Logs name routes and
 * status codes only, never what a person typed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Conversation } from "../../runtime/types.ts";
import { RevisionConflict, type ConversationStore, type StoredReceipt } from "./store.ts";

export interface BotOptions {
  readonly store: ConversationStore;
  /** Starts a new conversation of the bot's flow. */
  readonly start: () => Conversation;
  /** Restores a stored snapshot; throws (the runtime's `LawflowError`) if it is refused. */
  readonly restore: (snapshot: string) => Conversation;
  readonly clock?: () => Date;
  /** Largest accepted request body in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number;
  readonly newId?: () => string;
  /** How many times a write that lost a race is retried on the newer state (default 5). */
  readonly retries?: number;
  readonly log?: (line: string) => void;
}

export interface PurgeReport {
  readonly conversations: number;
  /** Conversations in which something was erased, with the fields erased (names only). */
  readonly purged: readonly { readonly id: string; readonly fields: readonly string[] }[];
  readonly failed: readonly { readonly id: string; readonly code: string }[];
}

export interface BotServer {
  readonly server: Server;
  /** Runs `purgeExpired` on every stored conversation. */
  purge(): Promise<PurgeReport>;
  /** Runs the purge job every `ms` milliseconds until `close()`. */
  schedulePurge(ms: number): void;
  close(): Promise<void>;
}

/** An error a request ends with; becomes `{ error: { code, message } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export function createBotServer(options: BotOptions): BotServer {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const newId = options.newId ?? (() => randomUUID());
  const retries = options.retries ?? 5;
  const log = options.log ?? (() => {});
  let timer: NodeJS.Timeout | undefined;

  /** New receipts of `conv` since it was loaded with `before` of them. */
  const receiptsSince = (conv: Conversation, before: number): StoredReceipt[] =>
    conv
      .receipts()
      .slice(before)
      .map((r) => ({ seq: r.seq, receipt: r }));

  async function load(id: string) {
    if (!ID.test(id)) throw new HttpError(404, "unknown_conversation", `no conversation ${JSON.stringify(id)}`);
    const stored = await store.get(id);
    if (!stored) throw new HttpError(404, "unknown_conversation", `no conversation ${JSON.stringify(id)}`);
    let conv: Conversation;
    try {
      conv = options.restore(stored.snapshot);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      // A snapshot from another flow version or a tampered one is refused whole, never half-loaded.
      throw new HttpError(409, typeof code === "string" ? code : "snapshot_refused", `the stored conversation cannot be restored: ${(e as Error).message}`);
    }
    return { stored, conv };
  }

  /**
   * Loads, applies `change`, and writes back with the revision read. If
   * another writer got there first, the change is applied again to the newer
   * state, so it happens exactly once.
   */
  async function update<R>(id: string, change: (conv: Conversation) => R): Promise<{ result: R; conv: Conversation }> {
    for (let attempt = 0; ; attempt++) {
      const { stored, conv } = await load(id);
      const before = conv.receipts().length;
      const result = change(conv);
      const snapshot = conv.snapshot();
      // Nothing changed (a refused answer, a purge with nothing expired): no write, no new revision.
      if (snapshot === stored.snapshot) return { result, conv };
      try {
        await store.put({ id, snapshot, expectedRevision: stored.revision, receipts: receiptsSince(conv, before), now: clock().toISOString() });
        return { result, conv };
      } catch (e) {
        if (!(e instanceof RevisionConflict) || attempt >= retries) throw e;
      }
    }
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
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
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, "invalid_json", "the body is not valid JSON");
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<{ status: number; body: unknown; route: string }> {
    const url = new URL(req.url ?? "/", "http://bot.invalid");
    const parts = url.pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";
    const allow = (methods: string[]) => {
      if (!methods.includes(method)) {
        res.setHeader("allow", methods.join(", "));
        throw new HttpError(405, "method_not_allowed", `${method} is not allowed here; use ${methods.join(" or ")}`);
      }
    };

    if (parts.length === 1 && parts[0] === "conversations") {
      allow(["POST"]);
      const id = newId();
      const conv = options.start();
      await store.put({ id, snapshot: conv.snapshot(), expectedRevision: 0, receipts: receiptsSince(conv, 0), now: clock().toISOString() });
      return { status: 201, body: { id, prompt: conv.prompt, ended: conv.ended }, route: "POST /conversations" };
    }
    if (parts.length === 1 && parts[0] === "purge") {
      allow(["POST"]);
      return { status: 200, body: await purge(), route: "POST /purge" };
    }
    if (parts[0] === "conversations" && parts.length >= 2 && parts.length <= 3) {
      const id = decodeURIComponent(parts[1]!);
      const sub = parts[2];
      if (sub === undefined) {
        allow(["DELETE"]);
        const { result: erased, conv } = await update(id, (c) => c.erase());
        return { status: 200, body: { id, erased, receipts: conv.receipts().length, prompt: conv.prompt }, route: "DELETE /conversations/:id" };
      }
      if (sub === "messages") {
        allow(["POST"]);
        const body = await readJson(req);
        const text = (body as { text?: unknown } | null)?.text;
        if (typeof body !== "object" || body === null || typeof text !== "string") throw new HttpError(400, "missing_text", 'the body must be a JSON object with a string "text"');
        const { result, conv } = await update(id, (c) => {
          try {
            // After the end, rights commands (a withdraw phrase, "forget me") still work; answers do not.
            return c.answerText(text);
          } catch (e) {
            if ((e as { code?: unknown }).code === "ended") throw new HttpError(409, "conversation_ended", `the conversation has ended (${String(c.outcome)}); start a new one`);
            throw e;
          }
        });
        return { status: 200, body: { id, result, prompt: conv.prompt, ended: conv.ended, outcome: conv.outcome ?? null }, route: "POST /conversations/:id/messages" };
      }
      if (sub === "data") {
        allow(["GET"]);
        const { conv } = await load(id);
        return { status: 200, body: conv.export(), route: "GET /conversations/:id/data" };
      }
      if (sub === "receipts") {
        allow(["GET"]);
        await load(id);
        // From the append-only table, which outlives the snapshot's data.
        const receipts = (await store.receipts(id)).map((r) => r.receipt);
        return { status: 200, body: { id, receipts }, route: "GET /conversations/:id/receipts" };
      }
    }
    throw new HttpError(404, "not_found", `no route ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    void (async () => {
      let status: number;
      let body: unknown;
      let name = `${req.method} ?`;
      try {
        ({ status, body, route: name } = await route(req, res));
      } catch (e) {
        if (e instanceof HttpError) {
          status = e.status;
          body = { error: { code: e.code, message: e.message } };
        } else {
          status = 500;
          body = { error: { code: "internal", message: "internal error" } };
          log(`internal error: ${(e as Error).name}`);
        }
      }
      const json = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json), "cache-control": "no-store" });
      res.end(json);
      // A 413 leaves the rest of the body unread: close rather than drain it.
      if (status === 413) req.destroy();
      log(`${name} ${status}`);
    })();
  });

  async function purge(): Promise<PurgeReport> {
    const ids = await store.list();
    const purged: { id: string; fields: readonly string[] }[] = [];
    const failed: { id: string; code: string }[] = [];
    for (const id of ids) {
      try {
        const { result } = await update(id, (c) => c.purgeExpired(clock()));
        if (result.length > 0) purged.push({ id, fields: result });
      } catch (e) {
        failed.push({ id, code: e instanceof HttpError ? e.code : "internal" });
      }
    }
    return { conversations: ids.length, purged, failed };
  }

  return {
    server,
    purge,
    schedulePurge(ms) {
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        purge().then(
          (r) => r.purged.length > 0 && log(`purge: erased expired data in ${r.purged.length} conversation(s)`),
          () => log("purge: failed"),
        );
      }, ms);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
