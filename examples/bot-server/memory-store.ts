/** An in-memory `ConversationStore`, for tests and for a bot that need not survive a restart. */
import {
  ReceiptChainConflict,
  RevisionConflict,
  type ConversationStore,
  type PurgeBatch,
  type PurgeDecision,
  type PutRequest,
  type QuarantinedConversation,
  type StoredConversation,
  type StoredReceipt,
  type StoredResponse,
} from "./store.ts";
import { PurgeTally } from "./rows.ts";

export class MemoryStore implements ConversationStore {
  /** Rows as stored; the receipt count is added when one is read. */
  readonly #conversations = new Map<string, Omit<StoredConversation, "receiptCount">>();
  readonly #receipts = new Map<string, Map<number, { json: string; keyId: string; mac: string }>>();
  readonly #responses = new Map<string, Map<string, StoredResponse>>();
  readonly #quarantinedAt = new Map<string, string>();
  readonly #machines = new Map<string, string>();

  async get(id: string): Promise<StoredConversation | undefined> {
    const c = this.#conversations.get(id);
    return c && { ...c, receiptCount: this.#receipts.get(id)?.size ?? 0 };
  }

  async put(request: PutRequest): Promise<number> {
    const current = this.#conversations.get(request.id);
    const actual = current?.revision ?? 0;
    if (actual !== request.expectedRevision) throw new RevisionConflict(request.id, request.expectedRevision, actual);
    if (current === undefined && request.tokenHash === undefined) throw new TypeError("creating a conversation needs its token hash");
    // Check the receipts before writing anything, so a failed put changes nothing.
    this.#checkReceipts(request.id, request.receipts ?? []);
    const revision = actual + 1;
    this.#conversations.set(request.id, {
      id: request.id,
      revision,
      snapshot: request.snapshot,
      machine: request.machine,
      tokenHash: current?.tokenHash ?? request.tokenHash!,
      keyId: request.keyId,
      seal: request.seal,
      purgeAt: request.purgeAt,
      quarantine: current?.quarantine ?? null,
      createdAt: current?.createdAt ?? request.now,
      updatedAt: request.now,
    });
    this.#writeReceipts(request.id, request.receipts ?? []);
    if (request.dropResponses) this.#responses.delete(request.id);
    if (request.response) {
      let kept = this.#responses.get(request.id);
      if (!kept) this.#responses.set(request.id, (kept = new Map()));
      kept.set(request.response.key, request.response);
    }
    return revision;
  }

  async response(id: string, key: string): Promise<StoredResponse | undefined> {
    return this.#responses.get(id)?.get(key);
  }

  async receipts(id: string): Promise<StoredReceipt[]> {
    const chain = this.#receipts.get(id);
    if (!chain) return [];
    return [...chain.entries()].sort(([a], [b]) => a - b).map(([seq, r]) => ({ seq, receipt: JSON.parse(r.json) as unknown, keyId: r.keyId, mac: r.mac }));
  }

  async list(after: string, limit: number): Promise<string[]> {
    return [...this.#conversations.keys()]
      .filter((id) => id > after)
      .sort()
      .slice(0, limit);
  }

  async quarantine(id: string, reason: string, now: string): Promise<void> {
    const c = this.#conversations.get(id);
    if (!c || c.quarantine !== null) return;
    this.#conversations.set(id, { ...c, quarantine: reason });
    this.#quarantinedAt.set(id, now);
  }

  async quarantined(): Promise<QuarantinedConversation[]> {
    return [...this.#conversations.values()]
      .filter((c) => c.quarantine !== null)
      .map((c) => ({ id: c.id, reason: c.quarantine!, since: this.#quarantinedAt.get(c.id)! }))
      .sort((a, b) => (a.since === b.since ? (a.id < b.id ? -1 : 1) : a.since < b.since ? -1 : 1));
  }

  async eraseWhole(id: string, now: string, receipts: readonly StoredReceipt[] = []): Promise<void> {
    const c = this.#conversations.get(id);
    if (c && c.snapshot !== null) {
      this.#checkReceipts(id, receipts);
      this.#writeReceipts(id, receipts);
      this.#conversations.set(id, { ...c, revision: c.revision + 1, snapshot: null, purgeAt: null, updatedAt: now });
    }
    this.#responses.delete(id);
  }

  async purgeDue(now: number, limit: number, decide: (c: StoredConversation) => PurgeDecision, at: string): Promise<PurgeBatch> {
    const rows = [...this.#conversations.values()]
      .filter((c) => c.purgeAt !== null && c.purgeAt <= now && c.quarantine === null)
      .sort((a, b) => a.purgeAt! - b.purgeAt!)
      .slice(0, limit);
    const tally = new PurgeTally();
    for (const row of rows) {
      const d = decide({ ...row, receiptCount: this.#receipts.get(row.id)?.size ?? 0 });
      tally.add(row.id, d);
      if (d.kind === "delete") {
        this.#conversations.delete(row.id);
        this.#responses.delete(row.id);
      } else if (d.kind === "quarantine") {
        await this.quarantine(row.id, d.reason, at);
      } else if (d.kind === "reschedule") {
        this.#conversations.set(row.id, { ...row, purgeAt: d.purgeAt });
      } else {
        this.#checkReceipts(row.id, d.receipts);
        this.#conversations.set(row.id, {
          ...row,
          revision: row.revision + 1,
          snapshot: d.snapshot,
          keyId: d.keyId,
          seal: d.seal,
          purgeAt: d.purgeAt,
          updatedAt: at,
        });
        this.#writeReceipts(row.id, d.receipts);
        this.#responses.delete(row.id);
      }
    }
    return tally.batch(rows.length);
  }

  async expireResponses(before: string): Promise<number> {
    let n = 0;
    for (const kept of this.#responses.values())
      for (const [key, r] of kept)
        if (r.createdAt < before) {
          kept.delete(key);
          n++;
        }
    return n;
  }

  async putMachine(key: string, definition: string): Promise<void> {
    if (!this.#machines.has(key)) this.#machines.set(key, definition);
  }

  async machines(): Promise<{ key: string; definition: string }[]> {
    return [...this.#machines.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, definition]) => ({ key, definition }));
  }

  async counts(): Promise<{ conversations: number; quarantined: number }> {
    const all = [...this.#conversations.values()];
    return { conversations: all.length, quarantined: all.filter((c) => c.quarantine !== null).length };
  }

  async scrub(): Promise<void> {}

  async close(): Promise<void> {}

  #checkReceipts(id: string, receipts: readonly StoredReceipt[]): void {
    const chain = this.#receipts.get(id);
    for (const r of receipts) {
      const existing = chain?.get(r.seq);
      if (existing !== undefined && existing.json !== JSON.stringify(r.receipt)) throw new ReceiptChainConflict(id, r.seq);
    }
  }

  #writeReceipts(id: string, receipts: readonly StoredReceipt[]): void {
    if (receipts.length === 0) return;
    let chain = this.#receipts.get(id);
    if (!chain) this.#receipts.set(id, (chain = new Map()));
    for (const r of receipts) if (!chain.has(r.seq)) chain.set(r.seq, { json: JSON.stringify(r.receipt), keyId: r.keyId, mac: r.mac });
  }
}
