// The store contract, run against every implementation: memory, SQLite and
// PostgreSQL (the last on the cluster scripts/setup-postgres.sh starts).
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "../../examples/bot-server/memory-store.ts";
import { SqliteStore } from "../../examples/bot-server/sqlite-store.ts";
import { PostgresStore } from "../../examples/bot-server/postgres-store.ts";
import {
  ReceiptChainConflict,
  RevisionConflict,
  SchemaOutdated,
  type ConversationStore,
  type PutRequest,
  type StoredConversation,
} from "../../examples/bot-server/store.ts";
import { KeyVault } from "../../examples/bot-server/vault.ts";
import { freshPostgres, postgresUrl } from "./postgres.ts";
import pgModule from "pg";

const pgClient = pgModule.Client;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "lawflow-store-"));
  dirs.push(dir);
  return join(dir, "bot.db");
}

const pg = postgresUrl();
const stores: [string, () => Promise<ConversationStore>][] = [
  ["MemoryStore", async () => new MemoryStore()],
  ["SqliteStore", async () => new SqliteStore(tempDb())],
];
if (pg) stores.push(["PostgresStore", async () => PostgresStore.open(await freshPostgres(pg))]);
// The same contract with answers encrypted under a key vault (the vault file lives as long as the test's directory).
if (pg) stores.push(["PostgresStore with a key vault", async () => PostgresStore.open(await freshPostgres(pg), { vault: new KeyVault(tempDb()) })]);

const now = "2026-01-01T00:00:00.000Z";
const receipt = (seq: number, receipt: unknown) => ({ seq, receipt, keyId: "k1", mac: `mac${seq}` });
/** A put with everything but what a test is about filled in. */
const put = (id: string, snapshot: string, expectedRevision: number, more: Partial<PutRequest> = {}): PutRequest => ({
  id,
  snapshot,
  expectedRevision,
  machine: "Flow@1.0.0#0",
  tokenHash: `token-of-${id}`,
  keyId: "k1",
  seal: `seal-of-${snapshot}`,
  purgeAt: null,
  now,
  ...more,
});

describe.each(stores)("%s", (_name, make) => {
  let store: ConversationStore;
  afterEach(async () => {
    await store.close();
  });

  it("creates at revision 1 and reads back every column", async () => {
    store = await make();
    expect(await store.get("a")).toBeUndefined();
    expect(await store.put(put("a", '{"x":1}', 0, { purgeAt: 1_800_000_000_000 }))).toBe(1);
    expect(await store.get("a")).toEqual<StoredConversation>({
      id: "a",
      revision: 1,
      snapshot: '{"x":1}',
      machine: "Flow@1.0.0#0",
      tokenHash: "token-of-a",
      keyId: "k1",
      seal: 'seal-of-{"x":1}',
      purgeAt: 1_800_000_000_000,
      quarantine: null,
      receiptCount: 0,
      createdAt: now,
      updatedAt: now,
    });
  });

  it("reads each row with the count of its receipts, a high-water mark kept outside the row", async () => {
    store = await make();
    await store.put(put("a", "s1", 0, { receipts: [receipt(0, { n: 0 })], purgeAt: 1 }));
    await store.put(put("a", "s2", 1, { receipts: [receipt(1, { n: 1 }), receipt(2, { n: 2 })], purgeAt: 1 }));
    await store.put(put("b", "s1", 0));
    expect((await store.get("a"))!.receiptCount).toBe(3);
    expect((await store.get("b"))!.receiptCount).toBe(0);
    const seen: number[] = [];
    await store.purgeDue(10, 10, (c) => (seen.push(c.receiptCount), { kind: "reschedule", purgeAt: null }), now);
    expect(seen).toEqual([3]);
  });

  it("refuses a write based on a stale revision and keeps the winner", async () => {
    store = await make();
    await store.put(put("a", "1", 0));
    expect(await store.put(put("a", "2", 1, { now: "2026-01-02T00:00:00.000Z", keyId: "k2" }))).toBe(2);
    await expect(store.put(put("a", "lost", 1))).rejects.toBeInstanceOf(RevisionConflict);
    await expect(store.put(put("a", "dup", 0))).rejects.toBeInstanceOf(RevisionConflict);
    const got = await store.get("a");
    expect(got).toMatchObject({ snapshot: "2", revision: 2, keyId: "k2", tokenHash: "token-of-a", createdAt: now, updatedAt: "2026-01-02T00:00:00.000Z" });
  });

  it("appends receipts with the snapshot, atomically, and never changes one", async () => {
    store = await make();
    await store.put(put("a", "1", 0, { receipts: [receipt(0, { decision: "given" })] }));
    // A conflicting put adds no receipts.
    await expect(store.put(put("a", "x", 0, { receipts: [receipt(1, { decision: "withdrawn" })] }))).rejects.toThrow();
    expect(await store.receipts("a")).toEqual([receipt(0, { decision: "given" })]);
    await store.put(put("a", "2", 1, { receipts: [receipt(0, { decision: "given" }), receipt(1, { decision: "withdrawn" })] }));
    expect((await store.receipts("a")).map((r) => r.seq)).toEqual([0, 1]);
    // A changed receipt is refused, and the write with it.
    await expect(store.put(put("a", "3", 2, { receipts: [receipt(1, { decision: "given" })] }))).rejects.toBeInstanceOf(ReceiptChainConflict);
    expect((await store.get("a"))?.snapshot).toBe("2");
    expect(await store.receipts("a")).toHaveLength(2);
  });

  it("keeps a response per idempotency key with the write, and drops them all on request", async () => {
    store = await make();
    const response = { key: "k-1", fingerprint: "f", status: 200, body: '{"ok":true}', createdAt: now };
    await store.put(put("a", "1", 0));
    await store.put(put("a", "2", 1, { response }));
    expect(await store.response("a", "k-1")).toEqual(response);
    expect(await store.response("a", "other")).toBeUndefined();
    expect(await store.response("b", "k-1")).toBeUndefined();
    // A lost race keeps no response.
    await expect(store.put(put("a", "x", 1, { response: { ...response, key: "k-2" } }))).rejects.toBeInstanceOf(RevisionConflict);
    expect(await store.response("a", "k-2")).toBeUndefined();
    await store.put(put("a", "3", 2, { dropResponses: true, response: { ...response, key: "k-3" } }));
    expect(await store.response("a", "k-1")).toBeUndefined();
    expect(await store.response("a", "k-3")).toBeDefined();
    expect(await store.expireResponses("2026-01-01T00:00:00.001Z")).toBe(1);
    expect(await store.response("a", "k-3")).toBeUndefined();
  });

  it("lists ids in pages", async () => {
    store = await make();
    for (const id of ["b", "a", "c", "B"]) await store.put(put(id, id, 0));
    expect(await store.list("", 10)).toEqual(["B", "a", "b", "c"]);
    expect(await store.list("", 2)).toEqual(["B", "a"]);
    expect(await store.list("a", 2)).toEqual(["b", "c"]);
  });

  it("quarantines, reports, and erases a whole conversation, keeping its receipts", async () => {
    store = await make();
    await store.put(
      put("a", "secret", 0, {
        receipts: [receipt(0, { decision: "given" })],
        purgeAt: 5,
        response: { key: "k", fingerprint: "f", status: 200, body: "secret", createdAt: now },
      }),
    );
    await store.put(put("b", "fine", 0));
    await store.quarantine("a", "seal_mismatch", now);
    await store.quarantine("a", "again", "2026-02-01T00:00:00.000Z");
    expect(await store.quarantined()).toEqual([{ id: "a", reason: "seal_mismatch", since: now }]);
    expect(await store.counts()).toEqual({ conversations: 2, quarantined: 1 });
    // A quarantined conversation is never claimed by the purge job.
    expect((await store.purgeDue(10, 10, () => ({ kind: "reschedule", purgeAt: null }), now)).claimed).toBe(0);
    // The erasure's own receipt is added with it, once: a second erasure finds nothing to erase and adds nothing.
    await store.eraseWhole("a", now, [receipt(1, { decision: "erased" })]);
    await store.eraseWhole("a", now, [receipt(1, { decision: "erased", again: true })]);
    expect(await store.get("a")).toMatchObject({ snapshot: null, revision: 2, purgeAt: null, quarantine: "seal_mismatch", receiptCount: 2 });
    expect(await store.response("a", "k")).toBeUndefined();
    expect(await store.receipts("a")).toEqual([receipt(0, { decision: "given" }), receipt(1, { decision: "erased" })]);
  });

  it("purges due conversations in batches, in purge-time order", async () => {
    store = await make();
    for (let i = 0; i < 5; i++) await store.put(put(`c${i}`, `s${i}`, 0, { purgeAt: 100 - i, receipts: [receipt(0, { n: i })] }));
    await store.put(put("later", "s", 0, { purgeAt: 1000 }));
    await store.put(put("never", "s", 0, { purgeAt: null }));
    const seen: string[] = [];
    const batch = await store.purgeDue(
      500,
      3,
      (c) => {
        seen.push(c.id);
        if (c.id === "c4") return { kind: "quarantine", reason: "snapshot_tampered" };
        if (c.id === "c3") return { kind: "reschedule", purgeAt: 2000 };
        return {
          kind: "write",
          snapshot: "purged",
          keyId: "k2",
          seal: "s2",
          purgeAt: null,
          receipts: [receipt(1, { erased: true })],
          erased: ["email", "company"],
        };
      },
      now,
    );
    expect(seen).toEqual(["c4", "c3", "c2"]);
    expect(batch).toEqual({ claimed: 3, purged: 1, deleted: 0, fields: { email: 1, company: 1 }, quarantined: ["c4"] });
    expect(await store.get("c2")).toMatchObject({ snapshot: "purged", revision: 2, keyId: "k2", seal: "s2", purgeAt: null });
    expect((await store.receipts("c2")).map((r) => r.seq)).toEqual([0, 1]);
    expect(await store.get("c3")).toMatchObject({ snapshot: "s3", revision: 1, purgeAt: 2000 });
    const rest = await store.purgeDue(500, 3, () => ({ kind: "reschedule", purgeAt: null }), now);
    expect(rest.claimed).toBe(2);
    expect((await store.purgeDue(500, 3, () => ({ kind: "reschedule", purgeAt: null }), now)).claimed).toBe(0);
  });

  it("deletes a conversation the purge job finds abandoned, with its kept responses", async () => {
    store = await make();
    await store.put(put("left", "empty", 0, { purgeAt: 5, response: { key: "k", fingerprint: "f", status: 201, body: "{}", createdAt: now } }));
    await store.put(put("kept", "s", 0, { purgeAt: 5 }));
    const batch = await store.purgeDue(10, 10, (c) => (c.id === "left" ? { kind: "delete" } : { kind: "reschedule", purgeAt: null }), now);
    expect(batch).toMatchObject({ claimed: 2, deleted: 1, purged: 0 });
    expect(await store.get("left")).toBeUndefined();
    expect(await store.response("left", "k")).toBeUndefined();
    expect(await store.get("kept")).toBeDefined();
    expect(await store.counts()).toEqual({ conversations: 1, quarantined: 0 });
  });

  it("records machine versions once", async () => {
    store = await make();
    await store.putMachine("F@2#b", "{2}");
    await store.putMachine("F@1#a", "{1}");
    await store.putMachine("F@1#a", "{changed}");
    expect(await store.machines()).toEqual([
      { key: "F@1#a", definition: "{1}" },
      { key: "F@2#b", definition: "{2}" },
    ]);
  });
});

describe("SqliteStore on disk", () => {
  it("keeps everything across a close and reopen", async () => {
    const path = tempDb();
    const first = new SqliteStore(path);
    await first.put(put("a", "1", 0, { receipts: [receipt(0, { r: 0 })] }));
    await first.close();
    const second = new SqliteStore(path);
    expect((await second.get("a"))?.revision).toBe(1);
    expect(await second.receipts("a")).toEqual([receipt(0, { r: 0 })]);
    await second.close();
  });

  it("two handles on one file cannot both win the same revision", async () => {
    const path = tempDb();
    const a = new SqliteStore(path);
    const b = new SqliteStore(path);
    await a.put(put("x", "0", 0));
    await a.put(put("x", "from a", 1));
    await expect(b.put(put("x", "from b", 1))).rejects.toBeInstanceOf(RevisionConflict);
    expect((await b.get("x"))?.snapshot).toBe("from a");
    await a.close();
    await b.close();
  });
});

describe.skipIf(!pg)("PostgresStore across processes", () => {
  const opened: ConversationStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it("refuses to start on a database that was not migrated, saying what to run", async () => {
    const url = await freshPostgres(pg!, { migrate: false });
    const error = await PostgresStore.open(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaOutdated);
    expect((error as Error).message).toMatch(/run `node examples\/bot-server\/dist\/server.mjs migrate`/);
    expect(await PostgresStore.migrate(url)).toEqual({ from: 0, to: 1 });
    expect(await PostgresStore.migrate(url)).toEqual({ from: 1, to: 1 });
  });

  it("a purge skips the rows another process holds instead of waiting for them (SKIP LOCKED)", async () => {
    const url = await freshPostgres(pg!);
    const store = await PostgresStore.open(url);
    opened.push(store);
    for (let i = 0; i < 20; i++) await store.put(put(`c${String(i).padStart(2, "0")}`, "s", 0, { purgeAt: i }));
    // Another process in the middle of its own batch: it holds the ten most due rows.
    const other = new pgClient({ connectionString: url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT id FROM conversations ORDER BY purge_at LIMIT 10 FOR UPDATE");
      const claimed: string[] = [];
      const batch = await store.purgeDue(100, 10, (c) => (claimed.push(c.id), { kind: "reschedule", purgeAt: null }), now);
      expect(batch.claimed).toBe(10);
      expect(claimed).toEqual(Array.from({ length: 10 }, (_, i) => `c${10 + i}`));
      await other.query("ROLLBACK");
    } finally {
      await other.end();
    }
  });
});
