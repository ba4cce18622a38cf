// Rights outlive flow versions and integrity failures: a conversation
// started on an old version keeps every right on it; a row that fails its
// check is quarantined, reported, and still erasable; seal keys rotate.
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../../examples/bot-server/sqlite-store.ts";
import { rowParts, SealKeys } from "../../examples/bot-server/seal.ts";
import { verifyReceipts as verifyLedger } from "../../runtime/records.ts";
import { call, KEYS, leadVariant, OPERATOR, Person, startBot } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "lawflow-integrity-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `bot-${n++}.db`);

/** Version 2 keeps the quote's data three times as long: its conversations cannot move there without asking again. */
const v2 = leadVariant((s) =>
  s
    .replace('version "1.0.0"', 'version "2.0.0"')
    .replace("Hi! I can put a quote together for you.", "Hello again! Let's put your quote together.")
    .replace("retain 90 days", "retain 270 days"),
);
/**
 * Version 3 asks nothing new: other words, and the quote kept 60 days
 * instead of 90. But its birth-year question is another step.
 */
const v3 = leadVariant((s) =>
  s
    .replace('version "1.0.0"', 'version "3.0.0"')
    .replace("retain 90 days", "retain 60 days")
    .replace("Your quote is on its way.", "Your quote is on its way, within 60 days.")
    .replace("ask birth_year ", "ask year: birth_year "),
);
const fields = async (p: Person) => Object.fromEntries((await p.get("data")).json.data.map((v: any) => [v.field, v.value]));

describe("a new flow version", () => {
  it("that asks nothing new without consent takes over the conversations whose step it still has; the others stay on theirs", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const clock = () => new Date(now);
    const store = new SqliteStore(freshPath());
    const v1bot = await startBot({ store, clock });
    const atEmail = await Person.start(v1bot.base);
    for (const t of ["Acme", "pro", "1990", "yes"]) await atEmail.say(t);
    const atBirthYear = await Person.start(v1bot.base);
    for (const t of ["Beta", "basic"]) await atBirthYear.say(t);
    const v1key = v1bot.bot.machineKey;
    await v1bot.bot.close();

    const lines: string[] = [];
    const v3bot = await startBot({ store, clock, machine: v3, log: (l) => lines.push(l) });
    try {
      expect(lines).toContain(`machines: conversations on ${v1key} move to ${v3bot.bot.machineKey}`);
      expect((await call(v3bot.base, "GET", "/versions", { token: OPERATOR })).json.versions).toEqual([
        { key: v3bot.bot.machineKey, current: true },
        { key: v1key, current: false, moves: true },
      ]);
      now += 24 * 3600 * 1000;
      // Read, it stays as stored; its next write moves it.
      const moving = new Person(v3bot.base, atEmail.id, atEmail.token);
      moving.step = atEmail.step;
      expect((await moving.get("data")).json.version).toBe("1.0.0");
      expect((await moving.say("ann@acme.example")).json.prompt.text).toBe("Thanks, Acme! Your quote is on its way, within 60 days.");
      expect((await store.get(atEmail.id))!.machine).toBe(v3bot.bot.machineKey);
      const data = (await moving.get("data")).json;
      expect(data.version).toBe("3.0.0");
      // Its data now follows version 3's shorter retention.
      expect(data.data.find((v: any) => v.field === "company").purposes[0].expiresAt).toBe("2026-03-02T00:00:00.000Z");
      expect((await moving.post("withdraw", { purpose: "newsletter" })).status).toBe(200);
      const receipts = await moving.get("receipts");
      expect(receipts.json.verified).toBe(true);
      // The consent given on version 1 keeps its version and its hash; what came after is version 3's.
      expect(receipts.json.receipts.map((r: any) => [r.version, r.decision])).toEqual([
        ["1.0.0", "given"],
        ["3.0.0", "withdrawn"],
      ]);

      // At a step version 3 no longer has: it stays on version 1, and keeps going there.
      const staying = new Person(v3bot.base, atBirthYear.id, atBirthYear.token);
      staying.step = atBirthYear.step;
      expect(staying.step).toBe("birth_year");
      expect((await staying.say("1985")).status).toBe(200);
      expect((await store.get(atBirthYear.id))!.machine).toBe(v1key);
      const metrics = (await call(v3bot.base, "GET", "/metrics", { token: OPERATOR })).json;
      expect(metrics).toMatch(/^lawflow_bot_moved_total 1$/m);
      expect(metrics).toMatch(/^lawflow_bot_move_refused_total\{reason="step_removed"\} 1$/m);
    } finally {
      await v3bot.bot.close();
      await store.close();
    }
  });

  it("that keeps data longer leaves every conversation started on the old one there, with every right, and says why", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const clock = () => new Date(now);
    const path = freshPath();
    const store = new SqliteStore(path);
    const v1bot = await startBot({ store, clock });
    const old = await Person.start(v1bot.base);
    for (const t of ["Acme", "pro", "1990", "yes"]) await old.say(t);
    const expiring = await Person.start(v1bot.base);
    await expiring.say("Expiring Ltd");
    await v1bot.bot.close();

    const lines: string[] = [];
    const v2bot = await startBot({ store, clock, machine: v2, log: (l) => lines.push(l) });
    try {
      expect(lines.find((l) => l.includes("stay on it"))).toMatch(/^machines: conversations on LeadCapture@1\.0\.0#\w+ stay on it \(retention_longer: purpose quote: data is kept longer\)$/);
      const versions = (await call(v2bot.base, "GET", "/versions", { token: OPERATOR })).json.versions;
      expect(versions[1]).toMatchObject({ current: false, moves: false, reason: "retention_longer" });
      const fresh = await Person.start(v2bot.base);
      expect((await store.get(fresh.id))!.machine).toMatch(/^LeadCapture@2\.0\.0#/);
      expect((await store.machines()).map((m) => m.key.split("#")[0])).toEqual(["LeadCapture@1.0.0", "LeadCapture@2.0.0"]);
      const onV2 = new Person(v2bot.base, old.id, old.token);
      onV2.step = old.step;
      // Its own version: it ends with version 1's text.
      expect((await onV2.say("ann@acme.example")).json.prompt.text).toBe("Thanks, Acme! Your quote is on its way.");
      expect((await onV2.get("data")).json.version).toBe("1.0.0");
      expect((await onV2.post("rectify", { field: "company", value: "Acme Corp" })).status).toBe(200);
      expect(await fields(onV2)).toMatchObject({ company: "Acme Corp" });
      expect((await onV2.post("object", { purpose: "audience" })).json.erased).toEqual(["birth_year"]);
      expect((await onV2.post("withdraw", { purpose: "newsletter" })).json.erased).toEqual([]);
      const receipts = await onV2.get("receipts");
      expect(receipts.json.verified).toBe(true);
      expect(receipts.json.receipts.map((r: any) => [r.version, r.decision])).toEqual([
        ["1.0.0", "given"],
        ["1.0.0", "objected"],
        ["1.0.0", "withdrawn"],
      ]);
      // Purged on schedule by a server that starts new conversations on version 2.
      now += 91 * 24 * 3600 * 1000;
      const purge = await call(v2bot.base, "POST", "/purge", { token: OPERATOR });
      expect(purge.json).toMatchObject({ quarantined: [] });
      expect(purge.json.purged).toBeGreaterThanOrEqual(2);
      expect(await fields(new Person(v2bot.base, expiring.id, expiring.token))).toEqual({});
      expect((await onV2.erase()).json.alreadyErased).toBe(false);
      expect((await store.get(old.id))!.machine).toMatch(/^LeadCapture@1\.0\.0#/);
      expect((await call(v2bot.base, "GET", "/metrics", { token: OPERATOR })).json).toMatch(/^lawflow_bot_move_refused_total\{reason="retention_longer"\} [1-9]/m);
    } finally {
      await v2bot.bot.close();
      await store.close();
    }
  });
});

describe("a row that fails its integrity check", () => {
  /** Opens the database file as an attacker with write access would. */
  const tamper = (path: string, sql: string, ...params: unknown[]) => {
    const db = new Database(path);
    db.prepare(sql).run(...params);
    db.close();
  };

  it("is quarantined, reported to the operator, skipped by the purge job, and still erasable down to the bytes", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store });
    try {
      const victim = await Person.start(base);
      await victim.say("Tamperco");
      const donor = await Person.start(base);
      await donor.say("Donorco");
      // Edited in place, with the runtime's SHA-256 recomputed would not help: the server's seal covers the row.
      tamper(path, "UPDATE conversations SET snapshot = replace(snapshot, 'Tamperco', 'Tamperc0') WHERE id = ?", victim.id);
      expect(await victim.get("data")).toMatchObject({ status: 409, json: { error: { code: "conversation_quarantined" } } });
      expect(await victim.say("pro")).toMatchObject({ status: 409, json: { error: { code: "conversation_quarantined" } } });
      // A valid snapshot moved from another row is refused too: the seal names the conversation.
      const swapped = await Person.start(base);
      tamper(
        path,
        "UPDATE conversations SET snapshot = (SELECT snapshot FROM conversations WHERE id = ?), seal = (SELECT seal FROM conversations WHERE id = ?) WHERE id = ?",
        donor.id,
        donor.id,
        swapped.id,
      );
      expect((await swapped.get("data")).json.error.code).toBe("conversation_quarantined");

      const report = await call(base, "GET", "/quarantine", { token: OPERATOR });
      expect(report.json.conversations.map((c: any) => [c.id, c.reason])).toEqual([
        [victim.id, "seal_mismatch"],
        [swapped.id, "seal_mismatch"],
      ]);
      const metrics = await call(base, "GET", "/metrics", { token: OPERATOR });
      expect(metrics.json).toMatch(/^lawflow_bot_quarantined 2$/m);

      const erased = await victim.erase();
      expect(erased.json).toMatchObject({ erased: "all", quarantined: true });
      expect(readFileSync(path).includes("Tamperc0")).toBe(false);
      expect((await victim.get("data")).json).toEqual({ id: victim.id, erased: true, data: [] });
      expect((await victim.erase()).json).toMatchObject({ alreadyErased: true });
      expect((await donor.get("data")).status).toBe(200);
    } finally {
      await bot.close();
      await store.close();
    }
  });

  it("an older copy of the row put back (from a backup) is caught by the receipts' high-water mark, and cannot undo an erasure", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store });
    try {
      const p = await Person.start(base);
      for (const t of ["Backupco", "pro", "skip", "yes"]) await p.say(t);
      const db = new Database(path);
      const copy = db.prepare("SELECT snapshot, seal, key_id, revision, purge_at FROM conversations WHERE id = ?").get(p.id) as Record<string, unknown>;
      db.close();
      expect((await p.erase()).json.alreadyErased).toBe(false);
      // The row as it was before the erasure, seal and all: every check of the row itself passes.
      tamper(path, "UPDATE conversations SET snapshot = ?, seal = ?, key_id = ?, revision = ?, purge_at = ? WHERE id = ?", copy.snapshot, copy.seal, copy.key_id, copy.revision, copy.purge_at, p.id);
      expect(await p.get("data")).toMatchObject({ status: 409, json: { error: { code: "conversation_quarantined" } } });
      expect((await call(base, "GET", "/quarantine", { token: OPERATOR })).json.conversations.map((c: any) => [c.id, c.reason])).toEqual([[p.id, "rolled_back"]]);
      // Still erasable, whole, down to the bytes; the erased receipt stays, and this erasure of the copy is recorded too.
      expect((await p.erase()).json).toMatchObject({ erased: "all", quarantined: true });
      expect(readFileSync(path).includes("Backupco")).toBe(false);
      expect((await p.get("receipts")).json).toMatchObject({ verified: true });
      expect((await p.get("receipts")).json.receipts.map((r: any) => r.decision)).toEqual(["given", "erased", "erased"]);
    } finally {
      await bot.close();
      await store.close();
    }
  });

  it("erased whole, it cannot be brought back by putting an older copy of the row back", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store });
    try {
      const p = await Person.start(base);
      for (const t of ["Wholeco", "pro", "skip", "yes"]) await p.say(t);
      const db = new Database(path);
      const copy = db.prepare("SELECT snapshot, seal, key_id, revision, purge_at FROM conversations WHERE id = ?").get(p.id) as Record<string, unknown>;
      db.close();
      // Edited, so quarantined; then erased whole at the person's request.
      tamper(path, "UPDATE conversations SET snapshot = replace(snapshot, 'Wholeco', 'Wh0leco') WHERE id = ?", p.id);
      expect((await p.get("data")).json.error.code).toBe("conversation_quarantined");
      expect((await p.erase()).json).toMatchObject({ erased: "all", quarantined: true });
      // The erasure is in the append-only receipts, chained and sealed like every other, and a receipt as the runtime makes one.
      const receipts = await p.get("receipts");
      expect(receipts.json).toMatchObject({ verified: true });
      expect(receipts.json.receipts.map((r: any) => r.decision)).toEqual(["given", "erased"]);
      expect(verifyLedger(receipts.json.receipts)).toBe(true);
      expect(Object.keys(receipts.json.receipts[1])).toEqual(["at", "decision", "flow", "hash", "method", "notice", "prev", "seq", "version"]);
      // The row as it was before the edit, seal and all, and not quarantined: the receipts' high-water mark catches it.
      tamper(
        path,
        "UPDATE conversations SET snapshot = ?, seal = ?, key_id = ?, revision = ?, purge_at = ?, quarantine = NULL, quarantined_at = NULL WHERE id = ?",
        copy.snapshot,
        copy.seal,
        copy.key_id,
        copy.revision,
        copy.purge_at,
        p.id,
      );
      expect(await p.get("data")).toMatchObject({ status: 409, json: { error: { code: "conversation_quarantined" } } });
      expect((await call(base, "GET", "/quarantine", { token: OPERATOR })).json.conversations.map((c: any) => [c.id, c.reason])).toEqual([[p.id, "rolled_back"]]);
      expect((await p.erase()).json).toMatchObject({ erased: "all", quarantined: true });
      expect(readFileSync(path).includes("Wholeco")).toBe(false);
    } finally {
      await bot.close();
      await store.close();
    }
  });

  it("with a receipt deleted from the append-only table behind the database's back, it is still erasable, and the erasure recorded", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store });
    try {
      const p = await Person.start(base);
      for (const t of ["Gapco", "pro", "skip", "yes"]) await p.say(t);
      expect((await p.say("stop")).json.result.command).toBe("withdraw");
      const db = new Database(path);
      db.exec("DROP TRIGGER receipts_no_delete");
      db.prepare("DELETE FROM receipts WHERE conversation_id = ? AND seq = 0").run(p.id);
      db.close();
      expect((await p.get("receipts")).json.error.code).toBe("receipts_tampered");
      // The erasure's receipt goes after the last one stored, not at a place the gap left.
      expect((await p.erase()).json).toMatchObject({ erased: "all", quarantined: true });
      expect((await store.receipts(p.id)).map((r) => [r.seq, (r.receipt as { decision: string }).decision])).toEqual([
        [1, "withdrawn"],
        [2, "erased"],
      ]);
      expect(readFileSync(path).includes("Gapco")).toBe(false);
    } finally {
      await bot.close();
      await store.close();
    }
  });

  it("is found by the purge job and quarantined there, without failing the run", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const path = freshPath();
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store, clock: () => new Date(now) });
    try {
      const a = await Person.start(base);
      await a.say("Alpha");
      const b = await Person.start(base);
      await b.say("Beta");
      tamper(path, "UPDATE conversations SET snapshot = replace(snapshot, 'Beta', 'Bet4') WHERE id = ?", b.id);
      now += 91 * 24 * 3600 * 1000;
      const purge = await call(base, "POST", "/purge", { token: OPERATOR });
      expect(purge.json).toMatchObject({ purged: 1, quarantined: [b.id] });
      expect(await fields(a)).toEqual({});
    } finally {
      await bot.close();
      await store.close();
    }
  });

  it("an edited receipt is caught when served, even with its SHA-256 recomputed", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store });
    try {
      const p = await Person.start(base);
      for (const t of ["Acme", "pro", "skip", "yes"]) await p.say(t);
      expect((await p.get("receipts")).json.verified).toBe(true);
      const stored = (await store.receipts(p.id))[0]!.receipt as Record<string, unknown>;
      const { hash: _hash, ...rest } = { ...stored, decision: "refused" } as Record<string, unknown>;
      const canonical = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([x], [y]) => (x < y ? -1 : 1))));
      const forged = { ...rest, hash: createHash("sha256").update(canonical).digest("hex") };
      const db = new Database(path);
      db.exec("DROP TRIGGER receipts_no_update");
      db.prepare("UPDATE receipts SET receipt = ? WHERE conversation_id = ? AND seq = 0").run(JSON.stringify(forged), p.id);
      db.close();
      expect(await p.get("receipts")).toMatchObject({ status: 409, json: { error: { code: "receipts_tampered" } } });
      expect((await call(base, "GET", "/quarantine", { token: OPERATOR })).json.conversations.map((c: any) => c.reason)).toEqual(["receipts_tampered"]);
    } finally {
      await bot.close();
      await store.close();
    }
  });

  it("a receipt text changed under a valid row seal is not read by an answer, and is caught when the person's data or erasure reads it", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store });
    /** The row's restored receipts back-dated, and the row resealed with the server's own key: only a key holder could. */
    const backdate = (id: string) => {
      const db = new Database(path);
      const row = db.prepare("SELECT snapshot, machine, token_hash FROM conversations WHERE id = ?").get(id) as Record<string, string>;
      const snapshot = row.snapshot!.replace(/"at":(\d+)/, (_, at) => `"at":${Number(at) - 1000}`);
      expect(snapshot).not.toBe(row.snapshot);
      const { keyId, mac } = KEYS.seal(rowParts(id, row.machine!, row.token_hash!, snapshot));
      db.prepare("UPDATE conversations SET snapshot = ?, key_id = ?, seal = ? WHERE id = ?").run(snapshot, keyId, mac, id);
      db.close();
    };
    try {
      const p = await Person.start(base);
      const q = await Person.start(base);
      for (const x of [p, q]) for (const t of ["Backdatedco", "pro", "skip", "yes"]) await x.say(t);
      backdate(p.id);
      backdate(q.id);
      // An answer reads no restored receipt: it is taken, and its new receipt stored, chained from the sealed head.
      expect(await p.say("stop")).toMatchObject({ status: 200, json: { result: { ok: true, command: "withdraw" } } });
      const served = await p.get("receipts");
      expect(served.json).toMatchObject({ verified: true });
      expect(served.json.receipts.map((r: any) => r.decision)).toEqual(["given", "withdrawn"]);
      // The person's data reads them all: the broken chain quarantines the row.
      expect(await p.get("data")).toMatchObject({ status: 409, json: { error: { code: "conversation_quarantined" } } });
      // Erasure's own answer reads them too: the row is quarantined and erased whole.
      expect((await q.erase()).json).toMatchObject({ erased: "all", quarantined: true });
      expect((await call(base, "GET", "/quarantine", { token: OPERATOR })).json.conversations.map((c: any) => [c.id, c.reason])).toEqual(
        expect.arrayContaining([
          [p.id, "snapshot_tampered"],
          [q.id, "snapshot_tampered"],
        ]),
      );
      expect((await p.erase()).json).toMatchObject({ erased: "all", quarantined: true });
      expect(readFileSync(path).includes("Backdatedco")).toBe(false);
    } finally {
      await bot.close();
      await store.close();
    }
  });

  it("a stored machine version edited in the database is not loaded; its conversations are quarantined", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    let running = await startBot({ store });
    const p = await Person.start(running.base);
    await p.say("Acme");
    await running.bot.close();
    // Someone lengthens the quote's retention from 90 days to 9,000 in the stored definition.
    tamper(path, `UPDATE machines SET definition = replace(definition, '"amount":90,', '"amount":9000,')`);
    running = await startBot({ store, machine: v2 });
    try {
      const again = new Person(running.base, p.id, p.token);
      expect((await again.get("data")).json.error.code).toBe("conversation_quarantined");
      expect((await call(running.base, "GET", "/quarantine", { token: OPERATOR })).json.conversations[0].reason).toBe("machine_unknown");
      expect((await again.erase()).json.erased).toBe("all");
    } finally {
      await running.bot.close();
      await store.close();
    }
  });
});

describe("seal keys", () => {
  it("rotate: old keys still open, writes move to the current key, a retired key's rows are quarantined", async () => {
    const path = freshPath();
    const store = new SqliteStore(path);
    const k2 = { id: "k2", secret: "abcdefghijklmnopqrstuvwxyz0123456789" };
    let running = await startBot({ store });
    const moved = await Person.start(running.base);
    const left = await Person.start(running.base);
    await running.bot.close();

    running = await startBot({ store, keys: new SealKeys([k2, KEYS.current]) });
    const movedNow = new Person(running.base, moved.id, moved.token);
    movedNow.step = moved.step;
    expect((await movedNow.say("Acme")).status).toBe(200);
    expect((await store.get(moved.id))!.keyId).toBe("k2");
    expect((await store.get(left.id))!.keyId).toBe("k1");
    expect((await movedNow.get("receipts")).json.verified).toBe(true);
    await running.bot.close();

    running = await startBot({ store, keys: new SealKeys([k2]) });
    try {
      expect((await new Person(running.base, moved.id, moved.token).get("data")).status).toBe(200);
      expect((await new Person(running.base, left.id, left.token).get("data")).json.error.code).toBe("conversation_quarantined");
      expect((await call(running.base, "GET", "/quarantine", { token: OPERATOR })).json.conversations[0].reason).toBe("seal_key_unknown");
    } finally {
      await running.bot.close();
      await store.close();
    }
  });
});
