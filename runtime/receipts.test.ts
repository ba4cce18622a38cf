import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "./state.ts";
import { chain, newEntry, receipts, verifyChain } from "./receipts.ts";
import { consentRecord } from "./records.ts";
import { sha256 } from "./sha256.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";

const day = (d: number) => Date.UTC(2025, 0, d);
const append = (list: LedgerEntry[], ...a: Parameters<typeof newEntry> extends [unknown, ...infer R] ? R : never) => list.push(newEntry(leadCapture, ...a));
const verify = (m: typeof leadCapture, list: LedgerEntry[]) => verifyChain(m, list, sha256);
const entries = () => {
  const list: LedgerEntry[] = [];
  append(list, "given", day(1), { method: "web" }, "newsletter", "May we?");
  append(list, "withdrawn", day(2), { method: "web" }, "newsletter");
  append(list, "erased", day(3), { method: "web" });
  chain(leadCapture, list, sha256);
  return list;
};
const ledger = () => receipts(leadCapture, entries(), sha256);

describe("receipts", () => {
  it("record flow, version, notice, the request and its hash, chained", () => {
    const [a, b] = ledger();
    expect(a).toMatchObject({ seq: 0, flow: "LeadCapture", version: "1.0.0", notice: "a".repeat(64), request: "May we?", requestHash: sha256("May we?"), prev: "0".repeat(64) });
    expect(b!.prev).toBe(a!.hash);
  });

  it("are hashed when first read, and the same whenever that is", () => {
    const list: LedgerEntry[] = [];
    append(list, "given", day(1), { method: "web" }, "newsletter", "May we?");
    expect(list[0]!.hash).toBeUndefined();
    chain(leadCapture, list, sha256);
    const first = list[0]!.hash;
    expect(list[0]!.at).toBe(day(1)); // hashing fills in the hash and changes nothing else
    append(list, "withdrawn", day(2), { method: "web" }, "newsletter");
    append(list, "erased", day(3), { method: "web" });
    expect(receipts(leadCapture, list, sha256)).toEqual(ledger());
    expect(list[0]!.hash).toBe(first);
    expect(verify(leadCapture, list)).toBe(true);
  });

  it("detect a changed, dropped or reordered entry", () => {
    expect(verify(leadCapture, entries())).toBe(true);
    const changed = entries();
    changed[0] = { ...changed[0]!, decision: "refused" };
    expect(verify(leadCapture, changed)).toBe(false);
    expect(verify(leadCapture, entries().filter((_, i) => i !== 1))).toBe(false);
    const l = entries();
    expect(verify(leadCapture, [l[1]!, l[0]!, l[2]!])).toBe(false);
    // The hash covers what the entry does not keep: another flow's ledger does not verify.
    expect(verify({ ...leadCapture, version: "2.0.0" }, entries())).toBe(false);
  });

  it("export after ISO/IEC TS 27560: header, processing, parties, events", () => {
    const r = consentRecord(ledger(), leadCapture);
    expect(r.header).toMatchObject({ schema: "ISO/IEC TS 27560:2023", flow: "LeadCapture", version: "1.0.0", head: ledger()[2]!.hash });
    expect(r.processing.map((p) => [p.purpose, p.basis])).toEqual([
      ["quote", "contract"],
      ["newsletter", "consent"],
      ["audience", "legitimate_interests"],
    ]);
    expect(r.parties).toEqual([
      { role: "controller", name: "Acme Analytics Ltd", contact: "privacy@acme.example" },
      { role: "recipient", name: "Acme CRM (processor)" },
    ]);
    expect(r.events).toHaveLength(3);
  });
});
