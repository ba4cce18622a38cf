// The store contract, run against every implementation: a PostgreSQL or Redis
// store would be added to `stores` and must pass the same tests.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "../../examples/bot-server/memory-store.ts";
import { SqliteStore } from "../../examples/bot-server/sqlite-store.ts";
import { ReceiptChainConflict, RevisionConflict, type ConversationStore } from "../../examples/bot-server/store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "lawflow-store-"));
  dirs.push(dir);
  return join(dir, "bot.db");
}

const stores: [string, () => ConversationStore][] = [
  ["MemoryStore", () => new MemoryStore()],
  ["SqliteStore", () => new SqliteStore(tempDb())],
];

const now = "2026-01-01T00:00:00.000Z";

describe.each(stores)("%s", (_name, make) => {
  it("creates at revision 1 and reads back the snapshot", async () => {
    const store = make();
    expect(await store.get("a")).toBeUndefined();
    expect(await store.put({ id: "a", snapshot: '{"x":1}', expectedRevision: 0, now })).toBe(1);
    expect(await store.get("a")).toEqual({ id: "a", revision: 1, snapshot: '{"x":1}', createdAt: now, updatedAt: now });
    await store.close();
  });

  it("refuses a write based on a stale revision and keeps the winner", async () => {
    const store = make();
    await store.put({ id: "a", snapshot: "1", expectedRevision: 0, now });
    expect(await store.put({ id: "a", snapshot: "2", expectedRevision: 1, now: "2026-01-02T00:00:00.000Z" })).toBe(2);
    await expect(store.put({ id: "a", snapshot: "lost", expectedRevision: 1, now })).rejects.toBeInstanceOf(RevisionConflict);
    await expect(store.put({ id: "a", snapshot: "dup", expectedRevision: 0, now })).rejects.toBeInstanceOf(RevisionConflict);
    const got = await store.get("a");
    expect(got?.snapshot).toBe("2");
    expect(got?.revision).toBe(2);
    expect(got?.createdAt).toBe(now);
    expect(got?.updatedAt).toBe("2026-01-02T00:00:00.000Z");
    await store.close();
  });

  it("appends receipts with the snapshot, atomically", async () => {
    const store = make();
    await store.put({ id: "a", snapshot: "1", expectedRevision: 0, now, receipts: [{ seq: 0, receipt: { decision: "given" } }] });
    // A conflicting put adds no receipts.
    await expect(store.put({ id: "a", snapshot: "x", expectedRevision: 0, now, receipts: [{ seq: 1, receipt: { decision: "withdrawn" } }] })).rejects.toThrow();
    expect(await store.receipts("a")).toEqual([{ seq: 0, receipt: { decision: "given" } }]);
    await store.put({ id: "a", snapshot: "2", expectedRevision: 1, now, receipts: [{ seq: 1, receipt: { decision: "withdrawn" } }] });
    expect((await store.receipts("a")).map((r) => r.seq)).toEqual([0, 1]);
    await store.close();
  });

  it("appendReceipts is idempotent per seq and never changes a stored receipt", async () => {
    const store = make();
    await store.appendReceipts("a", [{ seq: 0, receipt: { n: 0 } }, { seq: 1, receipt: { n: 1 } }]);
    await store.appendReceipts("a", [{ seq: 1, receipt: { n: 1 } }, { seq: 2, receipt: { n: 2 } }]);
    expect((await store.receipts("a")).map((r) => r.receipt)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    await expect(store.appendReceipts("a", [{ seq: 1, receipt: { n: 99 } }])).rejects.toBeInstanceOf(ReceiptChainConflict);
    expect(await store.receipts("a")).toHaveLength(3);
    await store.close();
  });

  it("lists every conversation for the purge job", async () => {
    const store = make();
    for (const id of ["b", "a", "c"]) await store.put({ id, snapshot: id, expectedRevision: 0, now });
    expect(await store.list()).toEqual(["a", "b", "c"]);
    await store.close();
  });
});

describe("SqliteStore on disk", () => {
  it("keeps everything across a close and reopen", async () => {
    const path = tempDb();
    const first = new SqliteStore(path);
    await first.put({ id: "a", snapshot: "1", expectedRevision: 0, now, receipts: [{ seq: 0, receipt: { r: 0 } }] });
    await first.close();
    const second = new SqliteStore(path);
    expect((await second.get("a"))?.revision).toBe(1);
    expect(await second.receipts("a")).toEqual([{ seq: 0, receipt: { r: 0 } }]);
    await second.close();
  });

  it("two handles on one file cannot both win the same revision", async () => {
    const path = tempDb();
    const a = new SqliteStore(path);
    const b = new SqliteStore(path);
    await a.put({ id: "x", snapshot: "0", expectedRevision: 0, now });
    await a.put({ id: "x", snapshot: "from a", expectedRevision: 1, now });
    await expect(b.put({ id: "x", snapshot: "from b", expectedRevision: 1, now })).rejects.toBeInstanceOf(RevisionConflict);
    expect((await b.get("x"))?.snapshot).toBe("from a");
    await a.close();
    await b.close();
  });
});
