/**
 * The conversation as messages in a live region. Messages are only ever
 * appended, so a screen reader announces each new one once; a message that
 * shows a held value changes in place when that value is withdrawn or erased.
 */
import type { MachineDefinition, TextTemplate } from "lawflow/runtime";
import { h, hidden } from "./dom.ts";
import { fieldOf, purposeOf } from "./machine.ts";
import type { Entry } from "./transcript.ts";
import { clockTime, retentionText, shown, type Words } from "./words.ts";

interface Drawn {
  readonly entry: Entry;
  readonly text: HTMLElement;
  readonly message: HTMLElement;
}

export class Log {
  readonly el: HTMLElement;
  #drawn: Drawn[] = [];
  readonly #machine: MachineDefinition;
  readonly #avatar: () => Node;
  readonly #botName: string;
  readonly #w: Words;

  constructor(machine: MachineDefinition, avatar: () => Node, botName: string, w: Words) {
    this.#machine = machine;
    this.#avatar = avatar;
    this.#botName = botName;
    this.#w = w;
    this.el = h("div", {
      class: "log",
      role: "log",
      "aria-label": w.conversation,
      tabindex: 0,
    });
  }

  get length(): number {
    return this.#drawn.length;
  }

  clear(): void {
    this.#drawn = [];
    this.el.replaceChildren();
  }

  /** Appends `entries`, and redraws the held values of those already shown. */
  draw(entries: readonly Entry[], held: Map<string, string>): void {
    for (const drawn of this.#drawn) {
      const parts = this.#parts(drawn.entry, held);
      const text = parts.map((p) => (typeof p === "string" ? p : p.textContent)).join("");
      if (drawn.text.textContent !== text) drawn.text.replaceChildren(...parts);
      drawn.message.classList.toggle("gone", drawn.entry.field !== undefined && !held.has(drawn.entry.field));
    }
    for (const entry of entries) this.#append(entry, held);
    this.el.scrollTop = this.el.scrollHeight;
  }

  /** The id of the bot's latest line, the question the input answers: a command typed and its note since (“my data”, “stop”) do not unname the text box. */
  get questionId(): string | undefined {
    return this.#drawn.filter((d) => d.entry.by === "bot").pop()?.text.id;
  }

  /** Opens the latest question's "Why are we asking?" (the question waiting: no later line has one); returns what it says. */
  openWhy(): string {
    const why = Array.from(this.el.querySelectorAll("details")).pop();
    if (!why) return "";
    why.open = true;
    why.scrollIntoView({ block: "nearest" });
    return why.innerText;
  }

  #append(entry: Entry, held: Map<string, string>): void {
    const text = h("p", { dir: "auto", id: `m${this.#drawn.length}` }, ...this.#parts(entry, held));
    const by = entry.by === "bot" ? `${this.#botName}:` : entry.by === "you" ? `${this.#w.you}:` : "";
    const why = entry.why?.length ? this.#why(entry.why) : null;
    const bubble = h(
      "div",
      { class: "bubble" },
      by && hidden(by + " "),
      text,
      why,
      h("time", { datetime: new Date(entry.at).toISOString() }, clockTime(entry.at)),
    );
    const message = h("div", { class: `msg ${entry.by}` }, entry.by === "bot" && this.#avatar(), bubble);
    message.classList.toggle("gone", entry.field !== undefined && !held.has(entry.field));
    this.#drawn.push({ entry, text, message });
    this.el.append(message);
  }

  /** What a message says now: visitors' values and filled-in fields isolated in `<bdi>`, so their direction never reorders the sentence around them. */
  #parts(entry: Entry, held: Map<string, string>): (string | HTMLElement)[] {
    if (entry.field !== undefined) {
      const value = held.get(entry.field);
      const label = fieldOf(this.#machine, entry.field)?.label ?? entry.field;
      return value === undefined ? [this.#w.noLongerHeld(label)] : [h("bdi", null, shown(value))];
    }
    const node = entry.node === undefined ? undefined : (this.#machine.nodes[entry.node] as { text?: TextTemplate });
    if (!node?.text) return [shown(entry.text ?? "")];
    return node.text.map((part) => (typeof part === "string" ? shown(part) : h("bdi", null, shown(held.get(part.field) ?? ""))));
  }

  /** "Why are we asking?": each purpose of the question with its basis, retention and recipients (Art. 13(1)(c), (e), 13(2)(a)). */
  #why(purposes: readonly string[]): HTMLElement {
    const items = purposes.flatMap((name) => {
      const p = purposeOf(this.#machine, name);
      if (!p) return [];
      const w = this.#w;
      const facts = w.whyFacts(w.basis[p.basis] + (p.evidence ? ` (${p.evidence})` : ""), retentionText(p.retention, w), p.sharedWith.join(", "));
      return [h("li", { "data-purpose": name }, h("strong", null, shown(p.why)), " ", shown(facts))];
    });
    return h("details", null, h("summary", null, this.#w.whyAsk), h("ul", null, ...items));
  }
}
