// Two stateless bot workers over one store: requests for the same
// conversation that race are each applied exactly once (optimistic
// concurrency with retry). In-process, over real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restoreConversation } from "../../runtime/index.ts";
import { MemoryStore } from "../../examples/bot-server/memory-store.ts";
import type { PutRequest } from "../../examples/bot-server/store.ts";
import { leadMachine, Person, startBot, type Running } from "./harness.ts";

let now = Date.parse("2026-01-01T00:00:00Z");
const clock = () => new Date(now);

/**
 * A store that can hold reads at a gate until two are waiting, so that two
 * requests both read the same revision before either writes.
 */
class GatedStore extends MemoryStore {
  conflicts = 0;
  #waiting: (() => void)[] = [];
  gate = false;
  override async get(id: string) {
    if (this.gate) {
      await new Promise<void>((release) => {
        this.#waiting.push(release);
        if (this.#waiting.length === 2) {
          this.gate = false;
          this.#waiting.splice(0).forEach((r) => r());
        }
      });
    }
    return super.get(id);
  }
  override async put(request: PutRequest) {
    try {
      return await super.put(request);
    } catch (e) {
      this.conflicts++;
      throw e;
    }
  }
}

describe("bot workers sharing a store", () => {
  const machine = leadMachine();
  const store = new GatedStore();
  const workers: Running[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) workers.push(await startBot({ store, clock, machine }));
  });
  afterAll(async () => {
    for (const w of workers) await w.bot.close();
  });

  it("applies two racing requests once each", async () => {
    const [a, b] = workers;
    const person = await Person.start(a!.base);
    for (const text of ["Acme", "pro", "1987"]) await person.say(text);
    const before = (await store.get(person.id))!.revision;
    const conflictsBefore = store.conflicts;
    store.gate = true;

    // On worker a, "yes" answers the consent question; on worker b, "unsubscribe" (a command, taken at any step) withdraws.
    const onB = new Person(b!.base, person.id, person.token);
    onB.step = person.step;
    const [yes, withdraw] = await Promise.all([person.say("yes"), onB.say("unsubscribe")]);
    expect(yes.status).toBe(200);
    expect(withdraw.status).toBe(200);
    expect(store.conflicts).toBeGreaterThan(conflictsBefore);

    const receipts = (await store.receipts(person.id)).map((r) => (r.receipt as { decision: string }).decision);
    expect(receipts.sort()).toEqual(["given", "withdrawn"]);
    expect((await store.get(person.id))!.revision).toBe(before + 2);
    const conv = restoreConversation(machine, (await store.get(person.id))!.snapshot!, { clock });
    expect(
      conv
        .receipts()
        .map((r) => r.decision)
        .sort(),
    ).toEqual(["given", "withdrawn"]);
  });

  it("writes nothing when nothing changed: access, or a purge with nothing expired", async () => {
    const [a] = workers;
    const person = await Person.start(a!.base);
    await person.say("Acme");
    const revision = (await store.get(person.id))!.revision;
    const access = await person.say("what do you know about me");
    expect(access.json.result.command).toBe("export");
    expect((await person.get("data")).status).toBe(200);
    await a!.bot.purge();
    expect((await store.get(person.id))!.revision).toBe(revision);
  });

  it("runs the purge job on its interval", async () => {
    const [a] = workers;
    const person = await Person.start(a!.base);
    await person.say("Acme");
    const held = async () => (await person.get("data")).json.data.map((v: { field: string }) => v.field);
    expect(await held()).toEqual(["company"]);
    now += 91 * 24 * 3600 * 1000; // the quote's 90 days have run out
    a!.bot.schedulePurge(20);
    await expect.poll(held, { timeout: 5000 }).toEqual([]);
  });

  it("deletes a conversation left with nothing in it and nothing to prove, 30 days after its last write", async () => {
    const [a] = workers;
    const left = await Person.start(a!.base);
    const refused = await Person.start(a!.base);
    for (const t of ["Acme", "pro", "skip", "no"]) await refused.say(t);
    await refused.erase();
    now += 29 * 24 * 3600 * 1000;
    expect((await a!.bot.purge()).abandoned).toBe(0);
    expect((await left.get("data")).status).toBe(200);
    now += 2 * 24 * 3600 * 1000;
    expect((await a!.bot.purge()).abandoned).toBeGreaterThanOrEqual(1);
    expect((await left.get("data")).status).toBe(404);
    // A conversation with receipts keeps them, and the row they are reached through.
    expect((await refused.get("receipts")).json.receipts.map((r: { decision: string }) => r.decision)).toEqual(["refused", "erased"]);
  });
});
