/**
 * `lawflow/widget`: a chat any website can embed, for any compiled flow.
 *
 * ```html
 * <lawflow-chat notice="/privacy/chat.html"></lawflow-chat>
 * <script type="module">
 *   import { defineChat } from "lawflow/widget";
 *   import { LeadCaptureMachine } from "./lead.flow.ts";
 *   defineChat();
 *   document.querySelector("lawflow-chat").machine = LeadCaptureMachine;
 * </script>
 * ```
 *
 * Attributes, options, events and theming: docs/widget.md.
 */
import { LawflowChat } from "./element.ts";

export { LawflowChat, type ChatOptions } from "./element.ts";
export { localStore, type ArchivedReceipts, type ChatStore, type StoredChat } from "./store.ts";
export type { Entry as TranscriptEntry } from "./transcript.ts";
export { ENGLISH, type OwnWords, type Words } from "./words.ts";

/** Registers the element as `tag` (default `lawflow-chat`); a second call with the same tag does nothing. */
export function defineChat(tag = "lawflow-chat"): typeof LawflowChat {
  const existing = customElements.get(tag) as typeof LawflowChat | undefined;
  if (existing) return existing;
  const element = class extends LawflowChat {};
  customElements.define(tag, element);
  return element;
}

declare global {
  interface HTMLElementTagNameMap {
    "lawflow-chat": LawflowChat;
  }
}
