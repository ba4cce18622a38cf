import { describe, expect, it } from "vitest";
import type { Receipt } from "./types.ts";
import { append, chain, verify } from "./receipts.ts";
import { consentRecord } from "./records.ts";
import { sha256 } from "./sha256.ts";
import { leadCapture } from "./test-machines.ts";

const ledger = () => {
  const list: Receipt[] = [];
  append(list, leadCapture, { purpose: "newsletter", request: "May we?", decision: "given", at: Date.parse("2025-01-01T00:00:00.000Z"), method: "web" });
  append(list, leadCapture, { purpose: "newsletter", decision: "withdrawn", at: Date.parse("2025-01-02T00:00:00.000Z"), method: "web" });
  append(list, leadCapture, { decision: "erased", at: Date.parse("2025-01-03T00:00:00.000Z"), method: "web" });
  return chain(list);
};

describe("receipts", () => {
  it("record flow, version, notice, the request and its hash, chained", () => {
    const [a, b] = ledger();
    expect(a).toMatchObject({ seq: 0, flow: "LeadCapture", version: "1.0.0", notice: "a".repeat(64), request: "May we?", requestHash: sha256("May we?"), prev: "0".repeat(64) });
    expect(b!.prev).toBe(a!.hash);
  });

  it("are hashed when first read, and the same whenever that is", () => {
    const list: Receipt[] = [];
    append(list, leadCapture, { purpose: "newsletter", request: "May we?", decision: "given", at: Date.parse("2025-01-01T00:00:00.000Z"), method: "web" });
    expect(list[0]!.hash).toBeUndefined();
    chain(list);
    const first = list[0]!.hash;
    append(list, leadCapture, { purpose: "newsletter", decision: "withdrawn", at: Date.parse("2025-01-02T00:00:00.000Z"), method: "web" });
    append(list, leadCapture, { decision: "erased", at: Date.parse("2025-01-03T00:00:00.000Z"), method: "web" });
    chain(list);
    expect(list.map((r) => r.hash)).toEqual(ledger().map((r) => r.hash));
    expect(list[0]!.hash).toBe(first);
    expect(verify(list)).toBe(true);
  });

  it("detect a changed, dropped or reordered entry", () => {
    expect(verify(ledger())).toBe(true);
    const changed = ledger();
    changed[0] = { ...changed[0]!, decision: "refused" };
    expect(verify(changed)).toBe(false);
    expect(verify(ledger().filter((_, i) => i !== 1))).toBe(false);
    const l = ledger();
    expect(verify([l[1]!, l[0]!, l[2]!])).toBe(false);
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
