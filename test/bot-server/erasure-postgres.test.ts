// Erasure on PostgreSQL by crypto-shredding: PostgreSQL keeps old row
// versions in its tables and WAL, so what people answered is written there
// only encrypted, under keys kept in a SQLite vault beside the server. After
// erasure (by request, "forget me", rectification, the purge job) no erased
// value is in any file of the PostgreSQL cluster (tables, pg_wal) or of the
// vault, and neither is any key that decrypts a copy PostgreSQL still holds.
// Checked on the files' bytes.
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pgClient from "pg";
import { PostgresStore } from "../../examples/bot-server/postgres-store.ts";
import { KeyVault } from "../../examples/bot-server/vault.ts";
import { freshPostgres, postgresUrl } from "./postgres.ts";
import { call, OPERATOR, Person, startBot } from "./harness.ts";

const pg = postgresUrl();
/** The cluster scripts/setup-postgres.sh runs: its files are readable when the tests run as its owner or as root. */
const dataDir = join(process.env.LAWFLOW_PG_DIR ?? "/tmp/lawflow-postgres", "data");
const readable = (() => {
  try {
    accessSync(join(dataDir, "pg_wal"), constants.R_OK);
    return true;
  } catch {
    return false;
  }
})();
if (pg && !readable) console.warn(`PostgreSQL erasure test skipped: the cluster's files (${dataDir}) are not readable here`);

const dir = mkdtempSync(join(tmpdir(), "lawflow-pg-erasure-"));
const vaultPath = join(dir, "keys.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every regular file under `root`, concatenated. */
function bytesUnder(root: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const f = join(d, name);
      let st;
      try {
        st = statSync(f);
      } catch {
        continue; // removed while walking (a recycled WAL segment)
      }
      if (st.isDirectory()) walk(f);
      else if (st.isFile()) {
        try {
          parts.push(readFileSync(f));
        } catch {
          // removed between stat and read
        }
      }
    }
  };
  walk(root);
  return Buffer.concat(parts);
}
const vaultBytes = () =>
  Buffer.concat(
    ["", "-wal", "-shm", "-journal"]
      .map((s) => vaultPath + s)
      .filter(existsSync)
      .map((f) => readFileSync(f)),
  );
/** The keys the vault holds for a conversation, read as an attacker with the file would. */
function keysOf(id: string): Buffer[] {
  const db = new Database(vaultPath, { readonly: true });
  try {
    return (db.prepare("SELECT key FROM data_keys WHERE conversation = ?").all(id) as { key: Buffer }[]).map((r) => r.key);
  } finally {
    db.close();
  }
}

describe.skipIf(!pg || !readable)("erasure on PostgreSQL, by crypto-shredding", () => {
  it("leaves no erased value, and no key to a copy PostgreSQL keeps, in any file of the cluster or the vault", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const vault = new KeyVault(vaultPath);
    const store = await PostgresStore.open(await freshPostgres(pg!), { vault });
    const { base, bot } = await startBot({ store, clock: () => new Date(now) });
    // Reading the cluster's files blocks for seconds: an idle connection must not time out and be closed under the next request.
    bot.server.keepAliveTimeout = 120_000;
    const tag = Math.random().toString(36).slice(2, 8);
    const fates = ["kept", "deleted", "forgotten", "expired", "rectified"] as const;
    const people: { person: Person; company: string; email: string; fate: (typeof fates)[number]; keys: Buffer[] }[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const fate = fates[i % fates.length]!;
        now = Date.parse(fate === "expired" ? "2026-01-01T00:00:00Z" : "2026-03-01T00:00:00Z");
        const person = await Person.start(base);
        const company = `Pgcorp${tag}${i}Zv`;
        const email = `pg${tag}${i}x@erasure.example`;
        // Idempotency keys make the server keep each response, which quotes the company.
        for (const [n, text] of [company, "pro", "1980", fate === "kept" ? "yes" : "no", email].entries())
          expect((await person.say(text, { "idempotency-key": `k${n}` })).status).toBe(200);
        people.push({ person, company, email, fate, keys: keysOf(person.id) });
      }
      // Nothing anyone answered was ever written to PostgreSQL in the clear; what was written is there, encrypted.
      const before = bytesUnder(dataDir);
      expect(people.some(({ company, email }) => before.includes(company) || before.includes(email))).toBe(false);
      expect(before.includes("lawflow-enc:1:")).toBe(true);
      expect(people.every(({ keys }) => keys.length === 1 && vaultBytes().includes(keys[0]!))).toBe(true);

      for (const { person, fate } of people) {
        if (fate === "deleted") expect((await person.erase()).status).toBe(200);
        if (fate === "forgotten") expect((await person.say("forget me")).json.result.command).toBe("erase");
        if (fate === "rectified") expect((await person.post("rectify", { field: "company", value: "Renamed Ltd" })).status).toBe(200);
      }
      now = Date.parse("2026-04-15T00:00:00Z");
      const purge = await call(base, "POST", "/purge", { token: OPERATOR });
      expect(purge.json).toMatchObject({ fields: { company: 4, plan: 4, email: 4 } });

      const cluster = bytesUnder(dataDir);
      const vaultFiles = vaultBytes();
      for (const { person, company, email, fate, keys } of people) {
        expect(cluster.includes(company) || cluster.includes(email), `${fate}: a value in the clear`).toBe(false);
        expect(vaultFiles.includes(company) || vaultFiles.includes(email), `${fate}: a value in the vault`).toBe(false);
        // The key every copy of the old state was encrypted under is gone from the vault, and was never in PostgreSQL
        // (the kept group lost its birth year to the purge job: an erasure too, so its state was re-keyed).
        expect(vaultFiles.includes(keys[0]!), `${fate}: its first key`).toBe(false);
        expect(cluster.includes(keys[0]!)).toBe(false);
        if (fate === "kept") {
          const current = keysOf(person.id);
          expect(current).toHaveLength(1);
          expect(current[0]!.equals(keys[0]!)).toBe(false);
          const held = (await person.get("data")).json.data.map((v: any) => v.value);
          expect(held).toContain(company);
          expect(held).not.toContain(1980);
        }
        if (fate === "rectified") expect((await person.get("data")).json.data.find((v: any) => v.field === "company").value).toBe("Renamed Ltd");
      }
      // The receipts stay: they hold decisions, never answers.
      const erased = people.find((p) => p.fate === "deleted")!;
      expect((await erased.person.get("receipts")).json.receipts.map((r: any) => r.decision)).toEqual(["refused", "erased"]);
    } finally {
      await bot.close();
      await store.close();
      vault.close();
    }
  });
});

describe.skipIf(!pg)("a read racing an erasure on PostgreSQL with a key vault", () => {
  it("reads the newer state, and never takes a good row whose key was just retired for a tampered one", async () => {
    const vault = new KeyVault(join(dir, "race-keys.db"));
    const store = await PostgresStore.open(await freshPostgres(pg!), { vault });
    const { base, bot } = await startBot({ store });
    const query = pgClient.Pool.prototype.query;
    try {
      const person = await Person.start(base);
      for (const text of ["Acme", "pro", "1990", "yes", "ann@acme.example"]) expect((await person.say(text)).status).toBe(200);
      // The next read of the row is held on its way back while a correction commits — an erasure: the new state goes
      // under a new key, and the key the read's copy was encrypted under is deleted. So that copy no longer decrypts.
      let armed = true;
      pgClient.Pool.prototype.query = async function (this: unknown, ...args: unknown[]) {
        const result = await (query as (...a: unknown[]) => Promise<unknown>).apply(this, args);
        if (armed && typeof args[0] === "string" && args[0].endsWith("FROM conversations WHERE id = $1")) {
          armed = false;
          expect((await person.post("rectify", { field: "company", value: "Acme Ltd" })).status).toBe(200);
        }
        return result;
      } as typeof query;
      const read = await person.get("data");
      expect(armed).toBe(false);
      expect(read.status).toBe(200);
      expect(read.json.data.find((v: any) => v.field === "company").value).toBe("Acme Ltd");
      expect((await call(base, "GET", "/quarantine", { token: OPERATOR })).json.conversations).toEqual([]);
    } finally {
      pgClient.Pool.prototype.query = query;
      await bot.close();
      await store.close();
      vault.close();
    }
  });
});
