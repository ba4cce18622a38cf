/**
 * The consent ledger shaped after ISO/IEC TS 27560 (consent record
 * information structure). A separate entry (`lawflow/runtime/records`): it
 * enforces nothing and only reshapes what the ledger and the machine already
 * say, so pages that never export a record do not download it.
 */
import type { MachineDefinition } from "./machine.ts";
import type { ConsentRecord, Conversation, Receipt } from "./types.ts";

/**
 * The record for a conversation (its `receipts()`) or for a ledger already
 * read out (for instance one kept after the conversation ended): header,
 * processing (each purpose as declared), parties, events. A plain JSON copy.
 */
export function consentRecord(from: Pick<Conversation, "receipts"> | readonly Receipt[], m: MachineDefinition): ConsentRecord {
  const list = "receipts" in from ? from.receipts() : from;
  return JSON.parse(
    JSON.stringify({
      header: { schema: "ISO/IEC TS 27560:2023", flow: m.id, version: m.version, notice: m.notice, head: list[list.length - 1]?.hash ?? "0".repeat(64) },
      processing: m.purposes.map(({ name, why, ...p }) => ({ ...p, purpose: name, description: why })),
      parties: [
        { role: "controller", ...m.controller },
        ...[...new Set(m.purposes.flatMap((p) => p.sharedWith))].map((name) => ({ role: "recipient" as const, name })),
      ],
      events: list,
    }),
  );
}
