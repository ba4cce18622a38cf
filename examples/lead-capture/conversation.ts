/**
 * One scripted conversation through the generated lead-capture module:
 *
 *   npx tsx examples/lead-capture/conversation.ts
 *
 * It prints what the person sees and answers, refuses a bad email, shows the
 * consent receipts, and what each purpose may use — before and after the
 * person withdraws their newsletter consent — and the consent record after
 * ISO/IEC TS 27560, with the receipt code the person keeps checked against
 * the ledger. The clock is fixed, so the output is the same on every run (the
 * test beside this file checks it).
 */
import { chatReader } from "lawflow/runtime/chat";
import { checkReceiptCode, consentRecord, consentRecordJsonLd } from "lawflow/runtime/records";
import { LeadCaptureMachine, startLeadCapture } from "./lead.flow.ts";

const clock = () => new Date("2026-03-02T09:30:00.000Z");
const chat = startLeadCapture({ clock, method: "example-script", chatReader });

const lines: string[] = [];
/** The receipt code shown to the person at their consent decision: what they keep. */
let kept = "";
const out = (line: string) => lines.push(line);

/** Shows the current prompt: the passed `say` messages, then the question. */
function show(): void {
  const prompt = chat.prompt;
  for (const m of prompt.messages) out(`bot: ${m}`);
  out(`bot: ${prompt.text}`);
  if (prompt.kind === "ask" && prompt.choices.length > 0) out(`     (${prompt.choices.map((c) => c.label).join(" / ")})`);
  if (prompt.kind === "ask" || prompt.kind === "consent") {
    const why = prompt.purposes.map((p) => `${p.purpose} (${p.basis})`).join(", ");
    out(`     [${prompt.step} — why: ${why}]`);
  }
}

function you(text: string): void {
  out(`you: ${text}`);
}

show();
// Each answer is typed by its step: chat.answer("plan", "gold") does not compile.
while (!chat.ended) {
  const prompt = chat.prompt;
  switch (prompt.step) {
    case "company":
      you("Initech");
      chat.answer("company", "Initech");
      break;
    case "plan": {
      // The person picks by label; the choice's value is typed by the field
      // ("basic" | "pro" | "enterprise"), so it goes to answer() as it is.
      const choice = prompt.choices.find((c) => c.label === "Pro");
      if (!choice) throw new Error("the plan question offers no Pro choice");
      you(choice.label);
      chat.answer("plan", choice.value);
      break;
    }
    case "birth_year":
      // Raw chat input goes through answerText: parsed and validated by the field's type.
      you("1988");
      chat.answerText("1988");
      break;
    case "newsletter":
      you("yes");
      const decided = chat.answer("newsletter", true);
      kept = (decided.ok && decided.receipt) || "";
      out(`bot: Your receipt code: ${kept}. Keep it: it lets you check our record of this decision.`);
      break;
    case "email": {
      you("ada at initech");
      const refused = chat.answer("email", "ada at initech");
      if (!refused.ok) out(`bot: ${refused.message}   [refused: ${refused.code}]`);
      you("ada@initech.example");
      chat.answer("email", "ada@initech.example");
      break;
    }
    default:
      throw new Error(`the script has no answer for step ${String(prompt.step)}`);
  }
  show();
}
out(`— ended: ${chat.outcome}`);

out("");
out("receipts:");
for (const r of chat.receipts()) out(`  #${r.seq} ${r.decision} ${r.purpose ?? "(all)"} at ${r.at} via ${r.method}, hash ${r.hash.slice(0, 12)}…`);

out("");
out(`dataFor("quote")      ${JSON.stringify(chat.dataFor("quote"))}`);
out(`dataFor("newsletter") ${JSON.stringify(chat.dataFor("newsletter"))}`);
out(`dataFor("audience")   ${JSON.stringify(chat.dataFor("audience"))}`);

out("");
out(`withdraw("newsletter") erased: ${JSON.stringify(chat.withdraw("newsletter"))}`);
out(`dataFor("newsletter") ${JSON.stringify(chat.dataFor("newsletter"))}`);
out(`dataFor("quote")      ${JSON.stringify(chat.dataFor("quote"))}   (still held: quote rests on the contract)`);
const last = chat.receipts().at(-1)!;
out(`latest receipt: #${last.seq} ${last.decision} ${last.purpose}, chained to ${last.prev.slice(0, 12)}…`);

out("");
// The record after ISO/IEC TS 27560, with the host's pseudonymous id for the person
// and where the notices are archived (`lawflow notice --archive`).
const options = { subject: "visitor-7f3a", noticeArchive: "https://acme.example/privacy/notices/", now: clock() };
const record = consentRecord(chat, LeadCaptureMachine, options);
out(`consent record ${record.header.id.slice(0, 12)}… for ${record.header.subject}, notice ${record.header.notice?.archive}`);
for (const e of record.consents) out(`  ${e.state} ${e.purpose} at ${e.at} by the ${e.by}, ${e.type} consent, receipt ${e.receipt}`);
const graph = consentRecordJsonLd(chat, LeadCaptureMachine, options) as { "@graph": { "@type": string | string[] }[] };
out(`as DPV JSON-LD: ${graph["@graph"].length} nodes, first a ${String(graph["@graph"][0]!["@type"])}`);
const check = checkReceiptCode(kept, chat.receipts());
out(`the code the person kept, ${kept}: ${check.ok ? "verified" : `not verified (${check.reason})`}`);

out("");
out(`snapshot: ${chat.snapshot().length} characters of JSON`);

console.log(lines.join("\n"));
