/**
 * Where the bot server keeps conversations: one snapshot per conversation
 * (the runtime's JSON, which already holds the hash-chained consent receipts)
 * and, beside it, an append-only copy of every receipt.
 *
 * The receipts are copied out of the snapshot on purpose: a receipt is the
 * controller's proof that consent was given (GDPR Art. 7(1)), so it must
 * outlive the data it was about — after erasure (Art. 17) the snapshot is
 * emptied of values, but the receipts table keeps every decision.
 *
 * The interface is asynchronous and small so that a PostgreSQL or Redis store
 * can replace the embedded SQLite one. Writes use optimistic concurrency: a
 * `put` names the revision it read, and fails with `RevisionConflict` if
 * another worker wrote in between, so two messages for one conversation never
 * lose an update. The snapshot and the receipts it adds commit together.
 */

/** A receipt as stored: its position in the conversation's chain and the runtime's receipt as JSON. */
export interface StoredReceipt {
  /** 0-based position in the conversation's receipt chain; (conversation, seq) is unique. */
  readonly seq: number;
  readonly receipt: unknown;
}

export interface StoredConversation {
  readonly id: string;
  /** Starts at 1 with the first `put`; each successful `put` adds one. */
  readonly revision: number;
  /** The runtime's snapshot, as returned by `Conversation.snapshot()`. */
  readonly snapshot: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PutRequest {
  readonly id: string;
  readonly snapshot: string;
  /** The revision the writer read, or `0` to create the conversation. */
  readonly expectedRevision: number;
  /** Receipts that this write adds to the chain (appended in the same transaction). */
  readonly receipts?: readonly StoredReceipt[];
  /** ISO time of the write (from the server's clock, so tests are deterministic). */
  readonly now: string;
}

export class RevisionConflict extends Error {
  override readonly name = "RevisionConflict";
  constructor(
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`conversation ${id} is at revision ${actual}, not ${expected}: another writer got there first`);
  }
}

export interface ConversationStore {
  get(id: string): Promise<StoredConversation | undefined>;
  /** Writes a snapshot if the stored revision is `expectedRevision`; returns the new revision. Throws `RevisionConflict` otherwise. */
  put(request: PutRequest): Promise<number>;
  /**
   * Appends receipts outside a snapshot write. Idempotent per seq: a receipt
   * already stored at that seq with the same content is skipped; a different
   * one is an error (a receipt chain never changes once written).
   */
  appendReceipts(id: string, receipts: readonly StoredReceipt[]): Promise<void>;
  /** Every receipt of the conversation, in chain order. */
  receipts(id: string): Promise<StoredReceipt[]>;
  /** Ids of every stored conversation (for the purge job). */
  list(): Promise<string[]>;
  close(): Promise<void>;
}

/** Thrown by `appendReceipts` when a stored receipt would change. */
export class ReceiptChainConflict extends Error {
  override readonly name = "ReceiptChainConflict";
  constructor(
    readonly id: string,
    readonly seq: number,
  ) {
    super(`receipt ${seq} of conversation ${id} is already stored with different content`);
  }
}
