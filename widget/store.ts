/**
 * Where a chat is kept between visits: the browser's localStorage by default,
 * or wherever the host says (its own server, sessionStorage, IndexedDB).
 */
import type { Receipt } from "lawflow/runtime";
import type { Entry } from "./transcript.ts";

/** Receipts of a conversation whose snapshot could no longer be restored (another version of the flow). */
export interface ArchivedReceipts {
  readonly version: string;
  readonly archivedAt: string;
  readonly receipts: readonly Receipt[];
}

/**
 * Everything the widget keeps. `snapshot` is the runtime's sealed snapshot
 * (restore it on a server with `restoreConversation`); `receipts` repeats its
 * ledger in full so that consent stays demonstrable even when the snapshot
 * cannot be restored. The transcript holds no answers: it names fields and
 * shows whatever is held when it is drawn.
 */
export interface StoredChat {
  readonly snapshot: string;
  readonly receipts: readonly Receipt[];
  readonly transcript: readonly Entry[];
  readonly archive: readonly ArchivedReceipts[];
  /** Why a new conversation was started, shown until the visitor starts another. */
  readonly notice?: string;
  /** A typed "forget me" awaits its confirmation: a reload asks the same question. */
  readonly erasing?: boolean;
  /** "Erase my data" under "Your data" awaits its confirmation: a reload opens the panel on it. */
  readonly erasingInPanel?: boolean;
}

/** A place to keep chats, by flow id. Either method may return a promise. */
export interface ChatStore {
  load(flow: string): StoredChat | null | undefined | Promise<StoredChat | null | undefined>;
  save(flow: string, chat: StoredChat): void | Promise<void>;
}

/** localStorage under `prefix + flow id` (default `lawflow:LeadCapture`). */
export const localStore = (prefix = "lawflow:"): ChatStore => ({
  load: (flow) => {
    const text = localStorage.getItem(prefix + flow);
    return text === null ? null : (JSON.parse(text) as StoredChat);
  },
  save: (flow, chat) => localStorage.setItem(prefix + flow, JSON.stringify(chat)),
});
