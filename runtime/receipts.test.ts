import { describe, expect, it } from "vitest";
import { type Entry, append, chain, receipts, verify } from "./receipts.ts";
import { consentRecord } from "./records.ts";
import { sha256 } from "./sha256.ts";
import { leadCapture } from "./test-machines.ts";

const day = (d: number) => Date.UTC(2025, 0, d);
const entries = () => {
  const list: Entry[] = [];
  append(list, leadCapture, "given", day(1), "web", "newsletter", "May we?");
  append(list, leadCapture, "withdrawn", day(2), "web", "newsletter");
  append(list, leadCapture, "erased", day(3), "web");
  chain(leadCapture, list);
  return list;
};
const ledger = () => receipts(leadCapture, entries());

describe("receipts", () => {
  it("record flow, version, notice, the request and its hash, chained", () => {
    const [a, b] = ledger();
    expect(a).toMatchObject({ seq: 0, flow: "LeadCapture", version: "1.0.0", notice: "a".repeat(64), request: "May we?", requestHash: sha256("May we?"), prev: "0".repeat(64) });
    expect(b!.prev).toBe(a!.hash);
  });

  it("are hashed when first read, and the same whenever that is", () => {
    const list: Entry[] = [];
    append(list, leadCapture, "given", day(1), "web", "newsletter", "May we?");
    expect(list[0]!.hash).toBeUndefined();
    chain(leadCapture, list);
    const first = list[0]!.hash;
    append(list, leadCapture, "withdrawn", day(2), "web", "newsletter");
    append(list, leadCapture, "erased", day(3), "web");
    expect(receipts(leadCapture, list)).toEqual(ledger());
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
