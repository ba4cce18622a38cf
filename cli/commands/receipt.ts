/**
 * `lawflow receipt <code> --ledger FILE` — check a receipt code a person
 * kept against a ledger (Art. 7(1)): the ledger's hash chain must be whole
 * and its receipt at the code's place must have the hash the code starts
 * with. A ledger rewritten at or before that receipt — even with its chain
 * recomputed — fails. FILE is JSON: the receipts (`receipts()`), an export
 * (`export()`, "what do you know about me") or a consent record
 * (`consentRecord`), whose receipts are read.
 */
import type { Command } from "commander";
import type { Receipt } from "../../runtime/types.ts";
import { raiseExit, useColor, EXIT, type CliContext } from "../context.ts";
import { printReport } from "../report.ts";

interface ReceiptFlags {
  readonly ledger: string;
}

/** The receipts of a ledger file, whichever of the three shapes it has. */
function receiptsOf(json: unknown): readonly Receipt[] | undefined {
  const list = Array.isArray(json) ? json : (json as { receipts?: unknown; events?: unknown } | null)?.receipts ?? (json as { events?: unknown } | null)?.events;
  return Array.isArray(list) && list.every((r) => r && typeof r === "object" && typeof r.hash === "string") ? (list as Receipt[]) : undefined;
}

export function registerReceipt(program: Command, ctx: CliContext): void {
  program
    .command("receipt")
    .description("check a consent receipt code a person kept against a ledger (GDPR Art. 7(1))")
    .argument("<code>", "the receipt code, such as 0-9f2c41ab77d012ef")
    .requiredOption("--ledger <file>", "the ledger as JSON: receipts, an export, or a consent record")
    .action(async (code: string, flags: ReceiptFlags, command: Command) => {
      const { readFileSync } = await import("node:fs");
      let text: string;
      try {
        text = readFileSync(flags.ledger, "utf8");
      } catch (error) {
        // A file that cannot be read is an error like any other command's (LF501, exit 1), not a usage error.
        const { readReason } = await import("../../compiler/load.ts");
        const { report } = await import("../../compiler/diagnostics/messages.ts");
        const diagnostic = report("read.ledger", { path: flags.ledger, reason: readReason(error as { code?: string }) }, { path: flags.ledger });
        printReport(ctx, "text", { diagnostics: [diagnostic], files: [], notes: [] }, useColor(ctx, command.optsWithGlobals().color));
        raiseExit(ctx, EXIT.errors);
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        ctx.stderr.write(`lawflow receipt: cannot read ${flags.ledger} as JSON (${(error as Error).message}). Give the receipts, an export or a consent record.\n`);
        raiseExit(ctx, EXIT.usage);
        return;
      }
      const receipts = receiptsOf(json);
      if (!receipts) {
        ctx.stderr.write(`lawflow receipt: ${flags.ledger} holds no receipts: give a list of receipts, an export (its "receipts") or a consent record (its "events").\n`);
        raiseExit(ctx, EXIT.usage);
        return;
      }
      const { checkReceiptCode } = await import("../../runtime/records.ts");
      const result = checkReceiptCode(code, receipts);
      if (!result.ok) {
        ctx.stdout.write(`not verified (${result.reason}): ${result.message}\n`);
        raiseExit(ctx, EXIT.errors);
        return;
      }
      const r = result.receipt;
      ctx.stdout.write(
        `verified: receipt ${r.seq} of ${r.flow} ${r.version}, ${r.decision}${r.purpose ? ` ${r.purpose}` : ""} at ${r.at}${r.by ? ` by a ${r.by}` : ""}; the ledger up to it is as it was when the code was given.\n`,
      );
    });
}
