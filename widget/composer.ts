/**
 * Where the visitor answers. The text box is always there, at every prompt,
 * so a chat command ("stop", "my data", "forget me") can be typed anywhere;
 * choices, yes/no and consent are also buttons of equal weight, a date also
 * has a picker. The box is one element for the whole chat: what was typed
 * survives a refusal, a panel action and the bot's next message.
 */
import type { Conversation } from "lawflow/runtime";
import { button, h, liveText } from "./dom.ts";
import type { Words } from "./words.ts";

type Prompt = Conversation["prompt"];

export interface ComposerActions {
  send(text: string): void;
  /** A button's value; while erasing, `true` for "Yes, erase everything" and `false` for Cancel. */
  choose(value: string | boolean | null, label: string): void;
  restart(): void;
}

/** Mobile keyboards that fit the field (WCAG 1.3.5: purpose of input). */
const KEYBOARD: Record<string, [inputmode: string, autocomplete: string]> = {
  email: ["email", "email"],
  phone: ["tel", "tel"],
  integer: ["numeric", "off"],
  number: ["decimal", "off"],
};

export class Composer {
  readonly input = h("input", {
    type: "text",
    name: "answer",
    autocomplete: "off",
    enterkeyhint: "send",
    "aria-describedby": "err",
  });
  readonly #error = h("p", { class: "err", id: "err", role: "alert" });
  /** A refusal is announced each time, also when it says what the last one said. */
  readonly #refusal = liveText(this.#error);
  readonly #replies: HTMLElement;
  readonly el: HTMLElement;
  readonly #actions: ComposerActions;
  readonly #w: Words;

  constructor(actions: ComposerActions, w: Words) {
    this.#actions = actions;
    this.#w = w;
    this.#replies = h("div", {
      class: "replies",
      role: "group",
      "aria-label": w.answers,
    });
    const form = h("form", null, this.input, h("button", { class: "send", type: "submit" }, w.send));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      actions.send(this.input.value);
    });
    this.el = h("div", { class: "composer" }, this.#replies, this.#error, form);
  }

  /** Shows a refusal next to the input, which keeps what was typed. */
  refuse(message: string): void {
    this.#refusal(message);
    this.input.setAttribute("aria-invalid", "true");
  }

  /** After an answer was taken: the box empties, and the old buttons go until the next prompt brings its own. */
  accepted(): void {
    this.input.value = "";
    this.#refusal("");
    this.input.removeAttribute("aria-invalid");
    this.#replies.replaceChildren();
  }

  /**
   * The controls for `prompt`; `labelId` is the question's message, which names the input. While
   * `erasing` (after "forget me"), the buttons are the confirmation's, of equal weight as the panel's.
   */
  show(prompt: Prompt, labelId: string | undefined, erasing = false): void {
    const input = this.input;
    const w = this.#w;
    const [mode, complete] = (prompt.kind === "ask" && KEYBOARD[prompt.fieldType]) || ["text", "off"];
    input.inputMode = mode;
    input.autocomplete = complete as AutoFill;
    const replies: HTMLElement[] = [];
    const reply = (label: string, value: string | boolean | null, look?: string) =>
      button(label, () => this.#actions.choose(value, label), { class: look });
    const open = !erasing && (prompt.kind === "ask" || prompt.kind === "consent");
    if (erasing)
      replies.push(reply(w.eraseYes, true, "danger"), reply(w.cancel, false));
    else if (prompt.kind === "consent") replies.push(reply(w.agree, true), reply(w.decline, false));
    else if (prompt.kind === "ask") {
      for (const c of prompt.choices) replies.push(reply(c.label, c.value));
      if (prompt.fieldType === "yesno") replies.push(reply(w.yes, true), reply(w.no, false));
      if (prompt.fieldType === "date") replies.push(this.#datePicker());
      if (prompt.optional) replies.push(reply(w.skip, null));
    } else
      replies.push(button(w.restart, () => this.#actions.restart()), h("span", { class: "hint" }, w.stillType));
    this.#replies.replaceChildren(...replies);
    input.placeholder = !open ? w.typeMessage : replies.length ? w.orTypeAnswer : w.typeAnswer;
    if ((open || erasing) && labelId) {
      input.setAttribute("aria-labelledby", labelId);
      input.removeAttribute("aria-label");
    } else {
      input.removeAttribute("aria-labelledby");
      input.setAttribute("aria-label", w.message);
    }
  }

  /** A native date picker that fills the text box (which takes YYYY-MM-DD, or a command). */
  #datePicker(): HTMLElement {
    const pick = h("input", {
      type: "date",
      "aria-label": this.#w.pickDate,
    });
    pick.addEventListener("change", () => {
      this.input.value = pick.value;
      this.input.focus();
    });
    return pick;
  }
}
