/**
 * The default `ConversationStore`: an embedded SQLite database (better-sqlite3).
 * One file holds every conversation's snapshot, the append-only receipts,
 * the kept responses and the machine versions served.
 *
 * Erasure is made physical, not only logical: `secure_delete` overwrites
 * deleted and replaced content with zeros in the main file, and `scrub()`
 * checkpoints the write-ahead log into it and truncates the log to nothing,
 * so no earlier version of a page survives in any file.
 */
import Database from "better-sqlite3";
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
import {
  CONVERSATION_COLUMNS as COLUMNS,
  PurgeTally,
  RESPONSE_COLUMNS,
  conversationFromRow as fromRow,
  quarantinedFromRow,
  receiptFromRow,
  responseFromRow,
  type ConversationRow,
  type QuarantineRow,
  type ReceiptRow,
  type ResponseRow,
} from "./rows.ts";

/** Each migration takes the schema from version `index` to `index + 1`. */
const MIGRATIONS = [
  `
CREATE TABLE conversations (
  id          TEXT PRIMARY KEY,
  revision    INTEGER NOT NULL,
  snapshot    TEXT,
  machine     TEXT NOT NULL,
  token_hash  TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  seal        TEXT NOT NULL,
  purge_at    INTEGER,
  quarantine  TEXT,
  quarantined_at TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX conversations_purge_at ON conversations (purge_at) WHERE purge_at IS NOT NULL AND quarantine IS NULL;
CREATE TABLE receipts (
  conversation_id TEXT NOT NULL,
  seq             INTEGER NOT NULL,
  receipt         TEXT NOT NULL,
  key_id          TEXT NOT NULL,
  mac             TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) STRICT;
-- Receipts are append-only: the database itself refuses to change or drop one.
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
  BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
  BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
CREATE TABLE responses (
  conversation_id TEXT NOT NULL,
  key             TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,
  status          INTEGER NOT NULL,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (conversation_id, key)
) STRICT;
CREATE INDEX responses_created_at ON responses (created_at);
CREATE TABLE machines (
  key        TEXT PRIMARY KEY,
  definition TEXT NOT NULL
) STRICT;
`,
];

type Row = ConversationRow & { purge_at: number | null };

export class SqliteStore implements ConversationStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], Row>;
  readonly #receipts: Database.Statement<[string], ReceiptRow>;
  readonly #putTx: (request: PutRequest) => number;
  readonly #purgeTx: (now: number, limit: number, decide: (c: StoredConversation) => PurgeDecision, at: string) => PurgeBatch;
  readonly #sql: {
    insert: Database.Statement;
    update: Database.Statement;
    receiptAt: Database.Statement<[string, number], { receipt: string }>;
    insertReceipt: Database.Statement;
    dropResponses: Database.Statement<[string]>;
    insertResponse: Database.Statement;
  };

  /** Opens (and creates or migrates if needed) the database at `path`; `":memory:"` for a throwaway one. */
  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    // Deleted and replaced content is overwritten with zeros, not left in free space.
    this.#db.pragma("secure_delete = ON");
    // A second process (a restarted server) may briefly find the file locked.
    this.#db.pragma("busy_timeout = 5000");
    this.migrate();
    const db = this.#db;
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM conversations WHERE id = ?`);
    this.#receipts = db.prepare("SELECT seq, receipt, key_id, mac FROM receipts WHERE conversation_id = ? ORDER BY seq");
    this.#sql = {
      insert: db.prepare(
        "INSERT INTO conversations (id, revision, snapshot, machine, token_hash, key_id, seal, purge_at, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      update: db.prepare(
        "UPDATE conversations SET revision = revision + 1, snapshot = ?, machine = ?, key_id = ?, seal = ?, purge_at = ?, updated_at = ? WHERE id = ? AND revision = ?",
      ),
      receiptAt: db.prepare("SELECT receipt FROM receipts WHERE conversation_id = ? AND seq = ?"),
      insertReceipt: db.prepare("INSERT INTO receipts (conversation_id, seq, receipt, key_id, mac) VALUES (?, ?, ?, ?, ?)"),
      dropResponses: db.prepare("DELETE FROM responses WHERE conversation_id = ?"),
      insertResponse: db.prepare("INSERT INTO responses (conversation_id, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
    };

    // `immediate` takes the write lock at BEGIN, so the revision read and the write cannot interleave with another process.
    const put = db.transaction((request: PutRequest): number => {
      const current = this.#get.get(request.id);
      const actual = current?.revision ?? 0;
      if (actual !== request.expectedRevision) throw new RevisionConflict(request.id, request.expectedRevision, actual);
      if (current === undefined) {
        if (request.tokenHash === undefined) throw new TypeError("creating a conversation needs its token hash");
        this.#sql.insert.run(
          request.id,
          request.snapshot,
          request.machine,
          request.tokenHash,
          request.keyId,
          request.seal,
          request.purgeAt,
          request.now,
          request.now,
        );
      } else {
        this.#sql.update.run(request.snapshot, request.machine, request.keyId, request.seal, request.purgeAt, request.now, request.id, actual);
      }
      this.#appendReceipts(request.id, request.receipts ?? []);
      if (request.dropResponses) this.#sql.dropResponses.run(request.id);
      const r = request.response;
      if (r) this.#sql.insertResponse.run(request.id, r.key, r.fingerprint, r.status, r.body, r.createdAt);
      return actual + 1;
    });
    this.#putTx = (request) => put.immediate(request);

    const due = db.prepare<[number, number], Row>(
      `SELECT ${COLUMNS} FROM conversations WHERE purge_at IS NOT NULL AND purge_at <= ? AND quarantine IS NULL ORDER BY purge_at LIMIT ?`,
    );
    const reschedule = db.prepare("UPDATE conversations SET purge_at = ? WHERE id = ?");
    const remove = db.prepare("DELETE FROM conversations WHERE id = ?");
    const purge = db.transaction((now: number, limit: number, decide: (c: StoredConversation) => PurgeDecision, at: string): PurgeBatch => {
      const rows = due.all(now, limit);
      const tally = new PurgeTally();
      for (const row of rows) {
        const d = decide(fromRow(row));
        tally.add(row.id, d);
        if (d.kind === "delete") {
          remove.run(row.id);
          this.#sql.dropResponses.run(row.id);
        } else if (d.kind === "quarantine") {
          this.#markQuarantined(row.id, d.reason, at);
        } else if (d.kind === "reschedule") {
          reschedule.run(d.purgeAt, row.id);
        } else {
          this.#sql.update.run(d.snapshot, row.machine, d.keyId, d.seal, d.purgeAt, at, row.id, row.revision);
          this.#appendReceipts(row.id, d.receipts);
          // What was kept for retries may quote what was just erased.
          this.#sql.dropResponses.run(row.id);
        }
      }
      return tally.batch(rows.length);
    });
    this.#purgeTx = (now, limit, decide, at) => purge.immediate(now, limit, decide, at);
  }

  /** Brings the schema up to date (the SQLite file is the server's own, so this runs at every start). */
  migrate(): void {
    const version = this.#db.pragma("user_version", { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.#db
        .transaction(() => {
          this.#db.exec(MIGRATIONS[v]!);
          this.#db.pragma(`user_version = ${v + 1}`);
        })
        .immediate();
    }
  }

  #appendReceipts(id: string, receipts: readonly StoredReceipt[]): void {
    for (const r of receipts) {
      const json = JSON.stringify(r.receipt);
      const existing = this.#sql.receiptAt.get(id, r.seq);
      if (existing === undefined) this.#sql.insertReceipt.run(id, r.seq, json, r.keyId, r.mac);
      else if (existing.receipt !== json) throw new ReceiptChainConflict(id, r.seq);
    }
  }

  #markQuarantined(id: string, reason: string, now: string): void {
    this.#db.prepare("UPDATE conversations SET quarantine = ?, quarantined_at = ? WHERE id = ? AND quarantine IS NULL").run(reason, now, id);
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    const row = this.#get.get(id);
    return row && fromRow(row);
  }

  async put(request: PutRequest): Promise<number> {
    return this.#putTx(request);
  }

  async response(id: string, key: string): Promise<StoredResponse | undefined> {
    const r = this.#db.prepare<[string, string], ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM responses WHERE conversation_id = ? AND key = ?`).get(id, key);
    return r && responseFromRow(r);
  }

  async receipts(id: string): Promise<StoredReceipt[]> {
    return this.#receipts.all(id).map(receiptFromRow);
  }

  async list(after: string, limit: number): Promise<string[]> {
    return this.#db
      .prepare<[string, number], { id: string }>("SELECT id FROM conversations WHERE id > ? ORDER BY id LIMIT ?")
      .all(after, limit)
      .map((r) => r.id);
  }

  async quarantine(id: string, reason: string, now: string): Promise<void> {
    this.#markQuarantined(id, reason, now);
  }

  async quarantined(): Promise<QuarantinedConversation[]> {
    return this.#db
      .prepare<[], QuarantineRow>("SELECT id, quarantine, quarantined_at FROM conversations WHERE quarantine IS NOT NULL ORDER BY quarantined_at, id")
      .all()
      .map(quarantinedFromRow);
  }

  async eraseWhole(id: string, now: string, receipts: readonly StoredReceipt[] = []): Promise<void> {
    this.#db
      .transaction(() => {
        const erased = this.#db
          .prepare("UPDATE conversations SET revision = revision + 1, snapshot = NULL, purge_at = NULL, updated_at = ? WHERE id = ? AND snapshot IS NOT NULL")
          .run(now, id).changes;
        if (erased > 0) this.#appendReceipts(id, receipts);
        this.#sql.dropResponses.run(id);
      })
      .immediate();
  }

  async purgeDue(now: number, limit: number, decide: (c: StoredConversation) => PurgeDecision, at: string): Promise<PurgeBatch> {
    return this.#purgeTx(now, limit, decide, at);
  }

  async expireResponses(before: string): Promise<number> {
    return this.#db.prepare("DELETE FROM responses WHERE created_at < ?").run(before).changes;
  }

  async putMachine(key: string, definition: string): Promise<void> {
    this.#db.prepare("INSERT INTO machines (key, definition) VALUES (?, ?) ON CONFLICT (key) DO NOTHING").run(key, definition);
  }

  async machines(): Promise<{ key: string; definition: string }[]> {
    return this.#db.prepare<[], { key: string; definition: string }>("SELECT key, definition FROM machines ORDER BY key").all();
  }

  async counts(): Promise<{ conversations: number; quarantined: number }> {
    return this.#db
      .prepare<[], { conversations: number; quarantined: number }>("SELECT count(*) AS conversations, count(quarantine) AS quarantined FROM conversations")
      .get()!;
  }

  async scrub(): Promise<void> {
    // TRUNCATE waits (busy_timeout) for readers, copies every page into the main file and cuts the log to zero bytes.
    this.#db.pragma("wal_checkpoint(TRUNCATE)");
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
