/**
 * Where the bot server keeps conversations: one sealed snapshot per
 * conversation (the runtime's JSON, which already holds the hash-chained
 * consent receipts), an append-only copy of every receipt, the responses
 * kept for idempotent retries, and every machine version ever served.
 *
 * The receipts are copied out of the snapshot on purpose: a receipt is the
 * controller's proof that consent was given (GDPR Art. 7(1)), so it must
 * outlive the data it was about — after erasure (Art. 17) the snapshot is
 * emptied of values, but the receipts table keeps every decision.
 *
 * Writes use optimistic concurrency: a `put` names the revision it read and
 * fails with `RevisionConflict` if another worker wrote in between. The
 * snapshot, the receipts it adds and the response it answered with commit
 * together, so a crash between two of them is impossible and a retried
 * request finds either nothing or everything.
 *
 * Every implementation runs the same contract test
 * (`test/bot-server/store.test.ts`).
 */

/** A receipt as stored: its position in the chain, the runtime's receipt, and the server's MAC over both. */
export interface StoredReceipt {
  /** 0-based position in the conversation's receipt chain; (conversation, seq) is unique. */
  readonly seq: number;
  readonly receipt: unknown;
  /** The seal key that made `mac`. */
  readonly keyId: string;
  /** HMAC-SHA-256 of the conversation id, seq and the receipt's JSON (see seal.ts). */
  readonly mac: string;
}

export interface StoredConversation {
  readonly id: string;
  /** Starts at 1 with the first `put`; each successful write adds one. */
  readonly revision: number;
  /** The runtime's snapshot, or `null` once a quarantined conversation was erased whole. */
  readonly snapshot: string | null;
  /** The machine version the conversation runs on (a key of `machines()`). */
  readonly machine: string;
  /** SHA-256 (hex) of the conversation's capability token; the token itself is never stored. */
  readonly tokenHash: string;
  /** The seal key that made `seal`. */
  readonly keyId: string;
  /** HMAC-SHA-256 over id, machine, token hash and snapshot (see seal.ts). */
  readonly seal: string;
  /** Epoch milliseconds at which something held runs out, or `null` if nothing will. */
  readonly purgeAt: number | null;
  /** Why the conversation failed its integrity check, or `null`. */
  readonly quarantine: string | null;
  /**
   * How many receipts the append-only receipts table holds for it: a
   * high-water mark kept outside the row. A snapshot whose own ledger is
   * shorter is an older copy put back (a row restored from a backup).
   */
  readonly receiptCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A response kept so that a retried request (same idempotency key) gets it again. */
export interface StoredResponse {
  readonly key: string;
  /** SHA-256 of the request it answered: the same key with another request is refused. */
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
  readonly createdAt: string;
}

export interface PutRequest {
  readonly id: string;
  /** The revision the writer read, or `0` to create the conversation. */
  readonly expectedRevision: number;
  readonly snapshot: string;
  readonly machine: string;
  /** Needed when creating; kept as it is afterwards. */
  readonly tokenHash?: string;
  readonly keyId: string;
  readonly seal: string;
  readonly purgeAt: number | null;
  /** Receipts that this write adds to the chain. */
  readonly receipts?: readonly StoredReceipt[];
  /** Something was erased: every kept response of the conversation is dropped first, since it may quote what was erased. */
  readonly dropResponses?: boolean;
  /** The response to keep for the request's idempotency key. */
  readonly response?: StoredResponse;
  /** ISO time of the write (from the server's clock, so tests are deterministic). */
  readonly now: string;
}

/** What the purge job decided for one due conversation. */
export type PurgeDecision =
  | {
      readonly kind: "write";
      readonly snapshot: string;
      readonly keyId: string;
      readonly seal: string;
      readonly purgeAt: number | null;
      readonly receipts: readonly StoredReceipt[];
      /** The fields erased (names only). */
      readonly erased: readonly string[];
    }
  /** Nothing was due after all (the conversation changed since purgeAt was written): only the next time is stored. */
  | { readonly kind: "reschedule"; readonly purgeAt: number | null }
  | { readonly kind: "quarantine"; readonly reason: string }
  /** Holds nothing, has no receipts, and was left: the row (and its kept responses) is deleted. */
  | { readonly kind: "delete" };

export interface PurgeBatch {
  /** Conversations claimed in this batch. */
  readonly claimed: number;
  /** Conversations in which something was erased. */
  readonly purged: number;
  /** Conversations deleted (`delete` decisions). */
  readonly deleted: number;
  /** How many times each field was erased. */
  readonly fields: Readonly<Record<string, number>>;
  readonly quarantined: readonly string[];
}

export interface QuarantinedConversation {
  readonly id: string;
  readonly reason: string;
  readonly since: string;
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

/** Thrown when a stored receipt would change: a receipt chain never changes once written. */
export class ReceiptChainConflict extends Error {
  override readonly name = "ReceiptChainConflict";
  constructor(
    readonly id: string,
    readonly seq: number,
  ) {
    super(`receipt ${seq} of conversation ${id} is already stored with different content`);
  }
}

/** The store's schema is missing or older than this code: run the migration command. */
export class SchemaOutdated extends Error {
  override readonly name = "SchemaOutdated";
  constructor(
    readonly found: number,
    readonly wanted: number,
  ) {
    super(
      found === 0
        ? `the database has no bot-server schema; run \`node examples/bot-server/dist/server.mjs migrate\` with the same DATABASE_URL first`
        : `the database schema is at version ${found}, this server needs ${wanted}; run \`node examples/bot-server/dist/server.mjs migrate\` first`,
    );
  }
}

export interface ConversationStore {
  get(id: string): Promise<StoredConversation | undefined>;
  /** Writes a snapshot if the stored revision is `expectedRevision`; returns the new revision. Throws `RevisionConflict` otherwise. */
  put(request: PutRequest): Promise<number>;
  /** The kept response for an idempotency key, if any. */
  response(id: string, key: string): Promise<StoredResponse | undefined>;
  /** Every receipt of the conversation, in chain order. */
  receipts(id: string): Promise<StoredReceipt[]>;
  /** Ids in order, after `after`, at most `limit` (for the operator's listing). */
  list(after: string, limit: number): Promise<string[]>;
  /** Marks a conversation that failed its integrity check; its data stays until erased. */
  quarantine(id: string, reason: string, now: string): Promise<void>;
  quarantined(): Promise<QuarantinedConversation[]>;
  /**
   * Erases a conversation that cannot be restored: its snapshot and kept
   * responses are removed (the row stays, with no data, so its id keeps
   * answering); the receipts stay, and `receipts` (the erasure's own) are
   * added in the same transaction — only if the snapshot was still there,
   * so a second call, or two at once, adds nothing. Idempotent.
   */
  eraseWhole(id: string, now: string, receipts?: readonly StoredReceipt[]): Promise<void>;
  /**
   * Claims up to `limit` conversations whose `purgeAt` has passed (skipping
   * any another process holds), applies `decide` to each and writes the
   * results, all in one transaction.
   */
  purgeDue(now: number, limit: number, decide: (conversation: StoredConversation) => PurgeDecision, at: string): Promise<PurgeBatch>;
  /** Deletes kept responses created before `before` (ISO); returns how many. */
  expireResponses(before: string): Promise<number>;
  /** Records a machine version (idempotent). */
  putMachine(key: string, definition: string): Promise<void>;
  machines(): Promise<{ key: string; definition: string }[]>;
  /** How many conversations there are, and how many are quarantined. */
  counts(): Promise<{ conversations: number; quarantined: number }>;
  /**
   * Makes erased bytes unrecoverable from the store's files where the store
   * can (SQLite: checkpoint and truncate the WAL). Called after erasure.
   */
  scrub(): Promise<void>;
  close(): Promise<void>;
}
