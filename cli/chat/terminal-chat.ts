/**
 * The terminal chat behind `lawflow run`: shows each prompt, numbers the
 * choices, answers `why?`, `data`, `receipts` and `help`, and hands anything
 * else to the runtime's `answerText` — which also recognises the flow's
 * withdraw phrases and the access ("what do you know about me") and erasure
 * ("forget me") commands. Reads lines, writes lines: no terminal control
 * codes, so piped transcripts replay exactly.
 */
import type { MachineDefinition } from "../../runtime/machine.ts";
import type { Conversation, ErasedPrompt, PromptShape, TextResult } from "../../runtime/types.ts";
import { dataLines, receiptLines, whyLines } from "./format.ts";

export interface ChatOptions {
  /** Writes one line of output (without its newline). */
  readonly print: (line: string) => void;
  /** Repeat each input line after `> ` (for piped input, so the output reads as a transcript). */
  readonly echo?: boolean;
}

const HELP = [
  "Commands:",
  "  why?                    why this question is asked: purposes, bases, how long it is kept",
  "  data                    what is held about you, for which purpose, until when",
  "  receipts                the consent receipts of this conversation",
  "  what do you know about me, forget me, and the flow's withdraw phrases also work",
  "  quit                    leave",
];

type Prompt = PromptShape | ErasedPrompt;

export class TerminalChat {
  readonly #conv: Conversation;
  readonly #machine: MachineDefinition;
  readonly #print: (line: string) => void;
  readonly #echo: boolean;
  #announcedEnd = false;

  constructor(conv: Conversation, machine: MachineDefinition, options: ChatOptions) {
    this.#conv = conv;
    this.#machine = machine;
    this.#print = options.print;
    this.#echo = options.echo ?? false;
  }

  get conversation(): Conversation {
    return this.#conv;
  }

  /** The banner and the first prompt. */
  start(): void {
    const m = this.#machine;
    this.#print(`${m.id} ${m.version} · controller: ${m.controller.name} <${m.controller.contact}>`);
    this.#print(`Type "why?" to see why a question is asked, "help" for more.`);
    this.#print("");
    this.#show(this.#conv.prompt);
  }

  /** Handles one line of input; returns false when the person asked to leave. */
  handle(raw: string): boolean {
    const line = raw.replace(/\r$/, "");
    if (this.#echo) this.#print(`> ${line}`);
    const word = line.trim().toLowerCase();
    if (word === "") return true;
    if (word === "quit" || word === "exit" || word === ":q") return false;
    if (word === "help" || word === "?") {
      HELP.forEach((l) => this.#print(l));
      return true;
    }
    if (word === "why?" || word === "why" || word === "why are you asking?" || word === "why are you asking") {
      this.#why();
      return true;
    }
    if (word === "data") {
      this.#print("Held data:");
      dataLines(this.#conv.export()).forEach((l) => this.#print(l));
      return true;
    }
    if (word === "receipts") {
      this.#print("Consent receipts:");
      receiptLines(this.#conv.receipts()).forEach((l) => this.#print(l));
      return true;
    }

    const prompt = this.#conv.prompt;
    const choice = this.#numberedChoice(prompt, word);
    let result: TextResult<Prompt>;
    try {
      result = choice !== undefined && prompt.kind === "ask" ? this.#conv.answer(prompt.step as never, choice as never) : this.#conv.answerText(line);
    } catch (e) {
      // After the end, rights commands still work (answerText handles them); answers do not.
      if ((e as { code?: unknown }).code !== "ended") throw e;
      this.#print("The conversation has ended. You can still type data, receipts, what do you know about me, forget me, or a withdraw phrase.");
      return true;
    }
    this.#report(result);
    return true;
  }

  /** Prints the outcome if the conversation ended and it was not yet shown. */
  finish(): void {
    if (!this.#conv.ended) this.#print(`(left at step ${String(this.#conv.prompt.step)}; the conversation did not end)`);
  }

  #numberedChoice(prompt: Prompt, word: string): string | undefined {
    if (prompt.kind !== "ask" || prompt.choices.length === 0 || !/^\d{1,3}$/.test(word)) return undefined;
    return prompt.choices[Number(word) - 1]?.value;
  }

  #report(result: TextResult<Prompt>): void {
    if ("command" in result) {
      switch (result.command) {
        case "withdraw":
          this.#print(`Consent for ${result.purpose} withdrawn.${result.erased.length ? ` Erased: ${result.erased.join(", ")}.` : ""}`);
          break;
        case "export":
          this.#print("Here is what we hold about you:");
          dataLines(result.data).forEach((l) => this.#print(l));
          break;
        case "object":
          this.#print(`Objection recorded: ${result.purposes.join(", ")} stopped.${result.erased.length ? ` Erased: ${result.erased.join(", ")}.` : ""}`);
          break;
        case "erase": {
          // What erasure kept for a legal obligation or a public task, and why (Art. 17(3)(b)).
          const held = new Set(this.#conv.export().data.flatMap((d) => d.purposes.map((p) => p.purpose)));
          const kept = this.#machine.purposes.flatMap((p) => (held.has(p.name) && p.kept ? [p.kept] : []));
          this.#print(
            `${kept.length ? "We erased what we held about you, except what the law makes us keep" : "Everything we held about you is erased"}${result.erased.length ? ` (${result.erased.join(", ")})` : ""}. The consent receipts are kept, without your data.`,
          );
          // A running conversation's erased prompt says it below; an ended one's closing prompt does not.
          if (result.prompt.kind !== "erased") kept.forEach((k) => this.#print(k));
          break;
        }
        case "skip":
          break;
      }
      this.#kept(result);
      // A command leaves the question where it was; show it again unless it moved on.
      if (result.command === "skip" || result.command === "erase" || !this.#conv.ended) this.#show(result.prompt, result.command !== "skip");
      return;
    }
    if (!result.ok) {
      this.#print(`! ${result.message}`);
      this.#show(result.prompt, true);
      return;
    }
    this.#kept(result);
    this.#show(result.prompt);
  }

  /** The receipt code of a decision just recorded, for the person to keep (Art. 7(1)). */
  #kept(result: object): void {
    const code = (result as { receipt?: string }).receipt;
    if (code) this.#print(`receipt code: ${code} (keep it: it lets you check our record of this decision)`);
  }

  #show(prompt: Prompt, repeat = false): void {
    if (prompt.kind === "end" || prompt.kind === "erased") {
      if (this.#announcedEnd) return;
      this.#announcedEnd = true;
      if (!repeat) prompt.messages.forEach((m) => this.#print(`bot: ${m}`));
      this.#print(`bot: ${prompt.text}`);
      this.#print(`outcome: ${String(this.#conv.outcome)}`);
      return;
    }
    if (!repeat) prompt.messages.forEach((m) => this.#print(`bot: ${m}`));
    this.#print(`bot: ${prompt.text}`);
    if (prompt.kind === "consent") {
      this.#print("  yes / no");
      return;
    }
    prompt.choices.forEach((c, i) => this.#print(`  ${i + 1}. ${c.label}`));
    if (prompt.optional) this.#print('  (optional: type "skip" to skip)');
  }

  #why(): void {
    const prompt = this.#conv.prompt;
    if (prompt.kind !== "ask" && prompt.kind !== "consent") {
      this.#print("There is no question now.");
      return;
    }
    this.#print("Why are we asking?");
    whyLines(prompt.purposes).forEach((l) => this.#print(l));
  }
}

/** Runs a chat over lines of input until they end or the person quits. */
export async function runChat(chat: TerminalChat, lines: AsyncIterable<string>): Promise<void> {
  chat.start();
  for await (const line of lines) if (!chat.handle(line)) break;
  chat.finish();
}
