/**
 * Consent records after ISO/IEC TS 27560 and the person's own evidence: the
 * receipt code each decision shows, checked against a ledger.
 */
import { describe, expect, it } from "vitest";
import jsonld from "jsonld";
import { Parser } from "n3";
import { expandDpv, readDpvTerms, vocabAvailable } from "../scripts/gen-vocab.ts";
import { createConversation, defineMachine, restoreConversation } from "./index.ts";
import type { MachineDefinition } from "./machine.ts";
import type { Receipt } from "./types.ts";
import { checkReceiptCode, consentRecord, consentRecordJsonLd, receiptCode, verifyReceipts } from "./records.ts";
import { sha256 } from "./sha256.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";
import { chatReader } from "./chat.ts";

const JAN1 = Date.UTC(2025, 0, 1);

/** A lead-capture conversation up to the newsletter request, its clock movable. */
function atNewsletter(options: { by?: "guardian" } = {}) {
  const time = { now: JAN1 };
  const c = createConversation(leadCapture, { chatReader, clock: () => new Date(time.now), method: "web-chat", ...options });
  c.answer("company", "Acme");
  c.answer("plan", "pro");
  c.answer("birth_year", null);
  return { c, time };
}

/**
 * What an operator who wants to back-date a receipt can do with a keyless
 * chain: change the receipt, then recompute every hash after it so the
 * chain verifies again.
 */
function rewrite(list: readonly Receipt[], seq: number, change: Partial<Receipt>): Receipt[] {
  const out: Receipt[] = [];
  list.forEach((r, i) => {
    const x = { ...r, ...(i === seq ? change : {}), prev: i ? out[i - 1]!.hash : "0".repeat(64) };
    const { at, by, decision, flow, method, notice, prev, purpose, request, requestHash, version } = x;
    out.push({ ...x, hash: sha256(JSON.stringify({ at, by, decision, flow, hash: undefined, method, notice, prev, purpose, request, requestHash, seq: i, version })) });
  });
  return out;
}

describe("receipt codes: the person's own evidence (Art. 7(1), Art. 5(2))", () => {
  it("Art. 7(1): a consent decision's reply shows the receipt code of the receipt it made", () => {
    const { c } = atNewsletter();
    const reply = c.answer("newsletter", true);
    expect(reply.ok).toBe(true);
    const receipt = c.receipts()[0]!;
    expect((reply as { receipt?: string }).receipt).toBe(receiptCode(receipt));
    expect(receiptCode(receipt)).toMatch(/^0-[0-9a-f]{16}$/);
    expect(receipt.hash.startsWith(receiptCode(receipt).slice(2))).toBe(true);
    // A refusal is a decision too, and so is a withdrawal phrase typed later.
    const refused = atNewsletter().c.answerText("no");
    expect((refused as { receipt?: string }).receipt).toMatch(/^0-[0-9a-f]{16}$/);
    const stop = c.answerText("stop");
    expect(stop).toMatchObject({ ok: true, command: "withdraw", receipt: receiptCode(c.receipts()[1]!) });
    // An answer that makes no receipt shows none.
    const ask = createConversation(leadCapture, { chatReader }).answer("company", "Acme");
    expect(ask.ok && "receipt" in ask).toBe(false);
  });

  it("Art. 7(1): the code checks against the ledger it came from, and a ledger read out verifies without the machine", () => {
    const { c } = atNewsletter();
    const code = (c.answer("newsletter", true) as { receipt: string }).receipt;
    const ledger = c.receipts();
    expect(verifyReceipts(ledger)).toBe(true);
    expect(checkReceiptCode(code, ledger)).toMatchObject({ ok: true, receipt: { seq: 0, decision: "given", purpose: "newsletter" } });
    // Written down with spaces or grouped by four, it is the same code.
    const digits = code.slice(2);
    expect(checkReceiptCode(` 0 - ${digits.match(/..../g)!.join(" ")} `, ledger).ok).toBe(true);
    expect(checkReceiptCode(`0-${digits.toUpperCase()}`, ledger).ok).toBe(true);
  });

  it("Art. 7(1), Art. 5(2): back-dating a receipt and recomputing the chain gives a ledger that verifies but no longer matches the code the person kept", () => {
    const { c, time } = atNewsletter();
    const code = (c.answer("newsletter", true) as { receipt: string }).receipt;
    time.now += 864e5;
    c.withdraw("newsletter");
    const honest = c.receipts();
    // The consent moved a month earlier, so that mail sent before it was given looks lawful.
    const forged = rewrite(honest, 0, { at: new Date(Date.UTC(2024, 11, 1)).toISOString() });
    expect(verifyReceipts(forged)).toBe(true); // the keyless chain alone cannot tell
    expect(checkReceiptCode(code, honest).ok).toBe(true);
    expect(checkReceiptCode(code, forged)).toMatchObject({ ok: false, reason: "different" });
    // Rewriting only what came after leaves the earlier code good: the code vouches for its receipt and all before it.
    const later = rewrite(honest, 1, { at: new Date(JAN1 + 2 * 864e5).toISOString() });
    expect(checkReceiptCode(code, later).ok).toBe(true);
    // A ledger edited without recomputing the chain is broken; one cut short lacks the receipt.
    expect(checkReceiptCode(code, [{ ...honest[0]!, decision: "refused" }, honest[1]!])).toMatchObject({ ok: false, reason: "broken" });
    expect(checkReceiptCode(`1-${honest[1]!.hash.slice(0, 16)}`, honest.slice(0, 1))).toMatchObject({ ok: false, reason: "missing" });
    expect(checkReceiptCode("hello", honest)).toMatchObject({ ok: false, reason: "malformed" });
  });
});

describe("a ledger that is not one, from JavaScript", () => {
  it("is a TypeError that says what to give, not a member of null read inside", () => {
    for (const wrong of [null, undefined, {}, { receipts: [] }, "[]"]) {
      expect(() => checkReceiptCode("0-0000000000000000", wrong as never)).toThrow(/^checkReceiptCode\(code, receipts\): the receipts must be an array \(conversation\.receipts\(\)/);
      expect(() => verifyReceipts(wrong as never)).toThrow(/^verifyReceipts\(receipts\): the receipts must be an array/);
      expect(() => consentRecord(wrong as never, leadCapture)).toThrow(/^consentRecord\(conversation or receipts, machine\): the receipts must be an array/);
    }
    expect(checkReceiptCode("0-0000000000000000", [])).toMatchObject({ ok: false, reason: "missing" });
  });
});

describe("consent records after ISO/IEC TS 27560", () => {
  it("Art. 8(1): answers a guardian gives are recorded as the guardian's, in the hash and through a snapshot", () => {
    const { c } = atNewsletter({ by: "guardian" });
    c.answer("newsletter", true);
    const [r] = c.receipts();
    expect(r!.by).toBe("guardian");
    expect(verifyReceipts(c.receipts())).toBe(true);
    // The hash covers it: the same receipt said to be the person's does not verify.
    expect(verifyReceipts([{ ...r!, by: undefined }])).toBe(false);
    expect(consentRecord(c, leadCapture).consents[0]).toMatchObject({ by: "guardian", state: "given" });
    const snap = c.snapshot();
    expect(restoreConversation(leadCapture, snap, { chatReader }).receipts()[0]!.by).toBe("guardian");
    // Without the option receipts say nothing, and their hashes are what they always were.
    const { c: own } = atNewsletter();
    own.answer("newsletter", true);
    expect(own.receipts()[0]).not.toHaveProperty("by");
    expect(consentRecord(own, leadCapture).consents[0]!.by).toBe("subject");
  });

  it("Art. 8(1): who answered cannot be changed in a stored snapshot", () => {
    const { c } = atNewsletter({ by: "guardian" });
    c.answer("newsletter", true);
    const snap = c.snapshot();
    expect(snap).toContain('"by":"guardian"');
    const forged = snap.replace('"by":"guardian"', '"by":"subject"');
    // The receipts are read, and the change found, before any record is made of them.
    const r = restoreConversation(leadCapture, forged, { chatReader });
    expect(() => consentRecord(r, leadCapture)).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
    expect(() => r.receipts()).toThrow(expect.objectContaining({ code: "snapshot_tampered" }));
  });

  it("ISO/IEC TS 27560: record and receipt ids, subject, language, jurisdiction, notice, validity per event, consent type", () => {
    const { c } = atNewsletter();
    c.answer("newsletter", true);
    const r = consentRecord(c, leadCapture, { subject: "p-7f3a", noticeArchive: "https://acme.example/notices/", now: new Date(JAN1) });
    const first = c.receipts()[0]!;
    expect(r.header).toMatchObject({
      schema: "ISO/IEC TS 27560:2023",
      id: first.hash,
      subject: "p-7f3a",
      language: "en",
      jurisdiction: "EU GDPR",
      notice: { version: "1.0.0", hash: "a".repeat(64), archive: `https://acme.example/notices/${"a".repeat(64)}.json` },
    });
    expect(r.consents).toEqual([
      {
        receipt: receiptCode(first),
        purpose: "newsletter",
        state: "given",
        at: "2025-01-01T00:00:00.000Z",
        by: "subject",
        type: "expressed",
        method: "web-chat",
        notice: "a".repeat(64),
        validUntil: "2026-02-01T00:00:00.000Z",
      },
    ]);
    expect(r.processing.find((p) => p.purpose === "newsletter")).toMatchObject({ validity: "P13M", data: [{ field: "email", type: "email" }] });
    // The record says how to check a code, and the procedure it states is the one that works.
    expect(r.header.verification).toMatch(/first 16 hex digits/);
    const [fields] = /at, by, decision, flow, method, notice, prev, purpose, request, requestHash, seq, version/.exec(r.header.verification)!;
    const e = r.events[0]!;
    const canonical = Object.fromEntries(fields.split(", ").map((k) => [k, e[k as keyof typeof e]]));
    expect(sha256(JSON.stringify(canonical))).toBe(e.hash);
  });

  it("Art. 7(1), Art. 9(2)(a): a consent that lapsed is an expiry event; explicit consent is recorded as explicit", () => {
    const explicit = defineMachine({
      ...JSON.parse(JSON.stringify(leadCapture)),
      purposes: leadCapture.purposes.map((p) => (p.name === "newsletter" ? { ...p, condition: "explicit_consent" } : p)),
    }) as MachineDefinition;
    const c = createConversation(explicit, { chatReader, clock: () => new Date(JAN1) });
    c.answer("company", "Acme");
    c.answer("plan", "pro");
    c.answer("birth_year", null);
    c.answer("newsletter", true);
    const before = consentRecord(c, explicit, { now: new Date(Date.UTC(2026, 0, 31)) }).consents;
    expect(before.map((e) => e.state)).toEqual(["given"]);
    const after = consentRecord(c, explicit, { now: new Date(Date.UTC(2026, 1, 1)) }).consents;
    expect(after.map((e) => [e.state, e.at, e.receipt, e.type])).toEqual([
      ["given", "2025-01-01T00:00:00.000Z", receiptCode(c.receipts()[0]!), "explicit"],
      ["expired", "2026-02-01T00:00:00.000Z", null, "explicit"],
    ]);
    // Withdrawn before it lapsed, it does not lapse as well.
    c.withdraw("newsletter");
    expect(consentRecord(c, explicit, { now: new Date(Date.UTC(2027, 0, 1)) }).consents.map((e) => e.state)).toEqual(["given", "withdrawn"]);
  });

  it("ISO/IEC TS 27560 as DPV 2.3 JSON-LD: a real JSON-LD processor reads it, and every DPV term exists and is not sunset", async () => {
    const { c, time } = atNewsletter({ by: "guardian" });
    c.answer("newsletter", true);
    time.now += 864e5;
    c.withdraw("newsletter");
    const doc = consentRecordJsonLd(c, leadCapture, { subject: "p-7f3a", noticeArchive: "https://acme.example/notices/", now: new Date(Date.UTC(2027, 0, 1)) });
    const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: "application/n-quads" })) as unknown as string;
    const quads = new Parser({ format: "N-Quads" }).parse(nquads);
    const iris = new Set<string>();
    for (const q of quads) {
      for (const t of [q.subject, q.predicate, q.object]) if (t.termType === "NamedNode") iris.add(t.value);
      if (q.object.termType === "Literal") iris.add(q.object.datatype.value);
    }
    const DPV = "https://w3id.org/dpv";
    const used = [...iris].filter((i) => i.startsWith(DPV));
    for (const t of ["dpv:ConsentRecord", "dpv:ConsentReceipt", "dpv:ConsentGiven", "dpv:ConsentWithdrawn", "dpv:GuardianOfDataSubject", "dpv:isIndicatedBy", "dpv:hasNotice", "dpv:hasDataSubject"])
      expect(used).toContain(expandDpv(t));
    expect(used).not.toContain(expandDpv("dpv:ConsentExpired")); // withdrawn before it lapsed
    for (const i of iris) if (!i.startsWith(DPV)) expect(i).toMatch(/^(urn:lawflow:|http:\/\/purl\.org\/dc\/terms\/|http:\/\/www\.w3\.org\/(1999\/02\/22-rdf-syntax-ns|2001\/XMLSchema)#)/);
    if (!vocabAvailable()) return console.warn("DPV 2.3 vocabulary not found: terms not checked against it");
    const known = readDpvTerms();
    for (const i of used) {
      expect(known.has(i), `${i} exists in DPV 2.3`).toBe(true);
      expect(["sunset", "deprecated"], i).not.toContain(known.get(i)!.status);
    }
    // The receipt code and the subject's pseudonymous id are in the graph.
    expect(nquads).toContain(`"${receiptCode(c.receipts()[0]!)}"`);
    expect(nquads).toContain('"p-7f3a"');
  });
});
