/**
 * `lawflow/react`: one hook, `useConversation`, over the runtime's own
 * conversation. It adds nothing to what the runtime decides: React re-renders
 * when the conversation changes (its listeners, through
 * `useSyncExternalStore`), and the snapshot is kept in the same store the
 * chat widget uses (`ChatStore`: `localStore()` or the host's own).
 *
 * ```tsx
 * const chat = useConversation(LeadCaptureMachine, { store: localStore() });
 * if (!chat.prompt) return null; // still loading from the store
 * <p>{chat.prompt.text}</p>
 * ```
 *
 * React is an optional peer dependency of Lawflow, never bundled. Docs: docs/react.md.
 */
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { createConversation, restoreConversation } from "lawflow/runtime";
import type { Conversation, ConversationOptions, FlowTypes, LawflowEvent, MachineDefinition } from "lawflow/runtime";
import type { ArchivedReceipts, ChatStore } from "../widget/store.ts";

// The widget's own localStorage store, without the widget's element.
export { localStore, type ChatStore, type StoredChat } from "../widget/store.ts";

export interface UseConversationOptions extends ConversationOptions {
  /** Where the snapshot is kept between visits, by flow id (the widget's interface). Without one, each mount starts afresh. */
  readonly store?: ChatStore;
  /** Every event of the conversation (for logs and analytics: events hold no values). */
  readonly onEvent?: (event: LawflowEvent) => void;
  /** A store that failed to save; by default the error is reported with `console.error`. */
  readonly onSaveError?: (error: unknown) => void;
}

/** What the hook returns: the conversation's current view, and the runtime's own actions. */
export interface ConversationView<T extends FlowTypes = FlowTypes> {
  /** `undefined` only while a store is still loading. */
  readonly prompt: Conversation<T>["prompt"] | undefined;
  readonly ended: boolean;
  readonly outcome: Conversation<T>["outcome"];
  readonly revision: number;
  /** The runtime's conversation itself (`undefined` while loading), for everything the hook does not wrap. */
  readonly conversation: Conversation<T> | undefined;
  readonly answer: Conversation<T>["answer"];
  readonly answerText: Conversation<T>["answerText"];
  readonly withdraw: Conversation<T>["withdraw"];
  readonly object: Conversation<T>["object"];
  readonly erase: Conversation<T>["erase"];
  readonly export: Conversation<T>["export"];
  /** A new conversation of the same flow; the old one's receipts stay in the store's archive. */
  readonly restart: () => void;
}

type View = Omit<ConversationView, "answer" | "answerText" | "withdraw" | "object" | "erase" | "export" | "restart">;

const LOADING: View = Object.freeze({ prompt: undefined, ended: false, outcome: undefined, revision: 0, conversation: undefined });

/** One conversation and the React components that watch it. */
class Binding {
  chat: Conversation | undefined;
  archive: ArchivedReceipts[] = [];
  #view: View = LOADING;
  #watchers = new Set<() => void>();
  #unsubscribe = () => {};
  #opened = false;

  constructor(
    readonly machine: MachineDefinition,
    readonly options: UseConversationOptions,
  ) {
    // Without a store there is nothing to wait for: the first render (on a server too) shows the first prompt.
    if (!options.store) this.#begin(createConversation(machine, options));
  }

  subscribe = (watcher: () => void): (() => void) => {
    this.#watchers.add(watcher);
    return () => void this.#watchers.delete(watcher);
  };

  /** The same object until the conversation changes, as `useSyncExternalStore` requires. */
  view = (): View => {
    const chat = this.chat;
    if (!chat) return LOADING;
    const v = this.#view;
    if (v.conversation !== chat || v.prompt !== chat.prompt || v.revision !== chat.revision || v.ended !== chat.ended)
      this.#view = { prompt: chat.prompt, ended: chat.ended, outcome: chat.outcome, revision: chat.revision, conversation: chat };
    return this.#view;
  };

  /** Resumes the stored conversation, or starts one. A snapshot that cannot be restored starts afresh, its receipts archived (Art. 7(1)). */
  async open(): Promise<void> {
    const store = this.options.store;
    if (this.chat) return this.#listen(this.chat);
    if (!store || this.#opened) return;
    this.#opened = true;
    const saved = await Promise.resolve()
      .then(() => store.load(this.machine.id))
      .catch(() => undefined);
    if (saved && typeof saved === "object") {
      this.archive = Array.isArray(saved.archive) ? [...saved.archive] : [];
      try {
        return this.#begin(restoreConversation(this.machine, saved.snapshot, this.options));
      } catch {
        let version = "unknown";
        try {
          version = String(JSON.parse(saved.snapshot).version ?? version);
        } catch {}
        if (Array.isArray(saved.receipts) && saved.receipts.length) this.archive.push({ version, archivedAt: new Date().toISOString(), receipts: saved.receipts });
      }
    }
    this.#begin(createConversation(this.machine, this.options));
    this.#save();
  }

  #begin(chat: Conversation): void {
    this.chat = chat;
    this.#listen(chat);
    this.#changed();
  }

  /** The runtime's own listeners: a change made through `conversation` directly re-renders too. */
  #listen(chat: Conversation): void {
    this.#unsubscribe();
    this.#unsubscribe = chat.on((event) => {
      this.options.onEvent?.(event);
      this.#changed();
    });
  }

  /** Tells React, and keeps the snapshot, if the conversation moved. */
  #changed(): void {
    const before = this.#view;
    if (this.view() === before) return;
    for (const watcher of [...this.#watchers]) watcher();
    if (before.conversation === this.chat && before.revision !== this.chat!.revision) this.#save();
  }

  #save(): void {
    const { store, onSaveError = console.error } = this.options;
    const chat = this.chat;
    if (!store || !chat) return;
    const chatStored = { snapshot: chat.snapshot(), receipts: chat.receipts(), transcript: [], archive: this.archive };
    Promise.resolve()
      .then(() => store.save(this.machine.id, chatStored))
      .catch(onSaveError);
  }

  /** A runtime method that tells React afterwards, whether or not it raised an event (a refusal still moves `retry … then`). */
  act =
    <K extends "answer" | "answerText" | "withdraw" | "object" | "erase" | "export">(name: K) =>
    (...args: unknown[]): unknown => {
      const chat = this.chat;
      if (!chat) throw new Error(`lawflow/react: ${name}() was called before the conversation was loaded from its store (prompt is undefined until then)`);
      try {
        return (chat[name] as (...a: unknown[]) => unknown)(...args);
      } finally {
        this.#changed();
      }
    };

  restart = (): void => {
    const old = this.chat;
    if (old && old.receipts().length) this.archive.push({ version: this.machine.version, archivedAt: new Date().toISOString(), receipts: old.receipts() });
    this.#begin(createConversation(this.machine, this.options));
    this.#save();
  };

  close(): void {
    this.#unsubscribe();
    this.#unsubscribe = () => {};
  }
}

/**
 * The conversation of `machine` for this component. `options` are read when
 * the conversation starts (and again for a new `machine`): the runtime's
 * options, `store`, `onEvent`, `onSaveError`.
 */
export function useConversation<T extends FlowTypes = FlowTypes>(machine: MachineDefinition, options: UseConversationOptions = {}): ConversationView<T> {
  // Options are read when the conversation starts, like the runtime's: only a new machine starts another.
  const binding = useMemo(() => new Binding(machine, options), [machine]);
  useEffect(() => {
    void binding.open();
    return () => binding.close();
  }, [binding]);
  const view = useSyncExternalStore(binding.subscribe, binding.view, binding.view);
  return useMemo(
    () =>
      ({
        ...view,
        answer: binding.act("answer"),
        answerText: binding.act("answerText"),
        withdraw: binding.act("withdraw"),
        object: binding.act("object"),
        erase: binding.act("erase"),
        export: binding.act("export"),
        restart: binding.restart,
      }) as unknown as ConversationView<T>,
    [view, binding],
  );
}
