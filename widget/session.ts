/**
 * One visitor's chat with one flow, without any DOM: the runtime's
 * conversation, the transcript, and keeping both in the host's store. Every
 * action saves; the element draws what the session holds.
 */
import { createConversation, LawflowError, restoreConversation } from "lawflow/runtime";
import type { Conversation, ConversationOptions, LawflowEvent, MachineDefinition, Receipt } from "lawflow/runtime";
import type { ArchivedReceipts, ChatStore, StoredChat } from "./store.ts";
import { heldTexts, nodeOf, readTranscript, type Entry } from "./transcript.ts";
import { cleanAnswer, HIDDEN_REFUSAL, refusalText } from "./words.ts";

type Prompt = Conversation["prompt"];

/** What an action asks the element to show besides the transcript. */
export interface Outcome {
  /** A refusal or another reason the input was not taken, next to the input that is kept. */
  readonly error?: string;
  /** The visitor asked what is held ("my data"). */
  readonly showData?: boolean;
}

export class Session {
  chat!: Conversation;
  transcript: Entry[] = [];
  archive: ArchivedReceipts[] = [];
  /** Why a new conversation started, when a stored one could not be resumed. */
  notice = "";
  #saving: Promise<unknown> = Promise.resolve();
  #unsubscribe = () => {};

  constructor(
    readonly machine: MachineDefinition,
    private readonly store: ChatStore,
    private readonly options: ConversationOptions,
    private readonly onEvent: (event: LawflowEvent) => void,
    private readonly onSaveError: (error: unknown) => void,
  ) {}

  /** Resume the stored chat, or start one. Never throws for what the store holds: a chat that cannot be resumed starts afresh, its receipts kept. */
  async open(): Promise<void> {
    let saved: StoredChat | null | undefined;
    try {
      saved = await this.store.load(this.machine.id);
    } catch {
      this.notice = "Your saved conversation could not be read, so a new one has started.";
    }
    if (saved && typeof saved === "object") {
      this.archive = Array.isArray(saved.archive) ? [...saved.archive] : [];
      try {
        this.begin(restoreConversation(this.machine, saved.snapshot, this.options));
        this.transcript = readTranscript(saved.transcript, this.machine);
        this.notice = typeof saved.notice === "string" ? saved.notice : "";
        return;
      } catch (e) {
        this.resumeFailed(saved, e);
      }
    }
    this.begin(createConversation(this.machine, this.options));
    this.heard(this.chat.prompt);
    this.save();
  }

  /** Keep the receipts of a chat that cannot be resumed (Art. 7(1): consent stays demonstrable), and say why it starts again. */
  private resumeFailed(saved: StoredChat, e: unknown): void {
    let version = "unknown";
    try {
      version = String(JSON.parse(saved.snapshot).version ?? version);
    } catch {}
    const receipts = Array.isArray(saved.receipts) ? (saved.receipts as Receipt[]) : [];
    if (receipts.length) this.archive.push({ version, archivedAt: new Date().toISOString(), receipts });
    this.notice =
      e instanceof LawflowError && e.code === "snapshot_version"
        ? `This chat was updated (version ${version} → ${this.machine.version}), so a new conversation has started.`
        : "Your saved conversation could not be restored, so a new one has started.";
    if (receipts.length) this.notice += " Your earlier consent receipts are kept under “Your data”.";
  }

  private begin(chat: Conversation): void {
    this.#unsubscribe();
    this.chat = chat;
    this.#unsubscribe = chat.on(this.onEvent);
  }

  /** A new conversation; receipts of earlier versions stay in the archive. */
  restart(): void {
    this.begin(createConversation(this.machine, this.options));
    this.transcript = [];
    this.notice = "";
    this.heard(this.chat.prompt);
    this.save();
  }

  /** The bot's lines for a prompt: its say messages, then its text. */
  private heard(prompt: Prompt): void {
    const at = Date.now();
    const held = heldTexts(this.machine, this.chat.export());
    for (const text of prompt.messages) {
      const node = nodeOf(this.machine, text, held);
      this.transcript.push(node === undefined ? { by: "bot", at, text } : { by: "bot", at, node });
    }
    const node = nodeOf(this.machine, prompt.text, held, prompt.step);
    const why = "purposes" in prompt ? prompt.purposes.map((p) => p.purpose) : undefined;
    this.transcript.push(node === undefined ? { by: "bot", at, text: prompt.text } : { by: "bot", at, node, why });
  }

  private say(by: Entry["by"], text: string): void {
    this.transcript.push({ by, at: Date.now(), text });
  }

  private why(purpose: string): string {
    return this.machine.purposes.find((p) => p.name === purpose)?.why ?? purpose;
  }

  /** What the visitor typed: a chat command, or an answer to the current question. */
  send(typed: string): Outcome {
    const text = cleanAnswer(typed);
    if (text === undefined) return { error: HIDDEN_REFUSAL };
    if (!text.trim()) return { error: "Please type an answer first." };
    const before = this.chat.prompt;
    let result: ReturnType<Conversation["answerText"]>;
    try {
      result = this.chat.answerText(text);
    } catch (e) {
      if (e instanceof LawflowError && e.code === "ended")
        return { error: "This conversation has ended. You can still type “my data” or “forget me”, or start a new conversation." };
      throw e;
    }
    if (!result.ok) return this.refused(before, result);
    if ("command" in result && result.command === "erase") return (this.erased(), {});
    if (before.kind === "ask" && !("command" in result)) this.transcript.push({ by: "you", at: Date.now(), field: before.field });
    else this.say("you", text.trim());
    if ("command" in result && result.command === "withdraw") this.say("note", `Consent for “${this.why(result.purpose)}” withdrawn.`);
    if ("command" in result && result.command === "export") this.say("note", "What we hold about you is shown under “Your data”.");
    this.moved(before);
    this.save();
    return { showData: "command" in result && result.command === "export" };
  }

  /** A button's answer: a choice's value, yes or no, or `null` to skip. */
  choose(value: string | boolean | null, label: string): Outcome {
    const before = this.chat.prompt;
    if (before.step === null || before.kind === "end") return {};
    const result = this.chat.answer(before.step as never, value as never);
    if (!result.ok) return this.refused(before, result);
    if (before.kind === "ask" && value !== null) this.transcript.push({ by: "you", at: Date.now(), field: before.field });
    else this.say("you", label);
    this.moved(before);
    this.save();
    return {};
  }

  private refused(before: Prompt, result: { code: Parameters<typeof refusalText>[0]; message: string }): Outcome {
    const field = before.kind === "ask" ? this.machine.fields.find((f) => f.name === before.field) : undefined;
    // `retry N then -> ID` may have moved on after this refusal.
    if (this.moved(before)) this.save();
    return { error: refusalText(result.code, result.message, field) };
  }

  /** Adds the new prompt's lines if the conversation moved to another step. */
  private moved(before: Prompt): boolean {
    const now = this.chat.prompt;
    if (now.step === before.step && now.kind === before.kind) return false;
    this.heard(now);
    return true;
  }

  withdraw(purpose: string): void {
    const before = this.chat.prompt;
    this.chat.withdraw(purpose);
    this.say("note", `Consent for “${this.why(purpose)}” withdrawn.`);
    this.moved(before);
    this.save();
  }

  object(purpose: string): void {
    const before = this.chat.prompt;
    this.chat.object(purpose);
    this.say("note", `You objected to “${this.why(purpose)}”: that data is no longer used for it.`);
    this.moved(before);
    this.save();
  }

  erase(): void {
    this.chat.erase();
    this.erased();
  }

  private erased(): void {
    // Bot lines may have quoted erased values: the transcript goes with them.
    this.transcript = [];
    this.say("note", "Everything we held about you was erased. The consent receipts are kept; they hold no personal data.");
    this.save();
  }

  save(): void {
    const chat: StoredChat = {
      snapshot: this.chat.snapshot(),
      receipts: this.chat.receipts(),
      // Copies: the save may run later, and must store the transcript that goes with this snapshot.
      transcript: [...this.transcript],
      archive: [...this.archive],
      ...(this.notice ? { notice: this.notice } : {}),
    };
    // One save at a time, in order, so a slow host store never keeps an older chat over a newer one.
    this.#saving = this.#saving.then(() => this.store.save(this.machine.id, chat)).catch(this.onSaveError);
  }
}
