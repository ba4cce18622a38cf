/** An in-memory `ConversationStore`, for tests and for a bot that need not survive a restart. */
import { ReceiptChainConflict, RevisionConflict, type ConversationStore, type PutRequest, type StoredConversation, type StoredReceipt } from "./store.ts";

export class MemoryStore implements ConversationStore {
  readonly #conversations = new Map<string, StoredConversation>();
  readonly #receipts = new Map<string, Map<number, string>>();

  async get(id: string): Promise<StoredConversation | undefined> {
    return this.#conversations.get(id);
  }

  async put(request: PutRequest): Promise<number> {
    const current = this.#conversations.get(request.id);
    const actual = current?.revision ?? 0;
    if (actual !== request.expectedRevision) throw new RevisionConflict(request.id, request.expectedRevision, actual);
    // Check the receipts before writing anything, so a failed put changes nothing.
    this.#checkReceipts(request.id, request.receipts ?? []);
    const revision = actual + 1;
    this.#conversations.set(request.id, {
      id: request.id,
      revision,
      snapshot: request.snapshot,
      createdAt: current?.createdAt ?? request.now,
      updatedAt: request.now,
    });
    this.#writeReceipts(request.id, request.receipts ?? []);
    return revision;
  }

  async appendReceipts(id: string, receipts: readonly StoredReceipt[]): Promise<void> {
    this.#checkReceipts(id, receipts);
    this.#writeReceipts(id, receipts);
  }

  async receipts(id: string): Promise<StoredReceipt[]> {
    const chain = this.#receipts.get(id);
    if (!chain) return [];
    return [...chain.entries()].sort(([a], [b]) => a - b).map(([seq, json]) => ({ seq, receipt: JSON.parse(json) as unknown }));
  }

  async list(): Promise<string[]> {
    return [...this.#conversations.keys()].sort();
  }

  async close(): Promise<void> {}

  #checkReceipts(id: string, receipts: readonly StoredReceipt[]): void {
    const chain = this.#receipts.get(id);
    for (const r of receipts) {
      const existing = chain?.get(r.seq);
      if (existing !== undefined && existing !== JSON.stringify(r.receipt)) throw new ReceiptChainConflict(id, r.seq);
    }
  }

  #writeReceipts(id: string, receipts: readonly StoredReceipt[]): void {
    if (receipts.length === 0) return;
    let chain = this.#receipts.get(id);
    if (!chain) this.#receipts.set(id, (chain = new Map()));
    for (const r of receipts) if (!chain.has(r.seq)) chain.set(r.seq, JSON.stringify(r.receipt));
  }
}
