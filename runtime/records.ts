/**
 * The consent ledger shaped after ISO/IEC TS 27560 (consent record
 * information structure), as plain JSON or as DPV-27560 JSON-LD, and the
 * check of a receipt code a person kept against a ledger. A separate entry
 * (`lawflow/runtime/records`): it enforces nothing and only reshapes what the
 * ledger and the machine already say, so pages that never export a record do
 * not download it.
 *
 * What the record proves (Art. 7(1)): each decision's receipt, chained by
 * hash; who answered (`ConversationOptions.by`); the notice shown, by the
 * hash its archived text has (`lawflow notice --archive DIR`); when each
 * consent lapses. What the person holds: the receipt code of each decision,
 * the first 64 bits of a hash that covers every receipt before it, so a
 * ledger rewritten afterwards — even with its chain recomputed — no longer
 * gives the code they kept.
 */
import type { Duration, MachineDefinition } from "./machine.ts";
import type { ConsentRecord, ConsentRecordEvent, Conversation, Receipt } from "./types.ts";
import { receiptCode as codeOf } from "./receipts.ts";
import { sha256 as ownSha256 } from "./sha256.ts";
import { addDuration, iso } from "./time.ts";

export type { ConsentRecord, ConsentRecordEvent };

/** What the host adds to a record: none of it is in the machine or the ledger. */
export interface ConsentRecordOptions {
  /** The host's pseudonymous id of the person (ISO/IEC TS 27560 "PII principal id"); never their name or email. */
  readonly subject?: string;
  /** The record's id; default: the hash of its first receipt, which never changes as the ledger grows. */
  readonly id?: string;
  /** The language the requests and the notice were shown in (BCP 47); default `en`, the language Lawflow writes notices in. */
  readonly language?: string;
  /** The law that applies; default `EU GDPR`. */
  readonly jurisdiction?: string;
  /** Where the notice texts are archived under their hash (`lawflow notice --archive DIR`), e.g. a URL ending in `/`. */
  readonly noticeArchive?: string;
  /** The time the record is made, for consents that lapsed by then; default now. */
  readonly now?: Date;
}

const ZERO = "0".repeat(64);

/** How a person's receipt code is checked against the record's events: said in every record (docs/records.md). */
export const VERIFICATION =
  "Each decision's receipt code is <seq>-<the first 16 hex digits of that receipt's hash>. To check a kept code: " +
  "for each event i, seq is i, prev is the previous event's hash (64 zeros for the first), requestHash is the SHA-256 of request, " +
  "and hash is the SHA-256 of the JSON of at, by, decision, flow, method, notice, prev, purpose, request, requestHash, seq, version " +
  "(in that order, no whitespace, absent members left out); then the hash of event <seq> must start with the code's digits. " +
  "`lawflow receipt CODE --ledger FILE` does this.";

/** A duration as ISO 8601 (`P6M`, `P2W`). */
const isoDuration = (d: Duration) => `P${d.amount}${{ days: "D", weeks: "W", months: "M", years: "Y" }[d.unit]}`;

/** The person's receipt code for a receipt: `seq-` and the first 16 hex digits of its hash. */
export const receiptCode = (r: Pick<Receipt, "seq" | "hash">): string => codeOf(r.seq, r.hash);

/** A ledger given from JavaScript as something else (`null` for a conversation not found, an export instead of its `receipts`) is said to be one. */
function ledgerOf<T>(list: T, call: string): T {
  if (!Array.isArray(list))
    throw new TypeError(`${call}: the receipts must be an array (conversation.receipts(), an export's \`receipts\`, a consent record's \`events\`), not ${list === null ? "null" : typeof list}`);
  return list;
}

/**
 * Whether a ledger read out (`receipts()`, an export's `receipts`) is whole,
 * from the receipts alone: each one in its place, linked to the one before,
 * its request hash and its own hash right. No machine is needed: every
 * member the hash covers is on the receipt.
 */
export function verifyReceipts(list: readonly Receipt[], sha256: (text: string) => string = ownSha256): boolean {
  ledgerOf(list, "verifyReceipts(receipts)");
  return list.every((r, i) => {
    const { at, by, decision, flow, method, notice, prev, purpose, request, requestHash, seq, version } = r;
    const canonical = { at, by, decision, flow, hash: undefined, method, notice, prev, purpose, request, requestHash, seq, version };
    return (
      seq === i &&
      prev === (i ? list[i - 1]!.hash : ZERO) &&
      requestHash === (request === undefined ? undefined : sha256(request)) &&
      r.hash === sha256(JSON.stringify(canonical))
    );
  });
}

/** Why a kept code does not match a ledger. */
export type CodeCheck =
  | { readonly ok: true; readonly receipt: Receipt }
  | { readonly ok: false; readonly reason: "malformed" | "broken" | "missing" | "different"; readonly message: string };

/**
 * Check a receipt code a person kept against a ledger. `ok` only if the
 * ledger's chain is whole and its receipt at the code's place has a hash
 * that starts with the code's digits. A ledger rewritten at or before that
 * place — a receipt back-dated and the chain recomputed — gives another hash
 * there, and the check fails with `different`.
 */
export function checkReceiptCode(code: string, list: readonly Receipt[], sha256: (text: string) => string = ownSha256): CodeCheck {
  const m = /^\s*(\d{1,9})\s*-\s*((?:[0-9a-f]{4}[\s-]?){3}[0-9a-f]{4})\s*$/i.exec(String(code));
  if (!m) return { ok: false, reason: "malformed", message: "A receipt code is a number, a hyphen and 16 hexadecimal digits, such as 0-9f2c41ab77d012ef." };
  ledgerOf(list, "checkReceiptCode(code, receipts)");
  const seq = +m[1]!;
  const digits = m[2]!.replace(/[\s-]/g, "").toLowerCase();
  if (!verifyReceipts(list, sha256)) return { ok: false, reason: "broken", message: "The ledger's hash chain is broken: a receipt was changed, dropped or reordered." };
  const r = list[seq];
  if (!r) return { ok: false, reason: "missing", message: `The ledger has no receipt ${seq}: it has ${list.length}.` };
  if (!r.hash.startsWith(digits)) return { ok: false, reason: "different", message: `Receipt ${seq} of this ledger is not the one the code was given for: the ledger was rewritten at or before it.` };
  return { ok: true, receipt: r };
}

/**
 * The record for a conversation (its `receipts()`) or for a ledger already
 * read out (for instance one kept after the conversation ended): header,
 * processing (each purpose as declared), parties, events (the receipts, as
 * chained) and consents (each consent event as ISO/IEC TS 27560 reads it,
 * lapses included). A plain JSON copy.
 */
export function consentRecord(from: Pick<Conversation, "receipts"> | readonly Receipt[], m: MachineDefinition, options: ConsentRecordOptions = {}): ConsentRecord {
  const list: readonly Receipt[] = ledgerOf(
    from && typeof from === "object" && "receipts" in from && typeof from.receipts === "function" ? from.receipts() : (from as readonly Receipt[]),
    "consentRecord(conversation or receipts, machine)",
  );
  const now = +(options.now ?? new Date());
  const purposes = new Map(m.purposes.map((p) => [p.name, p]));
  const consents: ConsentRecordEvent[] = [];
  list.forEach((r, i) => {
    const p = r.purpose === undefined ? undefined : purposes.get(r.purpose);
    if (!p || p.basis !== "consent" || r.decision === "objected") return;
    const at = Date.parse(r.at);
    const until = r.decision === "given" && p.consentValid ? addDuration(at, p.consentValid) : null;
    const event = (state: ConsentRecordEvent["state"], time: string, receipt: string | null): ConsentRecordEvent => ({
      receipt,
      purpose: p.name,
      state,
      at: time,
      by: r.by === "guardian" ? "guardian" : "subject",
      type: p.condition === "explicit_consent" ? "explicit" : "expressed",
      method: r.method,
      notice: r.notice ?? null,
      validUntil: state === "given" && until !== null ? iso(until) : null,
    });
    consents.push(event(r.decision as ConsentRecordEvent["state"], r.at, receiptCode(r)));
    // A consent that lapsed before anything else was decided for its purpose: its expiry is an event too.
    const next = list.slice(i + 1).find((x) => x.purpose === p.name);
    if (until !== null && until <= now && (!next || Date.parse(next.at) >= until)) consents.push(event("expired", iso(until), null));
  });
  consents.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return JSON.parse(
    JSON.stringify({
      header: {
        schema: "ISO/IEC TS 27560:2023",
        id: options.id ?? list[0]?.hash ?? ZERO,
        subject: options.subject,
        flow: m.id,
        version: m.version,
        language: options.language ?? "en",
        jurisdiction: options.jurisdiction ?? "EU GDPR",
        notice: m.notice && { ...m.notice, archive: options.noticeArchive === undefined ? undefined : options.noticeArchive + m.notice.hash + ".json" },
        head: list[list.length - 1]?.hash ?? ZERO,
        at: iso(now),
        verification: VERIFICATION,
      },
      processing: m.purposes.map(({ name, why, ...p }) => ({
        ...p,
        purpose: name,
        description: why,
        data: p.needs.map((f) => {
          const d = m.fields.find((x) => x.name === f);
          return { field: f, label: d?.label ?? f, type: d?.type.kind, category: d?.category, special: d?.special };
        }),
        validity: p.consentValid && isoDuration(p.consentValid),
      })),
      parties: [
        { role: "controller", ...m.controller },
        ...[...new Set(m.purposes.flatMap((p) => p.sharedWith))].map((name) => ({ role: "recipient" as const, name })),
      ],
      events: list,
      consents,
    }),
  );
}

const DPV_CONTEXT = {
  dpv: "https://w3id.org/dpv#",
  "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
  dct: "http://purl.org/dc/terms/",
  xsd: "http://www.w3.org/2001/XMLSchema#",
};

const STATUS = { given: "dpv:ConsentGiven", refused: "dpv:ConsentRefused", withdrawn: "dpv:ConsentWithdrawn", expired: "dpv:ConsentExpired" } as const;

/**
 * The record as JSON-LD in the W3C Data Privacy Vocabulary (DPV 2.3), after
 * the DPV guide for ISO/IEC TS 27560: a `dpv:ConsentRecord` for the
 * conversation, its purposes, and one `dpv:ConsentReceipt` per consent event.
 * Every term is checked against DPV 2.3 by the tests.
 */
export function consentRecordJsonLd(from: Pick<Conversation, "receipts"> | readonly Receipt[], m: MachineDefinition, options: ConsentRecordOptions = {}): object {
  const r = consentRecord(from, m, options);
  const h = r.header;
  const id = `urn:lawflow:record:${encodeURIComponent(h.id)}`;
  const purposeId = (name: string) => `${id}:purpose:${encodeURIComponent(name)}`;
  const noticeId = (hash: string) => `urn:lawflow:notice:${encodeURIComponent(hash)}`;
  const subject = { "@type": "dpv:DataSubject", ...(h.subject === undefined ? {} : { "dpv:hasIdentifier": h.subject }) };
  const controller = r.parties.find((p) => p.role === "controller")!;
  const graph: object[] = [
    {
      "@id": id,
      "@type": "dpv:ConsentRecord",
      "dct:identifier": h.id,
      "dct:conformsTo": h.schema,
      "dct:language": h.language,
      "dct:created": { "@value": h.at, "@type": "xsd:dateTime" },
      "dct:description": h.verification,
      "dpv:hasDataSubject": subject,
      "dpv:hasDataController": {
        "@type": "dpv:DataController",
        "dpv:hasName": controller.name,
        ...(controller.contact ? { "dpv:hasContact": controller.contact } : {}),
      },
      "dpv:hasJurisdiction": { "@type": "dpv:Location", "dpv:hasName": h.jurisdiction },
      ...(h.notice
        ? {
            "dpv:hasNotice": {
              "@id": noticeId(h.notice.hash),
              "@type": "dpv:PrivacyNotice",
              "dct:identifier": h.notice.hash,
              "dct:hasVersion": h.notice.version,
              ...(h.notice.archive ? { "dct:source": h.notice.archive } : {}),
            },
          }
        : {}),
      "dct:hasPart": r.consents.map((e, i) => ({ "@id": `${id}:event:${i}` })),
    },
    ...r.processing
      .filter((p) => p.basis === "consent")
      .map((p) => ({
        "@id": purposeId(p.purpose),
        "@type": "dpv:Purpose",
        "dct:description": p.description,
        "dpv:hasLegalBasis": [
          { "@id": "eu-gdpr:A6-1-a" },
          ...(p.condition === "explicit_consent" ? [{ "@id": "eu-gdpr:A9-2-a" }] : []),
        ],
        "dpv:hasPersonalData": p.data.map((d) => ({ "@type": "dpv:PersonalData", "dct:title": d.label })),
        "dpv:hasRecipient": p.sharedWith.map((name) => ({ "@type": "dpv:Recipient", "dpv:hasName": name })),
        ...(p.retention.kind === "period"
          ? { "dpv:hasStorageCondition": { "@type": "dpv:StorageDuration", "dpv:hasDuration": { "@type": "dpv:Duration", "dct:extent": isoDuration(p.retention.period) } } }
          : {}),
      })),
    ...r.consents.map((e, i) => ({
      "@id": `${id}:event:${i}`,
      "@type": ["dpv:ConsentReceipt", e.type === "explicit" ? "dpv:ExplicitlyExpressedConsent" : "dpv:ExpressedConsent"],
      ...(e.receipt ? { "dct:identifier": e.receipt } : {}),
      "dpv:hasPurpose": { "@id": purposeId(e.purpose) },
      "dpv:hasConsentStatus": { "@id": STATUS[e.state] },
      "dpv:isIndicatedAtTime": { "@value": e.at, "@type": "xsd:dateTime" },
      ...(e.state === "expired"
        ? {}
        : {
            "dpv:isIndicatedBy": { "@type": e.by === "guardian" ? "dpv:GuardianOfDataSubject" : "dpv:DataSubject" },
            "dpv:hasIndicationMethod": e.method,
          }),
      ...(e.notice ? { "dpv:hasNotice": { "@id": noticeId(e.notice) } } : {}),
      ...(e.validUntil ? { "dct:valid": { "@value": e.validUntil, "@type": "xsd:dateTime" } } : {}),
    })),
  ];
  return { "@context": DPV_CONTEXT, "@graph": graph };
}
