import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LawflowError, createConversation, restoreConversation } from "./index.ts";
import { hmacSha256 } from "./hmac.ts";
import { migrateSnapshot } from "./migrate.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";
import { chatReader } from "./chat.ts";

/** Snapshots of format 2, written by the runtime before format 3: a lead-capture conversation at its end. */
const old: { plain: string; keyed: string } = JSON.parse(readFileSync(new URL("../test/runtime/fixtures/lead-format-2.json", import.meta.url), "utf8"));
const clock = () => new Date(Date.UTC(2025, 0, 31));
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LawflowError);
    return (e as LawflowError).code;
  }
};

describe("migrating snapshots of format 2", () => {
  it("are refused by restore with a pointer to the migration", () => {
    expect(() => restoreConversation(leadCapture, old.plain, { chatReader })).toThrow(/snapshot_malformed: format 2: see migrateSnapshot/);
  });

  it("upgrade to today's format, bound to the given id at revision 0, with the same data and receipts", () => {
    const upgraded = migrateSnapshot(leadCapture, old.plain, { id: "c-1" });
    expect(JSON.parse(upgraded)).toMatchObject({ lawflow: 5, conversation: "c-1", revision: 0 });
    const c = restoreConversation(leadCapture, upgraded, { chatReader, id: "c-1", clock });
    expect(c.ended).toBe(true);
    expect(c.dataFor("quote")).toEqual({ company: "Acme", plan: "pro", email: "ann@example.com" });
    expect(c.dataFor("newsletter")).toEqual({ email: "ann@example.com" });
    expect(c.verify()).toBe(true);
    const r = c.receipts();
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ decision: "given", purpose: "newsletter", at: "2025-01-31T00:00:00.000Z", method: "web-chat" });
    // The receipt's hash is the one format 2 recorded: the ledger is the same ledger.
    expect(r[0]!.hash).toBe(JSON.parse(old.plain).state.r[0].hash);
    // The same conversation, had it run on today's runtime, holds the same state.
    const fresh = createConversation(leadCapture, { chatReader, clock, method: "web-chat", id: "c-1" });
    for (const a of ["Acme", "pro", "skip", "yes", "ann@example.com"]) fresh.answerText(a);
    expect(JSON.parse(upgraded).state).toEqual(JSON.parse(fresh.snapshot()).state);
  });

  it("need the old key for a keyed one, and check its seal and chain", () => {
    const hashes = { hmacSha256 };
    expect(code(() => migrateSnapshot(leadCapture, old.keyed))).toBe("snapshot_key");
    expect(code(() => migrateSnapshot(leadCapture, old.keyed, { key: "wrong", hashes }))).toBe("snapshot_tampered");
    const upgraded = migrateSnapshot(leadCapture, old.keyed, { key: "format-2-key", hashes });
    expect(restoreConversation(leadCapture, upgraded, { chatReader, key: "format-2-key", hashes }).verify()).toBe(true);
    expect(code(() => migrateSnapshot(leadCapture, old.plain.replace('"Acme"', '"Evil"')))).toBe("snapshot_tampered");
    expect(code(() => migrateSnapshot({ ...leadCapture, version: "2.0.0" }, old.plain))).toBe("snapshot_version");
    expect(code(() => migrateSnapshot(leadCapture, "{}"))).toBe("snapshot_malformed");
    expect(code(() => migrateSnapshot(leadCapture, createConversation(leadCapture, { chatReader }).snapshot()))).toBe("snapshot_malformed");
  });
});

/** Snapshots of format 3 (one value per field, shared by its purposes), bound to conversation c-3 at revision 5. */
const three: { plain: string; keyed: string } = JSON.parse(readFileSync(new URL("../test/runtime/fixtures/lead-format-3.json", import.meta.url), "utf8"));

describe("migrating snapshots of format 3 (Art. 5(1)(b): a value per purpose)", () => {
  it("are refused by restore with a pointer to the migration", () => {
    expect(() => restoreConversation(leadCapture, three.plain, { chatReader, id: "c-3" })).toThrow(/snapshot_malformed: format 3: see migrateSnapshot/);
  });

  it("upgrade to today's format with each purpose holding the value it shared, bound to the same conversation and revision", () => {
    const upgraded = migrateSnapshot(leadCapture, three.plain, { id: "c-3" });
    expect(JSON.parse(upgraded)).toMatchObject({ lawflow: 5, conversation: "c-3", revision: 5 });
    const c = restoreConversation(leadCapture, upgraded, { chatReader, id: "c-3", clock, minRevision: 5 });
    expect(c.dataFor("quote")).toEqual({ company: "Acme", plan: "pro", email: "ann@example.com" });
    expect(c.dataFor("newsletter")).toEqual({ email: "ann@example.com" });
    expect(c.verify()).toBe(true);
    // The same conversation run on today's runtime holds the same state.
    const fresh = createConversation(leadCapture, { chatReader, clock, method: "web-chat", id: "c-3" });
    for (const a of ["Acme", "pro", "skip", "yes", "ann@example.com"]) fresh.answerText(a);
    expect(JSON.parse(upgraded).state).toEqual(JSON.parse(fresh.snapshot()).state);
  });

  it("check the old seal, key, machine and conversation", () => {
    const hashes = { hmacSha256 };
    expect(code(() => migrateSnapshot(leadCapture, three.plain, { id: "c-4" }))).toBe("snapshot_conversation");
    expect(code(() => migrateSnapshot(leadCapture, three.plain.replace('"Acme"', '"Evil"'), { id: "c-3" }))).toBe("snapshot_tampered");
    expect(code(() => migrateSnapshot({ ...leadCapture, nodes: leadCapture.nodes.slice(0, -1) }, three.plain, { id: "c-3" }))).toBe("snapshot_version");
    expect(code(() => migrateSnapshot(leadCapture, three.keyed, { id: "c-3" }))).toBe("snapshot_key");
    const upgraded = migrateSnapshot(leadCapture, three.keyed, { id: "c-3", key: "format-3-key", hashes });
    expect(restoreConversation(leadCapture, upgraded, { chatReader, id: "c-3", key: "format-3-key", hashes }).verify()).toBe(true);
  });
});

/**
 * Snapshots of format 4 (the receipts inside the state and under the seal), written by the runtime
 * before format 5: a lead-capture conversation at its end, its newsletter consent withdrawn a day
 * later, bound to conversation c-4 at revision 6.
 */
const four: { plain: string; keyed: string } = JSON.parse(readFileSync(new URL("../test/runtime/fixtures/lead-format-4.json", import.meta.url), "utf8"));

describe("migrating snapshots of format 4 (receipts kept out of the seal)", () => {
  it("are refused by restore with a pointer to the migration", () => {
    expect(() => restoreConversation(leadCapture, four.plain, { id: "c-4" })).toThrow(/snapshot_malformed: format 4: see migrateSnapshot/);
  });

  it("upgrade to today's format with the same state and receipts, bound to the same conversation and revision", () => {
    const old = JSON.parse(four.plain);
    const upgraded = migrateSnapshot(leadCapture, four.plain, { id: "c-4" });
    const o = JSON.parse(upgraded);
    expect(o).toMatchObject({ lawflow: 5, conversation: "c-4", revision: 6, ledger: old.state.ledger, receipts: { count: 2, head: old.state.ledger[1].hash } });
    expect(o.state).toEqual({ ...old.state, ledger: undefined });
    const c = restoreConversation(leadCapture, upgraded, { chatReader, id: "c-4", clock, minRevision: 6 });
    expect(c.verify()).toBe(true);
    expect(c.receipts().map((r) => [r.decision, r.hash])).toEqual(old.state.ledger.map((e: { decision: string; hash: string }) => [e.decision, e.hash]));
    expect(c.dataFor("quote")).toEqual({ company: "Acme", plan: "pro", email: "ann@example.com" });
    expect(c.dataFor("newsletter")).toEqual({});
    // The same conversation run on today's runtime gives the same snapshot.
    let now = Date.UTC(2025, 0, 31);
    const fresh = createConversation(leadCapture, { chatReader, clock: () => new Date(now), method: "web-chat", id: "c-4" });
    for (const a of ["Acme", "pro", "skip", "yes", "ann@example.com"]) fresh.answerText(a);
    now += 864e5;
    fresh.withdraw("newsletter");
    expect(fresh.snapshot()).toBe(upgraded);
  });

  it("check the old seal, key, machine, conversation and receipts", () => {
    const hashes = { hmacSha256 };
    expect(code(() => migrateSnapshot(leadCapture, four.plain, { id: "c-5" }))).toBe("snapshot_conversation");
    expect(code(() => migrateSnapshot(leadCapture, four.plain.replace('"Acme"', '"Evil"'), { id: "c-4" }))).toBe("snapshot_tampered");
    expect(code(() => migrateSnapshot(leadCapture, four.plain.replace('"method":"web-chat"', '"method":"post"'), { id: "c-4" }))).toBe("snapshot_tampered");
    expect(code(() => migrateSnapshot({ ...leadCapture, nodes: leadCapture.nodes.slice(0, -1) }, four.plain, { id: "c-4" }))).toBe("snapshot_version");
    expect(code(() => migrateSnapshot(leadCapture, four.keyed, { id: "c-4" }))).toBe("snapshot_key");
    expect(code(() => migrateSnapshot(leadCapture, four.keyed, { id: "c-4", key: "wrong", hashes }))).toBe("snapshot_tampered");
    const upgraded = migrateSnapshot(leadCapture, four.keyed, { id: "c-4", key: "format-4-key", hashes });
    expect(restoreConversation(leadCapture, upgraded, { id: "c-4", key: "format-4-key", hashes }).verify()).toBe(true);
    // Today's snapshots are not migrated again.
    expect(code(() => migrateSnapshot(leadCapture, upgraded, { id: "c-4", key: "format-4-key", hashes }))).toBe("snapshot_malformed");
  });
});
