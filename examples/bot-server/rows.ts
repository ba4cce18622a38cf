/**
 * What the SQL stores share: the columns of a conversation row and how a row
 * of each table becomes the record the server works with, and how every
 * store counts a purge batch. One mapping, so the SQLite and PostgreSQL
 * stores (and the memory store's tally) cannot drift apart.
 */
import type { PurgeBatch, PurgeDecision, QuarantinedConversation, StoredConversation, StoredReceipt, StoredResponse } from "./store.ts";

/** A `conversations` row as either database returns it (PostgreSQL returns `bigint` as a string). */
export interface ConversationRow {
  id: string;
  revision: number;
  snapshot: string | null;
  machine: string;
  token_hash: string;
  key_id: string;
  seal: string;
  purge_at: number | string | null;
  quarantine: string | null;
  created_at: string;
  updated_at: string;
  receipt_count: number | string;
}

/** The columns of a conversation row, and the count of its receipts (from their own, append-only table). */
export const CONVERSATION_COLUMNS =
  "id, revision, snapshot, machine, token_hash, key_id, seal, purge_at, quarantine, created_at, updated_at, (SELECT count(*) FROM receipts WHERE receipts.conversation_id = conversations.id) AS receipt_count";

export const conversationFromRow = (r: ConversationRow): StoredConversation => ({
  id: r.id,
  revision: r.revision,
  snapshot: r.snapshot,
  machine: r.machine,
  tokenHash: r.token_hash,
  keyId: r.key_id,
  seal: r.seal,
  // Epoch milliseconds fit a double exactly.
  purgeAt: r.purge_at === null ? null : Number(r.purge_at),
  quarantine: r.quarantine,
  receiptCount: Number(r.receipt_count),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ReceiptRow {
  seq: number;
  receipt: string;
  key_id: string;
  mac: string;
}

/** Receipts are kept as the JSON text their MAC is over. */
export const receiptFromRow = (r: ReceiptRow): StoredReceipt => ({ seq: r.seq, receipt: JSON.parse(r.receipt) as unknown, keyId: r.key_id, mac: r.mac });

export interface ResponseRow {
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  created_at: string;
}

export const RESPONSE_COLUMNS = "key, fingerprint, status, body, created_at";

export const responseFromRow = (r: ResponseRow): StoredResponse => ({ key: r.key, fingerprint: r.fingerprint, status: r.status, body: r.body, createdAt: r.created_at });

export interface QuarantineRow {
  id: string;
  quarantine: string;
  quarantined_at: string;
}

export const quarantinedFromRow = (r: QuarantineRow): QuarantinedConversation => ({ id: r.id, reason: r.quarantine, since: r.quarantined_at });

/** Counts one purge batch's decisions the same way in every store. */
export class PurgeTally {
  readonly #fields: Record<string, number> = {};
  readonly #quarantined: string[] = [];
  #purged = 0;
  #deleted = 0;

  /** Records a decision about conversation `id`. */
  add(id: string, d: PurgeDecision): void {
    if (d.kind === "delete") this.#deleted++;
    else if (d.kind === "quarantine") this.#quarantined.push(id);
    else if (d.kind === "write") {
      this.#purged++;
      for (const f of d.erased) this.#fields[f] = (this.#fields[f] ?? 0) + 1;
    }
  }

  batch(claimed: number): PurgeBatch {
    return { claimed, purged: this.#purged, deleted: this.#deleted, fields: this.#fields, quarantined: this.#quarantined };
  }
}
