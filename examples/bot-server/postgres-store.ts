/**
 * A `ConversationStore` on PostgreSQL (`pg`), for several server processes
 * sharing one database. Same contract as the SQLite store; the differences
 * are in how the database enforces it:
 *
 * - a write is `UPDATE … WHERE revision = $expected` in a transaction, so two
 *   processes cannot both win one revision;
 * - the purge job claims due conversations with `FOR UPDATE SKIP LOCKED` in
 *   small batches, so several processes purge at once without waiting for
 *   each other and a conversation being answered is never blocked for
 *   longer than one batch;
 * - the schema is created by an explicit migration (`migrate()`, the
 *   server's `migrate` command), never implicitly by a running server.
 *
 * Erased values: PostgreSQL keeps old row versions until VACUUM reclaims
 * them and writes them to its WAL; `scrub()` vacuums the tables erasure
 * touches. With a `KeyVault` (vault.ts) the snapshots and kept responses
 * are stored encrypted under per-conversation keys that never reach
 * PostgreSQL, and every erasure retires the keys of what came before, so
 * the copies PostgreSQL keeps cannot be read. See docs/security.md.
 */
import pg from "pg";
import { KeyVault } from "./vault.ts";
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
import {
  ReceiptChainConflict,
  RevisionConflict,
  SchemaOutdated,
  type ConversationStore,
  type PurgeBatch,
  type PurgeDecision,
  type PutRequest,
  type QuarantinedConversation,
  type StoredConversation,
  type StoredReceipt,
  type StoredResponse,
} from "./store.ts";

/** Each migration takes the schema from version `index` to `index + 1`. */
const MIGRATIONS = [
  `
CREATE TABLE conversations (
  id          text PRIMARY KEY,
  revision    integer NOT NULL,
  snapshot    text,
  machine     text NOT NULL,
  token_hash  text NOT NULL,
  key_id      text NOT NULL,
  seal        text NOT NULL,
  purge_at    bigint,
  quarantine  text,
  quarantined_at text,
  created_at  text NOT NULL,
  updated_at  text NOT NULL
);
CREATE INDEX conversations_purge_at ON conversations (purge_at) WHERE purge_at IS NOT NULL AND quarantine IS NULL;
-- Receipts keep their JSON as text: their MAC is over these exact bytes.
CREATE TABLE receipts (
  conversation_id text NOT NULL,
  seq             integer NOT NULL,
  receipt         text NOT NULL,
  key_id          text NOT NULL,
  mac             text NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE FUNCTION lawflow_receipts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'receipts are append-only'; END $$;
CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts
  FOR EACH ROW EXECUTE FUNCTION lawflow_receipts_append_only();
CREATE TABLE responses (
  conversation_id text NOT NULL,
  key             text NOT NULL,
  fingerprint     text NOT NULL,
  status          integer NOT NULL,
  body            text NOT NULL,
  created_at      text NOT NULL,
  PRIMARY KEY (conversation_id, key)
);
CREATE INDEX responses_created_at ON responses (created_at);
CREATE TABLE machines (
  key        text PRIMARY KEY,
  definition text NOT NULL
);
`,
];

type Row = ConversationRow;

/** Serialises migrations of one database across processes. */
const MIGRATION_LOCK = 0x1a3f10;

/** What a snapshot that cannot be decrypted reads as: not a snapshot, so its seal fails and it is quarantined. */
const UNREADABLE = "lawflow-enc:unreadable";

export class PostgresStore implements ConversationStore {
  readonly #pool: pg.Pool;
  readonly #vault: KeyVault | undefined;

  private constructor(pool: pg.Pool, vault: KeyVault | undefined) {
    this.#pool = pool;
    this.#vault = vault;
  }

  /**
   * Connects and checks the schema is current; throws `SchemaOutdated` if
   * `migrate` has not been run. With `vault`, what people answered is
   * written to PostgreSQL only encrypted (vault.ts); the vault is the
   * caller's to close.
   */
  static async open(url: string, options: { max?: number; vault?: KeyVault } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
    // An idle client that loses its connection emits here; without a listener the process would exit.
    pool.on("error", () => {});
    const store = new PostgresStore(pool, options.vault);
    try {
      const found = await store.schemaVersion();
      if (found !== MIGRATIONS.length) throw new SchemaOutdated(found, MIGRATIONS.length);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  /** Creates or updates the schema; safe to run from several processes at once. Returns the versions applied. */
  static async migrate(url: string): Promise<{ from: number; to: number }> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await client.query("CREATE TABLE IF NOT EXISTS lawflow_schema (version integer NOT NULL)");
      const found = (await client.query<{ version: number }>("SELECT version FROM lawflow_schema")).rows[0]?.version ?? 0;
      for (let v = found; v < MIGRATIONS.length; v++) {
        await client.query("BEGIN");
        try {
          await client.query(MIGRATIONS[v]!);
          await client.query("DELETE FROM lawflow_schema");
          await client.query("INSERT INTO lawflow_schema (version) VALUES ($1)", [v + 1]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw e;
        }
      }
      return { from: found, to: MIGRATIONS.length };
    } finally {
      await client.end();
    }
  }

  async schemaVersion(): Promise<number> {
    const exists = await this.#pool.query("SELECT to_regclass('lawflow_schema') IS NOT NULL AS ok");
    if (!exists.rows[0].ok) return 0;
    return (await this.#pool.query<{ version: number }>("SELECT version FROM lawflow_schema")).rows[0]?.version ?? 0;
  }

  async #tx<R>(work: (c: pg.PoolClient) => Promise<R>): Promise<R> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** A row as the server sees it: its snapshot decrypted. */
  #read(r: Row): StoredConversation {
    const v = this.#vault;
    return fromRow(v && r.snapshot !== null ? { ...r, snapshot: v.decrypt(r.id, r.snapshot) ?? UNREADABLE } : r);
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    let read: StoredConversation | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = (await this.#pool.query<Row>(`SELECT ${COLUMNS} FROM conversations WHERE id = $1`, [id])).rows[0];
      if (!row) return undefined;
      // Unchanged since the last read: a snapshot that still does not decrypt is unreadable, not raced.
      if (read && row.revision === read.revision) return read;
      read = this.#read(row);
      // An erasure in another request may commit a newer revision and retire the key of this one between this read and
      // its decryption: then the newer revision is read, rather than a good row taken for a tampered one.
      if (read.snapshot !== UNREADABLE) return read;
    }
    return read;
  }

  async put(plain: PutRequest): Promise<number> {
    const v = this.#vault;
    // Something was erased: the new state goes under a new key, and once it is committed the older keys go.
    const k = v?.key(plain.id, plain.dropResponses === true);
    const request =
      v && k
        ? { ...plain, snapshot: v.encrypt(plain.id, k, plain.snapshot), response: plain.response && { ...plain.response, body: v.encrypt(plain.id, k, plain.response.body) } }
        : plain;
    const revision = await this.#put(request);
    // Any older key left by an earlier erasure interrupted between its commit and its deletion goes now too.
    if (v && k) v.retire(plain.id, k.gen);
    return revision;
  }

  async #put(request: PutRequest): Promise<number> {
    return this.#tx(async (c) => {
      if (request.expectedRevision === 0) {
        if (request.tokenHash === undefined) throw new TypeError("creating a conversation needs its token hash");
        const inserted = await c.query(
          `INSERT INTO conversations (id, revision, snapshot, machine, token_hash, key_id, seal, purge_at, created_at, updated_at)
           VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
          [request.id, request.snapshot, request.machine, request.tokenHash, request.keyId, request.seal, request.purgeAt, request.now],
        );
        if (inserted.rowCount !== 1) throw new RevisionConflict(request.id, 0, await this.#revision(c, request.id));
      } else {
        const updated = await c.query(
          `UPDATE conversations SET revision = revision + 1, snapshot = $1, machine = $2, key_id = $3, seal = $4, purge_at = $5, updated_at = $6
           WHERE id = $7 AND revision = $8`,
          [request.snapshot, request.machine, request.keyId, request.seal, request.purgeAt, request.now, request.id, request.expectedRevision],
        );
        if (updated.rowCount !== 1) throw new RevisionConflict(request.id, request.expectedRevision, await this.#revision(c, request.id));
      }
      await this.#appendReceipts(c, request.id, request.receipts ?? []);
      if (request.dropResponses) await c.query("DELETE FROM responses WHERE conversation_id = $1", [request.id]);
      const r = request.response;
      if (r)
        await c.query("INSERT INTO responses (conversation_id, key, fingerprint, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)", [
          request.id,
          r.key,
          r.fingerprint,
          r.status,
          r.body,
          r.createdAt,
        ]);
      return request.expectedRevision + 1;
    });
  }

  async #revision(c: pg.PoolClient, id: string): Promise<number> {
    return (await c.query<{ revision: number }>("SELECT revision FROM conversations WHERE id = $1", [id])).rows[0]?.revision ?? 0;
  }

  async #appendReceipts(c: pg.PoolClient, id: string, receipts: readonly StoredReceipt[]): Promise<void> {
    for (const r of receipts) {
      const json = JSON.stringify(r.receipt);
      const inserted = await c.query(
        "INSERT INTO receipts (conversation_id, seq, receipt, key_id, mac) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (conversation_id, seq) DO NOTHING",
        [id, r.seq, json, r.keyId, r.mac],
      );
      if (inserted.rowCount === 1) continue;
      const existing = await c.query<{ receipt: string }>("SELECT receipt FROM receipts WHERE conversation_id = $1 AND seq = $2", [id, r.seq]);
      if (existing.rows[0]?.receipt !== json) throw new ReceiptChainConflict(id, r.seq);
    }
  }

  async response(id: string, key: string): Promise<StoredResponse | undefined> {
    const r = await this.#pool.query<ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM responses WHERE conversation_id = $1 AND key = $2`, [id, key]);
    const row = r.rows[0];
    const body = row && (this.#vault ? this.#vault.decrypt(id, row.body) : row.body);
    // A kept response whose key was shredded is as good as none.
    return row && body !== undefined ? responseFromRow({ ...row, body }) : undefined;
  }

  async receipts(id: string): Promise<StoredReceipt[]> {
    const r = await this.#pool.query<ReceiptRow>("SELECT seq, receipt, key_id, mac FROM receipts WHERE conversation_id = $1 ORDER BY seq", [id]);
    return r.rows.map(receiptFromRow);
  }

  async list(after: string, limit: number): Promise<string[]> {
    // COLLATE "C": byte order, the same order SQLite and the memory store use.
    const r = await this.#pool.query<{ id: string }>(`SELECT id FROM conversations WHERE id > $1 COLLATE "C" ORDER BY id COLLATE "C" LIMIT $2`, [after, limit]);
    return r.rows.map((row) => row.id);
  }

  async quarantine(id: string, reason: string, now: string): Promise<void> {
    await this.#pool.query("UPDATE conversations SET quarantine = $1, quarantined_at = $2 WHERE id = $3 AND quarantine IS NULL", [reason, now, id]);
  }

  async quarantined(): Promise<QuarantinedConversation[]> {
    const r = await this.#pool.query<QuarantineRow>(
      `SELECT id, quarantine, quarantined_at FROM conversations WHERE quarantine IS NOT NULL ORDER BY quarantined_at, id COLLATE "C"`,
    );
    return r.rows.map(quarantinedFromRow);
  }

  async eraseWhole(id: string, now: string, receipts: readonly StoredReceipt[] = []): Promise<void> {
    await this.#tx(async (c) => {
      const erased = await c.query(
        "UPDATE conversations SET revision = revision + 1, snapshot = NULL, purge_at = NULL, updated_at = $1 WHERE id = $2 AND snapshot IS NOT NULL",
        [now, id],
      );
      if (erased.rowCount === 1) await this.#appendReceipts(c, id, receipts);
      await c.query("DELETE FROM responses WHERE conversation_id = $1", [id]);
    });
    this.#vault?.drop(id);
  }

  async purgeDue(now: number, limit: number, decide: (c: StoredConversation) => PurgeDecision, at: string): Promise<PurgeBatch> {
    const v = this.#vault;
    /** Keys to retire (conversation, newest generation kept; 0: all) once the batch is committed. */
    const shred: [string, number][] = [];
    const batch = await this.#tx(async (c) => {
      // Rows another process is purging, or a request is writing, are skipped, not waited for.
      const rows = (
        await c.query<Row>(
          `SELECT ${COLUMNS} FROM conversations WHERE purge_at IS NOT NULL AND purge_at <= $1 AND quarantine IS NULL
           ORDER BY purge_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, limit],
        )
      ).rows;
      const tally = new PurgeTally();
      const quarantined: string[] = [];
      const reasons: string[] = [];
      const rescheduled: { id: string; purgeAt: number | null }[] = [];
      const written: { id: string; snapshot: string; keyId: string; seal: string; purgeAt: number | null }[] = [];
      const removed: string[] = [];
      for (const row of rows) {
        const d = decide(this.#read(row));
        tally.add(row.id, d);
        if (d.kind === "delete") {
          removed.push(row.id);
          if (v) shred.push([row.id, 0]);
        }
        else if (d.kind === "quarantine") {
          quarantined.push(row.id);
          reasons.push(d.reason);
        } else if (d.kind === "reschedule") rescheduled.push({ id: row.id, purgeAt: d.purgeAt });
        else if (v) {
          const k = v.key(row.id, true);
          written.push({ id: row.id, ...d, snapshot: v.encrypt(row.id, k, d.snapshot) });
          shred.push([row.id, k.gen]);
          await this.#appendReceipts(c, row.id, d.receipts);
        } else {
          written.push({ id: row.id, ...d });
          await this.#appendReceipts(c, row.id, d.receipts);
        }
      }
      // One statement per kind of change, not one per row: a batch costs a few round trips whatever its size.
      if (quarantined.length > 0)
        await c.query(
          "UPDATE conversations AS c SET quarantine = v.reason, quarantined_at = $3 FROM unnest($1::text[], $2::text[]) AS v(id, reason) WHERE c.id = v.id",
          [quarantined, reasons, at],
        );
      if (rescheduled.length > 0)
        await c.query("UPDATE conversations AS c SET purge_at = v.purge_at FROM unnest($1::text[], $2::bigint[]) AS v(id, purge_at) WHERE c.id = v.id", [
          rescheduled.map((r) => r.id),
          rescheduled.map((r) => r.purgeAt),
        ]);
      if (written.length > 0) {
        await c.query(
          `UPDATE conversations AS c SET revision = c.revision + 1, snapshot = v.snapshot, key_id = v.key_id, seal = v.seal, purge_at = v.purge_at, updated_at = $6
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS v(id, snapshot, key_id, seal, purge_at) WHERE c.id = v.id`,
          [
            written.map((w) => w.id),
            written.map((w) => w.snapshot),
            written.map((w) => w.keyId),
            written.map((w) => w.seal),
            written.map((w) => w.purgeAt),
            at,
          ],
        );
        // What was kept for retries may quote what was just erased.
        await c.query("DELETE FROM responses WHERE conversation_id = ANY($1)", [written.map((w) => w.id)]);
      }
      if (removed.length > 0) {
        await c.query("DELETE FROM conversations WHERE id = ANY($1)", [removed]);
        await c.query("DELETE FROM responses WHERE conversation_id = ANY($1)", [removed]);
      }
      return tally.batch(rows.length);
    });
    if (shred.length > 0) v!.shred(shred);
    return batch;
  }

  async expireResponses(before: string): Promise<number> {
    return (await this.#pool.query("DELETE FROM responses WHERE created_at < $1", [before])).rowCount ?? 0;
  }

  async putMachine(key: string, definition: string): Promise<void> {
    await this.#pool.query("INSERT INTO machines (key, definition) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [key, definition]);
  }

  async machines(): Promise<{ key: string; definition: string }[]> {
    return (await this.#pool.query<{ key: string; definition: string }>(`SELECT key, definition FROM machines ORDER BY key COLLATE "C"`)).rows;
  }

  async counts(): Promise<{ conversations: number; quarantined: number }> {
    const r = await this.#pool.query<{ conversations: string; quarantined: string }>(
      "SELECT count(*) AS conversations, count(quarantine) AS quarantined FROM conversations",
    );
    return { conversations: Number(r.rows[0]!.conversations), quarantined: Number(r.rows[0]!.quarantined) };
  }

  async scrub(): Promise<void> {
    // Reclaims the dead row versions that held erased values (VACUUM cannot run inside a transaction); skipped, not waited for, while another process vacuums.
    await this.#pool.query("VACUUM (SKIP_LOCKED) conversations, responses");
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
