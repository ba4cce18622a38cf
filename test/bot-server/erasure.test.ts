// Erasure means gone: after erasure (by request, by "forget me", by the purge
// job) no erased value can be found in any file of the SQLite store — main
// file, write-ahead log, shared-memory index, journal — while the server is
// still running. Checked on the files' bytes.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../../examples/bot-server/sqlite-store.ts";
import { call, OPERATOR, Person, startBot } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "lawflow-erasure-"));
const path = join(dir, "bot.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file SQLite may keep data in, concatenated. */
function storeBytes(): Buffer {
  return Buffer.concat(
    ["", "-wal", "-shm", "-journal"]
      .map((suffix) => path + suffix)
      .filter(existsSync)
      .map((f) => readFileSync(f)),
  );
}

describe("erasure on SQLite", () => {
  it("leaves no erased value in any file of the store", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const store = new SqliteStore(path);
    const { base, bot } = await startBot({ store, clock: () => new Date(now) });
    const people: { person: Person; company: string; email: string; fate: "kept" | "deleted" | "forgotten" | "expired" }[] = [];
    const fates = ["kept", "deleted", "forgotten", "expired"] as const;
    try {
      for (let i = 0; i < 40; i++) {
        const fate = fates[i % 4]!;
        // Those whose data will expire start 60 days before the others.
        now = Date.parse(fate === "expired" ? "2026-01-01T00:00:00Z" : "2026-03-01T00:00:00Z");
        const person = await Person.start(base);
        const company = `Qxcorp${i}Zv`;
        const email = `person${i}x@erasure.example`;
        // Idempotency keys make the server keep each response, which quotes the company.
        for (const [n, text] of [company, "pro", "1980", fate === "kept" ? "yes" : "no", email].entries())
          expect((await person.say(text, { "idempotency-key": `k${n}` })).status).toBe(200);
        people.push({ person, company, email, fate });
      }
      // Everyone's values are in the files now (the check below can find them).
      const before = storeBytes();
      expect(people.every(({ company }) => before.includes(company))).toBe(true);

      for (const { person, fate } of people) {
        if (fate === "deleted") expect((await person.erase()).status).toBe(200);
        if (fate === "forgotten") expect((await person.say("forget me")).json.result.command).toBe("erase");
      }
      // 2026-04-15: 104 days after the first group's answers (their 90 days ran out), 45 after the others'.
      now = Date.parse("2026-04-15T00:00:00Z");
      const purge = await call(base, "POST", "/purge", { token: OPERATOR });
      // The first group loses everything; the kept group only its birth year (30 days).
      expect(purge.json).toMatchObject({ purged: 20, fields: { company: 10, plan: 10, email: 10, birth_year: 20 } });

      const after = storeBytes();
      for (const { company, email, fate } of people) {
        const gone = fate !== "kept";
        expect(after.includes(company), `${fate} ${company}`).toBe(!gone);
        expect(after.includes(email), `${fate} ${email}`).toBe(!gone);
      }
      // The receipts stay: they hold decisions, never answers.
      const kept = people.find((p) => p.fate === "deleted")!;
      expect((await kept.person.get("receipts")).json.receipts.map((r: any) => r.decision)).toEqual(["refused", "erased"]);
    } finally {
      await bot.close();
      await store.close();
    }
  });
});
