// Two stateless bot workers over one store: messages for the same
// conversation that race are both applied, exactly once (optimistic
// concurrency with retry). In-process, over real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { compileFile } from "../../compiler/compile.ts";
import { createConversation, restoreConversation, type MachineDefinition } from "../../runtime/index.ts";
import { MemoryStore } from "../../examples/bot-server/memory-store.ts";
import { createBotServer, type BotServer } from "../../examples/bot-server/server.ts";
import type { ConversationStore } from "../../examples/bot-server/store.ts";

let now = Date.parse("2026-01-01T00:00:00Z");
const clock = () => new Date(now);

/**
 * A store that can hold reads at a gate until two are waiting, so that two
 * requests both read the same revision before either writes.
 */
class GatedStore extends MemoryStore {
  conflicts = 0;
  snapshots = new Map<string, string>();
  snapshotOf(id: string): string {
    return this.snapshots.get(id)!;
  }
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
  override async put(request: Parameters<ConversationStore["put"]>[0]) {
    try {
      const revision = await super.put(request);
      this.snapshots.set(request.id, request.snapshot);
      return revision;
    } catch (e) {
      this.conflicts++;
      throw e;
    }
  }
}

describe("bot workers sharing a store", () => {
  let machine: MachineDefinition;
  const store = new GatedStore();
  const workers: { bot: BotServer; base: string }[] = [];

  beforeAll(async () => {
    machine = compileFile("examples/lead-capture/lead.flow", { until: "lower" }).machine!;
    for (let i = 0; i < 2; i++) {
      const bot = createBotServer({
        store,
        clock,
        start: () => createConversation(machine, { clock, method: "bot-server" }),
        restore: (json) => restoreConversation(machine, json, { clock, method: "bot-server" }),
      });
      await new Promise<void>((r) => bot.server.listen(0, "127.0.0.1", r));
      workers.push({ bot, base: `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}` });
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.bot.close();
  });

  const post = async (base: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as any };
  };

  it("applies two racing messages once each", async () => {
    const [a, b] = workers;
    const id = (await post(a!.base, "/conversations")).json.id as string;
    for (const text of ["Acme", "pro", "1987"]) await post(a!.base, `/conversations/${id}/messages`, { text });
    const before = (await store.get(id))!.revision;
    const conflictsBefore = store.conflicts;
    store.gate = true;

    // "yes" answers the consent question; "what do you know about me" changes nothing; "unsubscribe" withdraws.
    const [yes, withdraw] = await Promise.all([
      post(a!.base, `/conversations/${id}/messages`, { text: "yes" }),
      post(b!.base, `/conversations/${id}/messages`, { text: "unsubscribe" }),
    ]);
    expect(yes.status).toBe(200);
    expect(withdraw.status).toBe(200);
    expect(store.conflicts).toBeGreaterThan(conflictsBefore);

    const receipts = (await store.receipts(id)).map((r) => (r.receipt as { decision: string }).decision);
    expect(receipts.sort()).toEqual(["given", "withdrawn"]);
    expect((await store.get(id))!.revision).toBe(before + 2);
    const conv = restoreConversation(machine, (await store.get(id))!.snapshot, { clock });
    expect(conv.receipts().map((r) => r.decision).sort()).toEqual(["given", "withdrawn"]);
  });

  it("writes nothing when nothing changed: access, or a purge with nothing expired", async () => {
    const [a] = workers;
    const id = (await post(a!.base, "/conversations")).json.id as string;
    await post(a!.base, `/conversations/${id}/messages`, { text: "Acme" });
    const revision = (await store.get(id))!.revision;
    const access = await post(a!.base, `/conversations/${id}/messages`, { text: "what do you know about me" });
    expect(access.json.result.command).toBe("export");
    await a!.bot.purge();
    expect((await store.get(id))!.revision).toBe(revision);
  });

  it("runs the purge job on its interval", async () => {
    const [a] = workers;
    const id = (await post(a!.base, "/conversations")).json.id as string;
    await post(a!.base, `/conversations/${id}/messages`, { text: "Acme" });
    const held = () => restoreConversation(machine, store.snapshotOf(id), { clock }).export().data.map((v) => v.field);
    expect(held()).toEqual(["company"]);
    now += 91 * 24 * 3600 * 1000; // the quote's 90 days have run out
    a!.bot.schedulePurge(20);
    await expect.poll(held, { timeout: 5000 }).toEqual([]);
  });
});
