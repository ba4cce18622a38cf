/**
 * Plain-text wording shared by the terminal chat: bases, retention, held
 * data, receipts. Pure functions of their inputs, so output is deterministic.
 */
import type { Basis, Retention } from "../../runtime/machine.ts";
import type { ExportData, PurposeInfo, Receipt } from "../../runtime/types.ts";

/** The lawful basis with its article, as a person reads it (GDPR Art. 6(1)). */
export const BASIS: Record<Basis, string> = {
  consent: "your consent (Art. 6(1)(a))",
  contract: "a contract with you (Art. 6(1)(b))",
  legal_obligation: "a legal obligation (Art. 6(1)(c))",
  vital_interests: "vital interests (Art. 6(1)(d))",
  public_task: "a public task (Art. 6(1)(e))",
  legitimate_interests: "legitimate interests (Art. 6(1)(f))",
};

export function retentionText(r: Retention): string {
  switch (r.kind) {
    case "session":
      return "for this conversation only";
    case "until_withdrawn":
      return "until you withdraw consent";
    case "period": {
      const { amount, unit } = r.period;
      const span = `${amount} ${amount === 1 ? unit.replace(/s$/, "") : unit}`;
      return r.orUntilWithdrawn ? `${span}, or until you withdraw consent` : span;
    }
  }
}

/** The "Why are we asking?" lines for the purposes of one question. */
export function whyLines(purposes: readonly PurposeInfo[]): string[] {
  if (purposes.length === 0) return ["  Nothing is collected here."];
  const lines: string[] = [];
  for (const p of purposes) {
    lines.push(`  - ${p.why} [${p.purpose}]`);
    lines.push(`    basis: ${BASIS[p.basis]}${p.evidence ? ` — ${p.evidence}` : ""}`);
    lines.push(`    kept: ${retentionText(p.retention)}`);
    if (p.sharedWith.length > 0) lines.push(`    shared with: ${p.sharedWith.join(", ")}`);
  }
  return lines;
}

/** What is held, for which purpose, until when. */
export function dataLines(data: ExportData): string[] {
  if (data.data.length === 0) return ["  Nothing is held about you."];
  const lines: string[] = [];
  for (const v of data.data) {
    lines.push(`  ${v.field} (${v.label}): ${JSON.stringify(v.value)}`);
    for (const p of v.purposes) lines.push(`    for ${p.purpose} under ${p.basis}, collected ${p.collectedAt}, kept ${p.expiresAt ? `until ${p.expiresAt}` : "with no fixed end"}`);
  }
  return lines;
}

export function receiptLines(receipts: readonly Receipt[]): string[] {
  if (receipts.length === 0) return ["  No receipts yet."];
  // Each with the person's receipt code (its place and the first 16 hex digits of its hash), which `lawflow receipt` checks.
  return receipts.map((r) => `  #${r.seq} ${r.at} ${r.decision}${r.purpose ? ` ${r.purpose}` : ""} via ${r.method} · code ${r.seq}-${r.hash.slice(0, 16)}`);
}
