/**
 * Crypto-shredding for the PostgreSQL store: what a person answered is
 * written to PostgreSQL only encrypted (AES-256-GCM) under a data key of
 * its conversation, and the data keys live here — in a SQLite file beside
 * the server, never in PostgreSQL, in no form.
 *
 * PostgreSQL cannot be made to forget bytes: an UPDATE or DELETE leaves the
 * old row version in the table until VACUUM, and in the WAL (and any WAL
 * archive or replica) until the segment is recycled. So erasure here does
 * not chase those copies; it makes them unreadable. Whenever something is
 * erased from a conversation, the store encrypts its new state under a new
 * key and then deletes every older key of that conversation from this file;
 * erasing a conversation whole deletes all of them. SQLite can be made to
 * forget: `secure_delete` zeroes the freed bytes and the WAL is checkpointed
 * and truncated after each deletion — the same mechanism
 * `test/bot-server/erasure.test.ts` checks byte by byte for the SQLite store.
 *
 * What this does not cover is in docs/security.md ("PostgreSQL"): the vault
 * file itself must be on the server's disk (not on a share several hosts
 * write), backed up never or separately and briefly, and every process of a
 * deployment must use the same file — several hosts need a key service with
 * real deletion instead.
 */
import Database from "better-sqlite3";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = "lawflow-enc:1:";

export class KeyVault {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string, number], { key: Buffer } | undefined>;
  readonly #latest: Database.Statement<[string], { gen: number; key: Buffer } | undefined>;
  readonly #insert: Database.Statement<[string, number, Buffer]>;
  readonly #retire: Database.Statement<[string, number]>;
  readonly #drop: Database.Statement<[string]>;

  constructor(path: string) {
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("secure_delete = ON");
    db.pragma("busy_timeout = 5000");
    db.exec("CREATE TABLE IF NOT EXISTS data_keys (conversation TEXT NOT NULL, gen INTEGER NOT NULL, key BLOB NOT NULL, PRIMARY KEY (conversation, gen)) WITHOUT ROWID");
    this.#db = db;
    this.#get = db.prepare("SELECT key FROM data_keys WHERE conversation = ? AND gen = ?");
    this.#latest = db.prepare("SELECT gen, key FROM data_keys WHERE conversation = ? ORDER BY gen DESC LIMIT 1");
    this.#insert = db.prepare("INSERT INTO data_keys (conversation, gen, key) VALUES (?, ?, ?)");
    this.#retire = db.prepare("DELETE FROM data_keys WHERE conversation = ? AND gen < ?");
    this.#drop = db.prepare("DELETE FROM data_keys WHERE conversation = ?");
  }

  /** The conversation's newest key, made if it has none or if `fresh` (the older ones stay until `retire`). */
  key(id: string, fresh = false): { gen: number; key: Buffer } {
    return this.#db.transaction(() => {
      const latest = this.#latest.get(id);
      if (latest && !fresh) return latest;
      const made = { gen: (latest?.gen ?? 0) + 1, key: randomBytes(32) };
      this.#insert.run(id, made.gen, made.key);
      return made;
    }).immediate();
  }

  /** Deletes the conversation's keys older than `gen`: whatever they encrypted can no longer be read. */
  retire(id: string, gen: number): void {
    if (this.#retire.run(id, gen).changes > 0) this.scrub();
  }

  /** Deletes every key of the conversation. */
  drop(id: string): void {
    if (this.#drop.run(id).changes > 0) this.scrub();
  }

  /**
   * Deletes the keys of many conversations in one transaction and scrubs
   * once (`[id, gen]`: the keys older than `gen`; gen 0: every key) — the
   * purge job's batches, which would otherwise truncate the WAL once per
   * conversation while every other process waits on the file.
   */
  shred(entries: readonly (readonly [string, number])[]): void {
    let changes = 0;
    this.#db
      .transaction(() => {
        for (const [id, gen] of entries) changes += (gen === 0 ? this.#drop.run(id) : this.#retire.run(id, gen)).changes;
      })
      .immediate();
    if (changes > 0) this.scrub();
  }

  /** Writes the WAL back and truncates it, so a deleted key is in no file (secure_delete zeroed it in the main file). */
  scrub(): void {
    this.#db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** `text` encrypted under the conversation's key `k`, bound to the conversation. */
  encrypt(id: string, k: { gen: number; key: Buffer }, text: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", k.key, iv);
    c.setAAD(Buffer.from(`${id}\n${k.gen}`));
    const body = Buffer.concat([c.update(text, "utf8"), c.final()]);
    return `${PREFIX}${k.gen}:${Buffer.concat([iv, c.getAuthTag(), body]).toString("base64")}`;
  }

  /**
   * The text `stored` encrypts, or `undefined` if its key is gone (shredded)
   * or it does not decrypt (edited, or moved from another conversation).
   * Text that was never encrypted is returned as it is.
   */
  decrypt(id: string, stored: string): string | undefined {
    if (!stored.startsWith(PREFIX)) return stored;
    const colon = stored.indexOf(":", PREFIX.length);
    const gen = Number(stored.slice(PREFIX.length, colon));
    const key = this.#get.get(id, gen)?.key;
    if (!key) return undefined;
    const raw = Buffer.from(stored.slice(colon + 1), "base64");
    try {
      const d = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(`${id}\n${gen}`));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8");
    } catch {
      return undefined;
    }
  }

  /** The generation a stored text was encrypted under, or 0. */
  static gen(stored: string | null): number {
    return stored?.startsWith(PREFIX) ? Number(stored.slice(PREFIX.length, stored.indexOf(":", PREFIX.length))) : 0;
  }

  close(): void {
    this.#db.close();
  }
}
