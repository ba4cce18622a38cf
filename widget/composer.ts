/**
 * Where the visitor answers. The text box is always there, at every prompt,
 * so a chat command ("stop", "my data", "forget me") can be typed anywhere;
 * choices, yes/no and consent are also buttons of equal weight, a date also
 * has a picker. The box is one element for the whole chat: what was typed
 * survives a refusal, a panel action and the bot's next message.
 */
import type { Conversation } from "lawflow/runtime";
import { h } from "./dom.ts";

type Prompt = Conversation["prompt"];

export interface ComposerActions {
  send(text: string): void;
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
  readonly input = h("input", { type: "text", name: "answer", autocomplete: "off", enterkeyhint: "send", "aria-describedby": "err" });
  readonly error = h("p", { class: "err", id: "err", role: "alert" });
  readonly replies = h("div", { class: "replies", role: "group", "aria-label": "Answers" });
  readonly el: HTMLElement;

  constructor(private readonly actions: ComposerActions) {
    const form = h("form", { novalidate: true }, this.input, h("button", { class: "send", type: "submit" }, "Send"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      actions.send(this.input.value);
    });
    this.el = h("div", { class: "composer" }, this.replies, this.error, form);
  }

  /** Shows a refusal next to the input, which keeps what was typed. */
  refuse(message: string): void {
    this.error.textContent = message;
    this.input.setAttribute("aria-invalid", "true");
  }

  /** After an answer was taken. */
  accepted(): void {
    this.input.value = "";
    this.error.textContent = "";
    this.input.removeAttribute("aria-invalid");
  }

  /** The controls for `prompt`; `labelId` is the question's message, which names the input. */
  show(prompt: Prompt, labelId: string | undefined): void {
    const input = this.input;
    const [mode, complete] = (prompt.kind === "ask" && KEYBOARD[prompt.fieldType]) || ["text", "off"];
    input.inputMode = mode;
    input.autocomplete = complete as AutoFill;
    const replies: HTMLElement[] = [];
    const reply = (label: string, value: string | boolean | null) =>
      h("button", { type: "button", class: "reply", "data-value": String(value), onclick: () => this.actions.choose(value, label) }, label);
    if (prompt.kind === "consent") replies.push(reply("Yes, I agree", true), reply("No, thanks", false));
    if (prompt.kind === "ask") {
      for (const c of prompt.choices) replies.push(reply(c.label, c.value));
      if (prompt.fieldType === "yesno") replies.push(reply("Yes", true), reply("No", false));
      if (prompt.fieldType === "date") replies.push(this.datePicker());
      if (prompt.optional) replies.push(reply("Skip", null));
    }
    const open = prompt.kind === "ask" || prompt.kind === "consent";
    if (!open)
      replies.push(
        h("button", { type: "button", class: "reply", onclick: () => this.actions.restart() }, "Start a new conversation"),
        h("span", { class: "hint" }, "You can still type “my data” or “forget me”."),
      );
    this.replies.replaceChildren(...replies);
    input.placeholder = !open ? "Type a message…" : replies.length ? "Or type your answer…" : "Type your answer…";
    if (open && labelId) {
      input.setAttribute("aria-labelledby", labelId);
      input.removeAttribute("aria-label");
    } else {
      input.removeAttribute("aria-labelledby");
      input.setAttribute("aria-label", "Message");
    }
  }

  /** A native date picker that fills the text box (which takes YYYY-MM-DD, or a command). */
  private datePicker(): HTMLElement {
    const pick = h("input", { type: "date", class: "pick", "aria-label": "Pick a date" });
    pick.addEventListener("change", () => {
      this.input.value = pick.value;
      this.input.focus();
    });
    return pick;
  }
}
