/**
 * The default `ConversationStore`: an embedded SQLite database (better-sqlite3).
 * One file holds every conversation's snapshot and the append-only receipts.
 * WAL mode lets the purge job read while a message is being written.
 */
import Database from "better-sqlite3";
import { ReceiptChainConflict, RevisionConflict, type ConversationStore, type PutRequest, type StoredConversation, type StoredReceipt } from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
  id          TEXT PRIMARY KEY,
  revision    INTEGER NOT NULL,
  snapshot    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS receipts (
  conversation_id TEXT NOT NULL,
  seq             INTEGER NOT NULL,
  receipt         TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) STRICT;
-- Receipts are append-only: the database itself refuses to change or drop one.
CREATE TRIGGER IF NOT EXISTS receipts_no_update BEFORE UPDATE ON receipts
  BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
CREATE TRIGGER IF NOT EXISTS receipts_no_delete BEFORE DELETE ON receipts
  BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
`;

interface ConversationRow {
  id: string;
  revision: number;
  snapshot: string;
  created_at: string;
  updated_at: string;
}

export class SqliteStore implements ConversationStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], ConversationRow>;
  readonly #insert: Database.Statement<[string, string, string, string]>;
  readonly #update: Database.Statement<[string, string, string, number]>;
  readonly #receiptAt: Database.Statement<[string, number], { receipt: string }>;
  readonly #insertReceipt: Database.Statement<[string, number, string]>;
  readonly #receipts: Database.Statement<[string], { seq: number; receipt: string }>;
  readonly #list: Database.Statement<[], { id: string }>;
  readonly #putTx: (request: PutRequest) => number;
  readonly #appendTx: Database.Transaction<(id: string, receipts: readonly StoredReceipt[]) => void>;

  /** Opens (and creates if needed) the database at `path`; `":memory:"` for a throwaway one. */
  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    // A second process (a restarted server) may briefly find the file locked.
    this.#db.pragma("busy_timeout = 5000");
    this.#db.exec(SCHEMA);
    this.#get = this.#db.prepare("SELECT id, revision, snapshot, created_at, updated_at FROM conversations WHERE id = ?");
    this.#insert = this.#db.prepare("INSERT INTO conversations (id, revision, snapshot, created_at, updated_at) VALUES (?, 1, ?, ?, ?)");
    this.#update = this.#db.prepare("UPDATE conversations SET revision = revision + 1, snapshot = ?, updated_at = ? WHERE id = ? AND revision = ?");
    this.#receiptAt = this.#db.prepare("SELECT receipt FROM receipts WHERE conversation_id = ? AND seq = ?");
    this.#insertReceipt = this.#db.prepare("INSERT INTO receipts (conversation_id, seq, receipt) VALUES (?, ?, ?)");
    this.#receipts = this.#db.prepare("SELECT seq, receipt FROM receipts WHERE conversation_id = ? ORDER BY seq");
    this.#list = this.#db.prepare("SELECT id FROM conversations ORDER BY id");

    this.#appendTx = this.#db.transaction((id: string, receipts: readonly StoredReceipt[]) => {
      for (const r of receipts) {
        const json = JSON.stringify(r.receipt);
        const existing = this.#receiptAt.get(id, r.seq);
        if (existing === undefined) this.#insertReceipt.run(id, r.seq, json);
        else if (existing.receipt !== json) throw new ReceiptChainConflict(id, r.seq);
      }
    });
    // `immediate` takes the write lock at BEGIN, so the revision read and the write cannot interleave with another process.
    const put = this.#db.transaction((request: PutRequest): number => {
      const current = this.#get.get(request.id);
      const actual = current?.revision ?? 0;
      if (actual !== request.expectedRevision) throw new RevisionConflict(request.id, request.expectedRevision, actual);
      if (current === undefined) this.#insert.run(request.id, request.snapshot, request.now, request.now);
      else if (this.#update.run(request.snapshot, request.now, request.id, actual).changes !== 1) throw new RevisionConflict(request.id, request.expectedRevision, actual + 1);
      this.#appendTx(request.id, request.receipts ?? []);
      return actual + 1;
    });
    this.#putTx = (request) => put.immediate(request);
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    const row = this.#get.get(id);
    return row && { id: row.id, revision: row.revision, snapshot: row.snapshot, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  async put(request: PutRequest): Promise<number> {
    return this.#putTx(request);
  }

  async appendReceipts(id: string, receipts: readonly StoredReceipt[]): Promise<void> {
    this.#appendTx.immediate(id, receipts);
  }

  async receipts(id: string): Promise<StoredReceipt[]> {
    return this.#receipts.all(id).map((r) => ({ seq: r.seq, receipt: JSON.parse(r.receipt) as unknown }));
  }

  async list(): Promise<string[]> {
    return this.#list.all().map((r) => r.id);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
