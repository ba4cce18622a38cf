/**
 * The Lead Capture chat on a web page: plain TypeScript and the DOM over the
 * module generated from ../lead-capture/lead.flow.
 *
 * - Every question has a "Why are we asking?" disclosure (Art. 13: purposes,
 *   bases, retention, recipients) built from the prompt's own purposes.
 * - Consent is asked with two buttons of equal weight (Art. 7(4)).
 * - "Your data" shows what is held, for which purpose and until when, with a
 *   JSON download (Art. 15, 20), erasure (Art. 17), withdrawal (Art. 7(3))
 *   and objection (Art. 21) per purpose.
 * - The conversation is kept in localStorage as the runtime's snapshot, so a
 *   reload resumes it. If the flow's version changed, the runtime refuses the
 *   old snapshot; a new conversation starts, and the old consent receipts are
 *   kept and shown (Art. 7(1): consent must stay demonstrable).
 * - The transcript stores no answers: a "you" line names the field and shows
 *   the value held now, so a withdrawn or erased value leaves the screen too.
 */
import { LeadCaptureMachine, restoreLeadCapture, startLeadCapture } from "../../lead-capture/lead.flow.ts";
import { LawflowError, type Basis, type ExportData, type PurposeInfo, type Receipt, type Retention } from "lawflow/runtime";

type Chat = ReturnType<typeof startLeadCapture>;
type Prompt = Chat["prompt"];

/** One line of the transcript. Answers are referenced by field, never copied. */
type Entry = { who: "bot"; text: string } | { who: "you"; field: string } | { who: "you"; text: string } | { who: "note"; text: string };

interface ArchivedReceipts {
  readonly version: string;
  readonly archivedAt: string;
  readonly receipts: readonly Receipt[];
}

const machine = LeadCaptureMachine;
const KEY = `lawflow:${machine.id}`;
const keys = { snapshot: `${KEY}:snapshot`, receipts: `${KEY}:receipts`, log: `${KEY}:log`, archive: `${KEY}:archive`, notice: `${KEY}:notice` };
const options = { method: "web-chat" };

const $ = <E extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as E;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith("data-") || k.startsWith("aria-") || k === "for" || k === "role") node.setAttribute(k, String(v));
    else (node as unknown as Record<string, unknown>)[k] = v;
  }
  node.append(...children);
  return node;
}

const BASIS: Record<Basis, string> = {
  consent: "your consent",
  contract: "a contract with you",
  legal_obligation: "a legal obligation",
  vital_interests: "vital interests",
  public_task: "a public task",
  legitimate_interests: "our legitimate interests",
};

function retentionText(r: Retention): string {
  if (r.kind === "session") return "for this conversation only";
  if (r.kind === "until_withdrawn") return "until you withdraw consent";
  const { amount, unit } = r.period;
  const span = `${amount} ${amount === 1 ? unit.replace(/s$/, "") : unit}`;
  return r.orUntilWithdrawn ? `${span}, or until you withdraw consent` : span;
}

const readJson = <T>(key: string, fallback: T): T => {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
};

// ── State ────────────────────────────────────────────────────────────────────

let chat: Chat;
let log: Entry[] = [];
let lastError = "";

function boot(): void {
  const saved = localStorage.getItem(keys.snapshot);
  if (saved !== null) {
    try {
      chat = restoreLeadCapture(saved, options);
      log = readJson<Entry[]>(keys.log, []);
      const notice = localStorage.getItem(keys.notice);
      if (notice) showNotice(notice);
      return;
    } catch (e) {
      // Refused whole (another version, or tampered): keep the receipts, start afresh.
      const oldVersion = readJson<{ version?: string }>(keys.snapshot, {}).version ?? "unknown";
      const receipts = readJson<Receipt[]>(keys.receipts, []);
      if (receipts.length > 0) {
        const archive = readJson<ArchivedReceipts[]>(keys.archive, []);
        archive.push({ version: oldVersion, archivedAt: new Date().toISOString(), receipts });
        localStorage.setItem(keys.archive, JSON.stringify(archive));
      }
      localStorage.removeItem(keys.snapshot);
      localStorage.removeItem(keys.receipts);
      localStorage.removeItem(keys.log);
      const code = e instanceof LawflowError ? e.code : (e as { code?: unknown } | null)?.code;
      const why = code === "snapshot_version" ? `this chat was updated (version ${oldVersion} → ${machine.version})` : "your saved conversation could not be restored";
      showNotice(`We started a new conversation because ${why}. Your earlier consent receipts are kept below.`);
    }
  }
  start();
}

function start(): void {
  chat = startLeadCapture(options);
  log = [];
  pushPrompt(chat.prompt);
}

function save(): void {
  localStorage.setItem(keys.snapshot, chat.snapshot());
  localStorage.setItem(keys.receipts, JSON.stringify(chat.receipts()));
  localStorage.setItem(keys.log, JSON.stringify(log));
}

/** A notice stays (across reloads) until the person starts a new conversation. */
function showNotice(text: string): void {
  localStorage.setItem(keys.notice, text);
  const notice = $("notice");
  notice.textContent = text;
  notice.hidden = false;
}

function pushPrompt(prompt: Prompt): void {
  for (const m of prompt.messages) log.push({ who: "bot", text: m });
  log.push({ who: "bot", text: prompt.text });
}

/** After any change: persist, then redraw everything from the conversation. */
function commit(): void {
  save();
  render();
}

// ── Actions ──────────────────────────────────────────────────────────────────

function answerText(text: string): void {
  const prompt = chat.prompt;
  const result = chat.answerText(text);
  if ("command" in result) {
    log.push({ who: "you", text });
    if (result.command === "withdraw") log.push({ who: "note", text: `Consent for “${purposeWhy(result.purpose)}” withdrawn.` });
    if (result.command === "export") log.push({ who: "note", text: "Your data is shown under “Your data”; use the download button for a copy." });
    if (result.command === "erase") return erased();
    if (result.command === "skip") log.push({ who: "note", text: "Skipped." });
    if (result.prompt.step !== prompt.step) pushPrompt(result.prompt);
    lastError = "";
  } else if (result.ok) {
    log.push(prompt.kind === "ask" ? { who: "you", field: prompt.field } : { who: "you", text });
    lastError = "";
    pushPrompt(result.prompt);
  } else {
    lastError = result.message;
    if (result.prompt.step !== prompt.step) pushPrompt(result.prompt);
  }
  commit();
}

function answerValue(value: string | boolean | null, shown?: string): void {
  const prompt = chat.prompt;
  if (prompt.kind === "end" || prompt.kind === "erased") return;
  const result = chat.answer(prompt.step as never, value as never);
  if (result.ok) {
    if (value === null) log.push({ who: "you", text: "(skipped)" });
    else if (prompt.kind === "ask") log.push({ who: "you", field: prompt.field });
    else log.push({ who: "you", text: shown ?? String(value) });
    lastError = "";
    pushPrompt(result.prompt);
  } else lastError = result.message;
  commit();
}

function erased(): void {
  // The transcript may quote erased values (interpolated texts): clear it as well.
  log = [{ who: "note", text: "Everything we held about you was erased. The consent receipts are kept; they hold no personal data." }];
  lastError = "";
  commit();
}

function download(): void {
  const blob = new Blob([JSON.stringify(chat.export(), null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: `${machine.id}-my-data.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ── Rendering ────────────────────────────────────────────────────────────────

const purposeDef = (name: string) => machine.purposes.find((p) => p.name === name);
const purposeWhy = (name: string) => purposeDef(name)?.why ?? name;
const fieldDef = (name: string) => machine.fields.find((f) => f.name === name);

function shownValue(field: string, data: ExportData): string | undefined {
  const held = data.data.find((v) => v.field === field);
  if (!held) return undefined;
  const type = fieldDef(field)?.type;
  if (type?.kind === "choice") return type.options.find((o) => o.value === held.value)?.label ?? String(held.value);
  if (typeof held.value === "boolean") return held.value ? "Yes" : "No";
  return String(held.value);
}

function render(): void {
  const data = chat.export();
  renderLog(data);
  renderQuestion();
  renderData(data);
  renderReceipts();
}

function entryNode(e: Entry, data: ExportData): HTMLElement {
  if (e.who === "you" && "field" in e) {
    const value = shownValue(e.field, data);
    return value === undefined
      ? el("li", { className: "you erased", "data-field": e.field }, el("span", { className: "sr-only" }, "You: "), `(${fieldDef(e.field)?.label ?? e.field} — no longer held)`)
      : el("li", { className: "you", "data-field": e.field }, el("span", { className: "sr-only" }, "You: "), value);
  }
  return el("li", { className: e.who }, el("span", { className: "sr-only" }, e.who === "bot" ? "Acme: " : e.who === "you" ? "You: " : ""), e.text);
}

/**
 * The log is an aria-live region: only new or changed lines are touched, so
 * a screen reader announces what is new rather than the whole conversation.
 */
function renderLog(data: ExportData): void {
  const list = $("log");
  const nodes = log.map((e) => entryNode(e, data));
  nodes.forEach((node, i) => {
    const existing = list.children[i];
    if (!existing) list.append(node);
    else if (!existing.isEqualNode(node)) existing.replaceWith(node);
  });
  while (list.children.length > nodes.length) list.lastElementChild!.remove();
}

function whyDetails(purposes: readonly PurposeInfo[]): HTMLElement {
  return el(
    "details",
    { className: "why" },
    el("summary", {}, "Why are we asking?"),
    el(
      "ul",
      {},
      ...purposes.map((p) =>
        el(
          "li",
          { "data-purpose": p.purpose },
          el("strong", {}, p.why),
          el("br"),
          el("span", { className: "facts" }, `Basis: ${BASIS[p.basis]}${p.evidence ? ` (${p.evidence})` : ""}. Kept: ${retentionText(p.retention)}.${p.sharedWith.length ? ` Shared with: ${p.sharedWith.join(", ")}.` : ""}`),
        ),
      ),
    ),
  );
}

function errorLine(): HTMLElement {
  return el("p", { id: "answer-error", className: "error", role: "alert" }, lastError);
}

const INPUT_TYPE: Record<string, string> = { email: "email", phone: "tel", integer: "number", number: "number", date: "date", text: "text", yesno: "text" };

function renderQuestion(): void {
  const box = $("question");
  const prompt = chat.prompt;
  if (prompt.kind === "end" || prompt.kind === "erased") {
    box.replaceChildren(
      el("p", { className: "ended", id: "ended", "data-outcome": String(chat.outcome) }, prompt.kind === "end" ? "This conversation has ended." : "This conversation was ended by erasure."),
      el("button", { type: "button", id: "restart", onclick: restart }, "Start a new conversation"),
    );
    return;
  }
  if (prompt.kind === "consent") {
    box.replaceChildren(
      el(
        "fieldset",
        // Focus lands on the question, not on either answer: neither is the default.
        { id: "consent", "data-step": prompt.step, tabIndex: -1 },
        el("legend", {}, prompt.text),
        el(
          "div",
          { className: "row" },
          el("button", { type: "button", className: "decision", "data-decision": "accept", onclick: () => answerValue(true, "Yes, I agree") }, "Yes, I agree"),
          el("button", { type: "button", className: "decision", "data-decision": "decline", onclick: () => answerValue(false, "No, thanks") }, "No, thanks"),
        ),
        whyDetails(prompt.purposes),
      ),
      errorLine(),
    );
    (box.querySelector("#consent") as HTMLElement).focus();
    return;
  }
  const skip = prompt.optional ? [el("button", { type: "button", id: "skip", onclick: () => answerValue(null) }, "Skip this question")] : [];
  if (prompt.choices.length > 0) {
    box.replaceChildren(
      el(
        "fieldset",
        { id: "choices", "data-step": prompt.step },
        el("legend", {}, prompt.text),
        el("div", { className: "row" }, ...prompt.choices.map((c) => el("button", { type: "button", className: "choice", "data-value": c.value, onclick: () => answerValue(c.value) }, c.label)), ...skip),
        whyDetails(prompt.purposes),
      ),
      errorLine(),
    );
    (box.querySelector("button.choice") as HTMLButtonElement | null)?.focus();
    return;
  }
  const input = el("input", {
    id: "answer",
    name: "answer",
    type: INPUT_TYPE[prompt.fieldType] ?? "text",
    autocomplete: "off",
    required: !prompt.optional,
    "aria-describedby": "answer-error",
  });
  // The runtime validates; the browser's own validation would only get in the way of its messages.
  const form = el(
    "form",
    { id: "answer-form", noValidate: true, "data-step": prompt.step },
    el("label", { for: "answer" }, prompt.text),
    el("div", { className: "row" }, input, el("button", { type: "submit", className: "primary" }, "Send"), ...skip),
    whyDetails(prompt.purposes),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (text.trim() === "") {
      lastError = "Please type an answer" + (prompt.optional ? ", or skip this question." : ".");
      renderQuestion();
      return;
    }
    answerText(text);
  });
  box.replaceChildren(form, errorLine());
  input.focus();
}

function renderData(data: ExportData): void {
  const rows = data.data.flatMap((v) =>
    v.purposes.map((p, i) =>
      el(
        "tr",
        { "data-field": v.field, "data-purpose": p.purpose },
        el("td", {}, i === 0 ? v.label : ""),
        el("td", {}, i === 0 ? (shownValue(v.field, data) ?? "") : ""),
        el("td", {}, purposeWhy(p.purpose)),
        el("td", {}, p.expiresAt ? new Date(p.expiresAt).toISOString().slice(0, 10) : "until withdrawn"),
      ),
    ),
  );
  $("data").replaceChildren(
    rows.length === 0
      ? el("p", { id: "no-data", className: "muted" }, "We hold nothing about you.")
      : el(
          "table",
          { id: "held" },
          el("caption", {}, "What we hold, for which purpose, until when"),
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Data"), el("th", { scope: "col" }, "Value"), el("th", { scope: "col" }, "Purpose"), el("th", { scope: "col" }, "Kept until"))),
          el("tbody", {}, ...rows),
        ),
  );

  // Withdraw (consent) or object (legitimate interests) per purpose, wherever it applies now.
  const actions: HTMLElement[] = [];
  for (const p of machine.purposes as readonly { name: string; why: string; basis: Basis }[]) {
    const consent = data.consents.find((c) => c.purpose === p.name);
    if (p.basis === "consent" && consent?.status === "given") {
      actions.push(
        el(
          "div",
          { className: "row" },
          el("span", {}, `${p.why}: consent given`),
          el("button", { type: "button", "data-withdraw": p.name, "aria-label": `Withdraw consent: ${p.why}`, onclick: () => withdraw(p.name) }, "Withdraw"),
        ),
      );
    } else if ((p.basis === "legitimate_interests" || p.basis === "public_task") && !data.objections.includes(p.name) && data.data.some((v) => v.purposes.some((q) => q.purpose === p.name))) {
      actions.push(
        el(
          "div",
          { className: "row" },
          el("span", {}, p.why),
          el("button", { type: "button", "data-object": p.name, "aria-label": `Object: ${p.why}`, onclick: () => object(p.name) }, "Object"),
        ),
      );
    }
  }
  $("purposes").replaceChildren(...actions);
}

function renderReceipts(): void {
  const line = (r: Receipt) => el("li", { "data-decision": r.decision }, `${r.at.slice(0, 19).replace("T", " ")} — ${r.decision}${r.purpose ? ` (${r.purpose})` : ""}`);
  const receipts = chat.receipts();
  $("receipts").replaceChildren(...(receipts.length ? receipts.map(line) : [el("li", { className: "none" }, "None yet.")]));
  const archive = readJson<ArchivedReceipts[]>(keys.archive, []);
  $("archive").replaceChildren(
    ...archive.map((a) => el("section", { className: "archived" }, el("h4", {}, `From an earlier version (${a.version})`), el("ol", { className: "receipts archived-receipts" }, ...a.receipts.map(line)))),
  );
}

function withdraw(purpose: string): void {
  chat.withdraw(purpose as never);
  log.push({ who: "note", text: `Consent for “${purposeWhy(purpose)}” withdrawn.` });
  commit();
}

function object(purpose: string): void {
  chat.object(purpose as never);
  log.push({ who: "note", text: `You objected to “${purposeWhy(purpose)}”; that data is no longer used for it.` });
  commit();
}

function restart(): void {
  start();
  lastError = "";
  $("notice").hidden = true;
  localStorage.removeItem(keys.notice);
  commit();
}

// ── Start ────────────────────────────────────────────────────────────────────

$("controller").textContent = `${machine.controller.name} · privacy questions: ${machine.controller.contact}`;
$("download").addEventListener("click", download);
$("erase").addEventListener("click", () => {
  chat.erase();
  erased();
});
boot();
commit();
