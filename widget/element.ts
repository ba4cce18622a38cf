/**
 * `<lawflow-chat>`: a chat for any compiled flow, as a custom element. Plain
 * DOM in a shadow root. It owns the layout (launcher or inline), the pause
 * before the bot speaks, focus and the "Your data" panel; what is said and
 * kept is the session's.
 */
import type { Conversation, ConversationOptions, LawflowEvent, MachineDefinition } from "lawflow/runtime";
import { Composer } from "./composer.ts";
import { button, h, liveText } from "./dom.ts";
import { Log } from "./log.ts";
import { panelContents } from "./panel.ts";
import { Session, type Outcome } from "./session.ts";
import { localStore, type ChatStore } from "./store.ts";
import { FULL_SCREEN, STYLES } from "./styles.ts";
import type { Entry } from "./transcript.ts";
import { wordsWith, type OwnWords, type Words } from "./words.ts";

export interface ChatOptions extends ConversationOptions {
  /** Where the chat is kept between visits. Default: `localStore()` (localStorage, key `lawflow:<flow id>`). */
  readonly store?: ChatStore;
  /**
   * The chat's own words (buttons, notes, "Your data"), in part or in full: English is the default
   * (`ENGLISH`, the table to translate). Set `lang` and, for a right-to-left language, `dir="rtl"` on the element.
   */
  readonly words?: OwnWords;
}

/** The DOM event a runtime event becomes (`lawflow-answered`, `lawflow-consent`, `lawflow-ended`, …). */
const eventName = (type: LawflowEvent["type"]) => `lawflow-${type === "stored" ? "answered" : type}`;

// Importable where there is no DOM (a server render, a test runner): only defining the element needs one.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

export class LawflowChat extends Base {
  static readonly observedAttributes = ["bot-name", "avatar", "notice"];
  /**
   * Set before `machine`: read when the chat starts. Declared, not initialised, so that options set
   * before the element was defined (an own property by then) are not replaced by an empty object.
   */
  declare options: ChatOptions | undefined;
  #machine?: MachineDefinition;
  #session?: Session;
  #boots = 0;
  #root = this.attachShadow({ mode: "open" });
  #view?: View;
  #timer?: ReturnType<typeof setTimeout>;
  #shownTranscript?: readonly Entry[];
  #panelOpen = false;
  #status = "";
  /** Whether the launcher's window fills the screen; none in a DOM without media queries (a test runner's), where it never does. */
  #fullScreen = globalThis.matchMedia?.(FULL_SCREEN);

  /** The compiled flow (`LeadCaptureMachine` from `lead.flow.ts`). Setting it starts, or resumes, its chat. */
  get machine(): MachineDefinition | undefined {
    return this.#machine;
  }
  set machine(machine: MachineDefinition | undefined) {
    this.#machine = machine;
    if (this.isConnected) void this.#boot();
  }

  /** The running conversation, for the host: `dataFor(purpose)`, `export()`, `receipts()`. */
  get conversation(): Conversation | undefined {
    return this.#session?.chat;
  }

  connectedCallback(): void {
    // A machine set before the element was defined is an own property that hides the setter.
    if (Object.hasOwn(this, "machine")) {
      const machine = this.machine;
      delete (this as { machine?: unknown }).machine;
      this.#machine = machine;
    }
    if (this.#machine && !this.#session) void this.#boot();
  }

  attributeChangedCallback(): void {
    if (this.#view) this.#build();
  }

  get #inline(): boolean {
    return this.getAttribute("mode") === "inline";
  }

  /** Opens the chat window (launcher mode) and puts focus in the text box. */
  open(): void {
    const v = this.#view;
    if (!v) return;
    v.win.hidden = false;
    v.launcher?.setAttribute("aria-expanded", "true");
    v.log.el.scrollTop = v.log.el.scrollHeight;
    this.#focusChat();
  }

  /** Closes the chat window (launcher mode); focus returns to the launcher. */
  close(): void {
    const v = this.#view;
    if (!v?.launcher) return;
    v.win.hidden = true;
    v.launcher.setAttribute("aria-expanded", "false");
    v.launcher.focus();
  }

  /** Starts a new conversation with the same flow; receipts of earlier ones stay. */
  restart(): void {
    this.#session?.restart();
    this.#draw();
    this.#view?.composer.input.focus();
  }

  async #boot(): Promise<void> {
    const machine = this.#machine;
    const boot = ++this.#boots;
    if (!machine) return;
    const dispatch = (name: string, detail: unknown) => this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    const session = new Session(
      machine,
      this.options?.store ?? localStore(),
      {
        method: "web-chat",
        ...this.options,
        words: wordsWith(this.options?.words),
      },
      (event) => dispatch(eventName(event.type), event),
      (error) => dispatch("lawflow-save-failed", { error }),
    );
    await session.open();
    if (boot !== this.#boots) return;
    this.#session = session;
    this.#shownTranscript = undefined;
    this.#build();
    dispatch("lawflow-ready", { flow: machine.id, version: machine.version });
  }

  /** The window's parts, built again when an attribute changes; the session and what was typed stay. */
  #build(): void {
    const session = this.#session;
    if (!session) return;
    const { machine, words: w } = session;
    const typed = this.#view?.composer.input.value ?? "";
    const name = this.getAttribute("bot-name") || machine.controller.name;
    const avatar = () => {
      const src = this.getAttribute("avatar");
      return h("span", { class: "av", "aria-hidden": "true" }, src ? h("img", { src, alt: "" }) : [...name][0]!.toUpperCase());
    };
    const log = new Log(machine, avatar, name, w);
    const composer = new Composer(
      {
        send: (t) => this.#answer(() => session.send(t)),
        choose: (v, l) => this.#answer(() => session.choose(v, l)),
        restart: () => this.restart(),
      },
      w,
    );
    composer.input.value = typed;
    const dataButton = button(w.yourData, () => this.#togglePanel(!this.#panelOpen), { "aria-expanded": "false", "aria-controls": "panel" });
    const launcher = this.#inline
      ? undefined
      : button(chatIcon(), () => (this.#view?.win.hidden ? this.open() : this.close()), {
          class: "launcher",
          "aria-expanded": "false",
          "aria-controls": "win",
          "aria-label": w.chatWith(name),
        });
    const win = h(
      "section",
      {
        class: "win",
        id: "win",
        role: launcher && "dialog",
        "aria-label": w.chatWith(name),
        hidden: !!launcher,
      },
      h(
        "header",
        null,
        avatar(),
        h("div", { class: "who" }, h("p", { class: "name" }, name), name !== machine.controller.name && h("p", { class: "sub" }, machine.controller.name)),
        dataButton,
        launcher && button("×", () => this.close(), { class: "x", "aria-label": w.close }),
      ),
      h("p", { class: "notice", role: "status" }),
    );
    const typing = h("div", { class: "typing", "aria-hidden": "true", hidden: true }, h("span"), h("span"), h("span"));
    // What a typed "why?" opened, read out once each time it is asked.
    const explained = h("p", { class: "sr", role: "status" });
    const panel = h("section", {
      class: "panel",
      id: "panel",
      "aria-labelledby": "panel-title",
      hidden: true,
    });
    win.append(log.el, typing, explained, panel, composer.el, this.#footer(machine, w));
    if (launcher) {
      // Filling the screen, the window covers the launcher and the page: a modal dialog, until the viewport grows again.
      const modal = () => win.setAttribute("aria-modal", String(!!this.#fullScreen?.matches));
      modal();
      if (this.#fullScreen) this.#fullScreen.onchange = modal;
    }
    win.addEventListener("keydown", (e) => {
      if (e.key === "Tab") this.#wrapFocus(e);
      if (e.key !== "Escape") return;
      if (this.#panelOpen) this.#togglePanel(false);
      else this.close();
    });
    if (this.#view && !this.#view.win.hidden) win.hidden = false;
    this.#view = {
      win,
      launcher,
      log,
      composer,
      typing,
      panel,
      dataButton,
      notice: win.querySelector(".notice")!,
      explain: liveText(explained),
    };
    this.#root.replaceChildren(h("style", null, STYLES), ...(launcher ? [launcher] : []), win);
    this.#shownTranscript = undefined;
    this.#panelOpen = false;
    this.#draw(true);
    // An erasure asked for before a reload: the same question, with focus on it.
    if (session.erasingInPanel) this.#togglePanel(true);
    if (session.erasing || session.erasingInPanel) this.#focusChat();
  }

  /**
   * While the window is modal, Tab from its last control goes to its first and Shift+Tab from its
   * first to its last: focus never reaches the launcher or the page it covers (WCAG 2.4.11).
   */
  #wrapFocus(e: KeyboardEvent): void {
    const win = this.#view!.win;
    if (win.getAttribute("aria-modal") !== "true") return;
    const stops = Array.from(win.querySelectorAll<HTMLElement>("a[href],button,input,summary,[tabindex='0']")).filter((el) => el.getClientRects().length);
    const [last, next] = e.shiftKey ? [stops[0], stops.at(-1)] : [stops.at(-1), stops[0]];
    if (this.#root.activeElement !== last) return;
    e.preventDefault();
    next!.focus();
  }

  /** Focus where the visitor was: the panel's pending erase question (on Cancel), the panel, or the text box. */
  #focusChat(): void {
    if (this.#panelOpen) this.#drawPanel(this.#session!.erasingInPanel ? "erase-no" : "title");
    else this.#view?.composer.input.focus();
  }

  /** The privacy notice, one click away (Art. 13), or the controller's contact where the host gave none. */
  #footer(machine: MachineDefinition, w: Words): HTMLElement {
    const href = this.getAttribute("notice");
    const { contact } = machine.controller;
    // Only a web address: a host's attribute never becomes a `javascript:` link.
    const safe = href && /^(https?:|[^:]*$)/i.test(href.trim());
    const link = safe
      ? h("a", { href, target: "_blank", rel: "noopener" }, w.notice)
      : contact.includes("@")
        ? h("a", { href: `mailto:${contact}` }, w.contact(contact))
        : h("span", null, w.contact(contact));
    return h("footer", null, link);
  }

  /** Draws what the session holds. New bot lines come after a short pause with a typing indicator, unless `now`. */
  #draw(now = false): void {
    const s = this.#session;
    const v = this.#view;
    if (!s || !v) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const held = s.held;
    if (this.#shownTranscript !== s.transcript) {
      // Erasure and a new conversation replace the transcript.
      v.log.clear();
      this.#shownTranscript = s.transcript;
    }
    const pending = s.transcript.slice(v.log.length);
    const firstBot = pending.findIndex((e) => e.by === "bot");
    const delay = Number(this.getAttribute("typing-delay") ?? 600);
    if (now || firstBot < 0 || !(delay > 0)) {
      v.log.draw(pending, held);
      v.typing.hidden = true;
      v.composer.show(s.chat.prompt, v.log.questionId, s.erasing);
      v.notice.textContent = s.notice;
      v.notice.hidden = !s.notice;
      // The composer's height changes with the prompt: the newest message stays in view.
      v.log.el.scrollTop = v.log.el.scrollHeight;
      if (this.#panelOpen) this.#drawPanel();
      return;
    }
    v.log.draw(pending.slice(0, firstBot), held);
    v.typing.hidden = false;
    this.#timer = setTimeout(() => this.#draw(true), delay);
  }

  /** What the visitor typed or pressed. Acting before the bot has finished its pause, they see the bot's lines first. */
  #answer(act: () => Outcome): void {
    if (this.#timer !== undefined) this.#draw(true);
    const outcome = act();
    const v = this.#view!;
    const composer = v.composer;
    // The button pressed may be about to go: focus stays in the text box.
    composer.input.focus();
    if (outcome.error) composer.refuse(outcome.error);
    else composer.accepted();
    // "why?" typed: the question's "Why are we asking?" opens, and is read out; the question still waits.
    // Drawn at once first: a cancelled erasure has just asked the question again.
    this.#draw(outcome.why);
    if (outcome.why) v.explain(v.log.openWhy());
    if (outcome.showData) this.#togglePanel(true, this.#session!.words.everythingHeld);
  }

  #togglePanel(open: boolean, status = ""): void {
    const v = this.#view!;
    this.#panelOpen = open;
    if (!open) this.#session!.askInPanel(false);
    this.#status = status;
    v.dataButton.setAttribute("aria-expanded", String(open));
    v.panel.hidden = !open;
    v.log.el.hidden = v.composer.el.hidden = open;
    if (open) this.#drawPanel("title");
    else v.composer.input.focus();
  }

  /** Redraws the panel, keeping focus on the control that had it, else on `focus` (a `data-key`), else on its heading. */
  #drawPanel(focus?: string): void {
    const s = this.#session!;
    const v = this.#view!;
    const active = this.#root.activeElement as HTMLElement | null;
    const inPanel = !!active && v.panel.contains(active);
    const key = focus ?? (inPanel ? active.dataset.key : undefined);
    const data = s.chat.export();
    const w = s.words;
    v.panel.replaceChildren(
      button(w.backToChat, () => this.#togglePanel(false), { "data-key": "back" }),
      ...panelContents(
        {
          machine: s.machine,
          data,
          held: s.held,
          archive: s.archive,
          confirming: s.erasingInPanel,
          status: this.#status,
          words: w,
        },
        {
          withdraw: (p) => this.#act(() => s.withdraw(p)),
          object: (p) => this.#act(() => s.object(p)),
          download: () => this.#download(),
          askErase: () => (s.askInPanel(true), this.#drawPanel("erase-no")),
          cancelErase: () => (s.askInPanel(false), this.#drawPanel("erase")),
          erase: () => this.#act(() => s.erase()),
        },
      ),
    );
    if (!key && !inPanel) return;
    const target = Array.from(v.panel.querySelectorAll<HTMLElement>("[data-key]")).find((e) => e.dataset.key === key);
    (target ?? v.panel.querySelector("h2")!).focus();
  }

  /** A panel action: its note goes to the transcript, and is the panel's status; what was typed in the chat stays. */
  #act(action: () => string): void {
    this.#status = action();
    this.#draw(true);
    this.#drawPanel();
  }

  /** Everything held, as a JSON file (Art. 20). A data URL: a person's data is small, and there is no object URL to revoke later. */
  #download(): void {
    const s = this.#session!;
    const a = h("a", {
      href: `data:application/json,${encodeURIComponent(JSON.stringify(s.chat.export(), null, 2))}`,
      download: `${s.machine.id}-my-data.json`,
      hidden: true,
    });
    this.#root.append(a);
    a.click();
    a.remove();
  }
}

interface View {
  readonly win: HTMLElement;
  readonly launcher: HTMLButtonElement | undefined;
  readonly log: Log;
  readonly composer: Composer;
  readonly typing: HTMLElement;
  readonly panel: HTMLElement;
  readonly dataButton: HTMLButtonElement;
  readonly notice: HTMLElement;
  /** Sets the status that reads out what a typed "why?" opened. */
  readonly explain: (text: string) => void;
}

function chatIcon(): SVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const path = document.createElementNS(ns, "path");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  svg.append(path);
  return svg;
}
