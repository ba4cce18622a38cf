import { chatReader } from "lawflow/runtime/chat";
import { restoreSupport, startSupport } from "./support.flow.js";

const snapshots = new Map<string, string>(); // your database

/** One message from a chat in, the bot's reply out. */
export function reply(chatId: string, text: string): string {
  const saved = snapshots.get(chatId);
  const chat = saved === undefined ? startSupport({ method: "bot", chatReader }) : restoreSupport(saved, { method: "bot", chatReader });
  const refused = saved === undefined ? undefined : chat.answerText(text);
  snapshots.set(chatId, chat.snapshot());
  const answer = refused && !refused.ok ? `${refused.message} ` : "";
  return answer + chat.prompt.text;
}
