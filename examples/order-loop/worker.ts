/**
 * A stateless chat worker, as a bot server runs one per message: restore the
 * stored snapshot, answer, store the new one. Each snapshot is bound to its
 * conversation and carries a revision that only grows; the worker refuses any
 * copy older than the newest it stored, so an old copy (taken before the
 * person withdrew consent) cannot bring the data back. Node's own SHA-256
 * and HMAC are handed to the runtime. A restore does not read the receipts
 * (the seal covers their count and last hash), so each message costs the
 * same however many the conversation has; they are checked when read.
 *
 *   npx tsx examples/order-loop/worker.ts
 */
import { createHash, createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { compileFile } from "../../compiler/index.ts";
import { LawflowError, createConversation, restoreConversation, type ConversationOptions } from "../../runtime/index.ts";
import { chatReader } from "../../runtime/chat.ts";

const compiled = compileFile(fileURLToPath(new URL("./order.flow", import.meta.url)));
if (!compiled.machine) throw new Error("order.flow does not compile");
const machine = compiled.machine;

/** What the worker keeps per conversation: the newest snapshot and its revision. */
const store = new Map<string, { snapshot: string; revision: number }>();
const options = (id: string): ConversationOptions => ({
  id,
  chatReader,
  key: "a secret from the environment",
  hashes: {
    sha256: (t) => createHash("sha256").update(t).digest("hex"),
    hmacSha256: (k, t) => createHmac("sha256", k).update(t).digest("hex"),
  },
  minRevision: store.get(id)?.revision,
  clock: () => new Date("2026-03-02T12:00:00.000Z"),
});

/** One message: restore (or start), answer, store. */
function message(id: string, text: string, snapshot = store.get(id)?.snapshot): string {
  const chat = snapshot === undefined ? createConversation(machine, options(id)) : restoreConversation(machine, snapshot, options(id));
  const result = chat.answerText(text);
  store.set(id, { snapshot: chat.snapshot(), revision: chat.revision });
  return `${result.ok ? "" : `(${result.message}) `}${result.prompt.text}`;
}

const say = (id: string, text: string) => console.log(`${id}> ${text}\n  bot: ${message(id, text)}`);
say("ann", "Pad thai");
say("ann", "yes"); // anything else? yes: the first question asks again
say("ann", "Spring rolls");
say("ann", "no");
say("ann", "yes");
say("ann", "+44 20 7946 0018");
say("ann", "Ann");
const beforeWithdrawal = store.get("ann")!.snapshot;
say("ann", "stop offers");
const newest = restoreConversation(machine, store.get("ann")!.snapshot, options("ann"));
console.log(`revision ${newest.revision}; offers may use ${JSON.stringify(newest.dataFor("offers"))}; order may use ${JSON.stringify(newest.dataFor("order"))}`);

const refused = (what: string, f: () => unknown) => {
  try {
    f();
    console.log(`${what}: accepted`);
  } catch (e) {
    console.log(`${what}: refused, ${(e as LawflowError).code}`);
  }
};
refused("the copy taken before the withdrawal", () => message("ann", "hello", beforeWithdrawal));
refused("Ann's snapshot under Bob's id", () => restoreConversation(machine, store.get("ann")!.snapshot, options("bob")));
refused("an empty key", () => createConversation(machine, { ...options("carol"), key: "" }));
console.log(`receipts: ${newest.receipts().map((r) => `${r.seq} ${r.decision} ${r.purpose}`).join(", ")}`);
// A receipt changed where the snapshot is stored: the restore does not read it; reading the ledger finds it.
const changed = restoreConversation(machine, store.get("ann")!.snapshot.replace('"decision":"withdrawn"', '"decision":"given"'), options("ann"));
refused("a receipt changed in storage, read", () => changed.receipts());
