/**
 * One visitor's chat with one flow, without any DOM: the runtime's
 * conversation, the transcript, and keeping both in the host's store. Every
 * action saves; the element draws what the session holds.
 */
import { createConversation, LawflowError, restoreConversation } from "lawflow/runtime";
import { chatReader, command, yesNo } from "lawflow/runtime/chat";
import type { Conversation, ConversationOptions, LawflowEvent, MachineDefinition, Receipt } from "lawflow/runtime";
import { fieldOf, purposeOf } from "./machine.ts";
import type { ArchivedReceipts, ChatStore, StoredChat } from "./store.ts";
import { heldTexts, nodeOf, readTranscript, type Entry } from "./transcript.ts";
import { asksWhy, cleanAnswer, ENGLISH, refusalText, type Words } from "./words.ts";

type Prompt = Conversation["prompt"];

/** What an action asks the element to show besides the transcript. */
export interface Outcome {
  /** A refusal or another reason the input was not taken, next to the input that is kept. */
  readonly error?: string;
  /** The visitor asked what is held ("my data"). */
  readonly showData?: boolean;
  /** The visitor asked why the question is asked ("why?"): its "Why are we asking?" opens; nothing was taken. */
  readonly why?: boolean;
}

/** A conversation's options, and the words the chat says in. */
export interface SessionOptions extends ConversationOptions {
  readonly words?: Words;
}

export class Session {
  chat!: Conversation;
  transcript: Entry[] = [];
  archive: ArchivedReceipts[] = [];
  /** Why a new conversation started, when a stored one could not be resumed. */
  notice = "";
  /** "forget me" was typed: erasure waits for `confirmErase`, as the panel's button waits for its confirmation. */
  erasing = false;
  /** "Erase my data" was pressed under "Your data": erasure waits for the panel's own confirmation. */
  erasingInPanel = false;
  readonly #store: ChatStore;
  readonly #options: SessionOptions;
  readonly #onEvent: (event: LawflowEvent) => void;
  readonly #onSaveError: (error: unknown) => void;
  #saving: Promise<unknown> = Promise.resolve();
  #unsubscribe = () => {};

  constructor(
    readonly machine: MachineDefinition,
    store: ChatStore,
    options: SessionOptions,
    onEvent: (event: LawflowEvent) => void,
    onSaveError: (error: unknown) => void,
  ) {
    this.#store = store;
    // A text chat: what the visitor types is read by the runtime's chat entry.
    this.#options = { ...options, chatReader };
    this.#onEvent = onEvent;
    this.#onSaveError = onSaveError;
  }

  get words(): Words {
    return this.#options.words ?? ENGLISH;
  }

  /** The value held now for each field, as a person reads it. */
  get held(): Map<string, string> {
    return heldTexts(this.machine, this.chat.export(), this.words);
  }

  /** Resume the stored chat, or start one. Never throws for what the store holds: a chat that cannot be resumed starts afresh, its receipts kept. */
  async open(): Promise<void> {
    let saved: StoredChat | null | undefined;
    try {
      saved = await this.#store.load(this.machine.id);
    } catch {
      this.notice = this.words.unreadable;
    }
    // A store that answers with no object, or one holding no snapshot (a server's `{}` for a chat it does not have), holds no chat.
    if (saved?.snapshot) {
      this.archive = Array.isArray(saved.archive) ? [...saved.archive] : [];
      try {
        const chat = restoreConversation(this.machine, saved.snapshot, this.#options);
        // A restore does not read the receipts; every save does, so they are checked here, where a chat that fails starts afresh.
        chat.receipts();
        this.#begin(chat);
        this.transcript = readTranscript(saved.transcript, this.machine);
        this.notice = typeof saved.notice === "string" ? saved.notice : "";
        // A question asked before the reload is asked again, and answered as it would have been.
        this.erasing = saved.erasing === true;
        this.erasingInPanel = saved.erasingInPanel === true;
        return;
      } catch (e) {
        this.#resumeFailed(saved, e);
      }
    }
    this.#begin(createConversation(this.machine, this.#options));
    this.#heard(this.chat.prompt);
    this.save();
  }

  /** Keep the receipts of a chat that cannot be resumed (Art. 7(1): consent stays demonstrable), and say why it starts again. */
  #resumeFailed(saved: StoredChat, e: unknown): void {
    let version = "unknown";
    try {
      version = String(JSON.parse(saved.snapshot).version ?? version);
    } catch {}
    const receipts = Array.isArray(saved.receipts) ? (saved.receipts as Receipt[]) : [];
    if (receipts.length)
      this.archive.push({
        version,
        archivedAt: new Date().toISOString(),
        receipts,
      });
    const w = this.words;
    this.notice = e instanceof LawflowError && e.code === "snapshot_version" ? w.updated(version, this.machine.version) : w.unrestorable;
    if (receipts.length) this.notice += w.archived;
  }

  #begin(chat: Conversation): void {
    this.#unsubscribe();
    this.chat = chat;
    this.#unsubscribe = chat.on(this.#onEvent);
  }

  /** A new conversation; receipts of earlier versions stay in the archive. */
  restart(): void {
    this.#begin(createConversation(this.machine, this.#options));
    this.transcript = [];
    this.notice = "";
    this.erasing = this.erasingInPanel = false;
    this.#heard(this.chat.prompt);
    this.save();
  }

  /** The bot's lines for a prompt: its say messages, then its text. */
  #heard(prompt: Prompt): void {
    const at = Date.now();
    const held = this.held;
    for (const text of prompt.messages) {
      const node = nodeOf(this.machine, text, held);
      this.transcript.push(node === undefined ? { by: "bot", at, text } : { by: "bot", at, node });
    }
    this.#ask(prompt, at, held);
  }

  /** The prompt's own text: its question with "Why are we asking?", or the flow's closing line. */
  #ask(prompt: Prompt, at = Date.now(), held = this.held): void {
    const node = nodeOf(this.machine, prompt.text, held, prompt.step);
    const why = "purposes" in prompt ? prompt.purposes.map((p) => p.purpose) : undefined;
    this.transcript.push(node === undefined ? { by: "bot", at, text: prompt.text } : { by: "bot", at, node, why });
  }

  /** Adds a line to the transcript; returns its text. */
  #say(by: Entry["by"], text: string): string {
    this.transcript.push({ by, at: Date.now(), text });
    return text;
  }

  #why(purpose: string): string {
    return purposeOf(this.machine, purpose)?.why ?? purpose;
  }

  /**
   * What the visitor typed: a chat command, or an answer to the current question. A request to
   * erase is asked back first (`confirmErase`): a typed yes or no answers that question, never the
   * flow's; anything else typed cancels it and is taken as what it is.
   */
  send(typed: string): Outcome {
    const w = this.words;
    const text = cleanAnswer(typed);
    if (text === undefined) return { error: w.hiddenChars };
    if (!text.trim()) return { error: w.typeFirst };
    const confirmed = this.erasing ? yesNo(text, this.machine.phrases) : undefined;
    if (confirmed !== undefined) return (this.confirmErase(confirmed, text.trim()), {});
    const erase = command(text, this.machine)?.kind === "erase";
    if (this.erasing && !erase) this.#cancelErase();
    if (erase) {
      this.#say("you", text.trim());
      this.#say("bot", w.eraseAsk);
      this.erasing = true;
      this.save();
      return {};
    }
    const before = this.chat.prompt;
    // "why?" alone, at a question with purposes to explain: the visitor wants the reason, not to answer "why?".
    if ("purposes" in before && before.purposes.length && asksWhy(text, w)) return { why: true };
    let result: ReturnType<Conversation["answerText"]>;
    try {
      result = this.chat.answerText(text);
    } catch (e) {
      if (e instanceof LawflowError && e.code === "ended") return { error: w.ended };
      throw e;
    }
    if (!result.ok) return this.#refused(before, result);
    if (before.kind === "ask" && !("command" in result)) this.transcript.push({ by: "you", at: Date.now(), field: before.field });
    else this.#say("you", text.trim());
    // Withdrawing a consent never given records nothing (no receipt): the visitor is told so, not told it was withdrawn.
    if ("command" in result && result.command === "withdraw")
      this.#say("note", (result.receipt ? w.withdrawnNote : w.notConsentedNote)(this.#why(result.purpose)));
    if ("command" in result && result.command === "object") this.#say("note", w.objectedNote(result.purposes.map((p) => this.#why(p)).join("”, “")));
    if ("command" in result && result.command === "export") this.#say("note", w.exportNote);
    this.#kept(result);
    this.#moved(before);
    this.save();
    return { showData: "command" in result && result.command === "export" };
  }

  /** A button's answer: a choice's value, yes or no, or `null` to skip; while "forget me" waits, its Yes (`true`) or Cancel. */
  choose(value: string | boolean | null, label: string): Outcome {
    if (this.erasing) return (this.confirmErase(value === true, label), {});
    const before = this.chat.prompt;
    if (before.step === null || before.kind === "end") return {};
    const result = this.chat.answer(before.step as never, value as never);
    if (!result.ok) return this.#refused(before, result);
    if (before.kind === "ask" && value !== null) this.transcript.push({ by: "you", at: Date.now(), field: before.field });
    else this.#say("you", label);
    this.#kept(result);
    this.#moved(before);
    this.save();
    return {};
  }

  /** The receipt code of a decision just recorded, for the person to keep (Art. 7(1)). */
  #kept(result: object): void {
    const code = (result as { receipt?: string }).receipt;
    if (code) this.#say("note", this.words.receiptNote(code));
  }

  #refused(before: Prompt, result: { code: Parameters<typeof refusalText>[0]; message: string }): Outcome {
    const field = before.kind === "ask" ? fieldOf(this.machine, before.field) : undefined;
    // `retry N then -> ID` may have moved on after this refusal.
    if (this.#moved(before)) this.save();
    return {
      error: refusalText(result.code, result.message, field, this.words),
    };
  }

  /** Adds the new prompt's lines if the conversation moved to another step. */
  #moved(before: Prompt): boolean {
    const now = this.chat.prompt;
    if (now.step === before.step && now.kind === before.kind) return false;
    this.#heard(now);
    return true;
  }

  /** Withdraws consent for `purpose` (Art. 7(3)); returns the note said, which "Your data" shows too. */
  withdraw(purpose: string): string {
    const before = this.chat.prompt;
    this.chat.withdraw(purpose);
    const note = this.#say("note", this.words.withdrawnNote(this.#why(purpose)));
    this.#moved(before);
    this.save();
    return note;
  }

  /** Objects to `purpose` (Art. 21); returns the note said, which "Your data" shows too. */
  object(purpose: string): string {
    const before = this.chat.prompt;
    this.chat.object(purpose);
    const note = this.#say("note", this.words.objectedNote(this.#why(purpose)));
    this.#moved(before);
    this.save();
    return note;
  }

  /** The answer to "Erase everything …?" after "forget me" was typed (`said`: the button's label, or what was typed): erase only on `true`. */
  confirmErase(yes: boolean, said = yes ? this.words.eraseYes : this.words.cancel): void {
    if (!this.erasing) return;
    if (yes) return void this.erase();
    this.#say("you", said);
    this.#cancelErase();
  }

  /** Erasure not confirmed: said in the transcript, nothing erased, and the flow's question asked again where the visitor can see it. */
  #cancelErase(): void {
    this.erasing = false;
    this.#say("note", this.words.eraseCancelled);
    if (!this.chat.ended) this.#ask(this.chat.prompt);
    this.save();
  }

  /** The panel's confirmation asked (`true`), or gone unanswered (`false`: cancelled, or the panel closed). */
  askInPanel(asking: boolean): void {
    if (this.erasingInPanel === asking) return;
    this.erasingInPanel = asking;
    this.save();
  }

  /** Erases everything held (Art. 17); returns the note said, which "Your data" shows too. */
  erase(): string {
    this.erasing = this.erasingInPanel = false;
    this.chat.erase();
    // Bot lines may have quoted erased values: the transcript goes with them.
    this.transcript = [];
    // Erasure keeps what a legal obligation or a public task needs (Art. 17(3)(b)); "Your data" shows it.
    const note = this.#say("note", this.chat.export().data[0] ? this.words.erasedKeptNote : this.words.erasedNote);
    this.save();
    return note;
  }

  save(): void {
    const chat: StoredChat = {
      snapshot: this.chat.snapshot(),
      receipts: this.chat.receipts(),
      // Copies: the save may run later, and must store the transcript that goes with this snapshot.
      transcript: [...this.transcript],
      archive: [...this.archive],
      ...(this.notice ? { notice: this.notice } : {}),
      ...(this.erasing ? { erasing: true } : {}),
      ...(this.erasingInPanel ? { erasingInPanel: true } : {}),
    };
    // One save at a time, in order, so a slow host store never keeps an older chat over a newer one.
    this.#saving = this.#saving.then(() => this.#store.save(this.machine.id, chat)).catch(this.#onSaveError);
  }
}
