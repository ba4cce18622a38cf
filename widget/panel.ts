/**
 * "Your data": what is held, for which purpose and until when (Art. 15), a
 * download of all of it (Art. 20), withdrawal of each consent (Art. 7(3)),
 * objection to each legitimate-interests or public-task purpose (Art. 21),
 * erasure after a confirmation (Art. 17), and the consent receipts (Art. 7(1)).
 */
import type { ExportData, MachineDefinition, Receipt } from "lawflow/runtime";
import { button, h } from "./dom.ts";
import type { ArchivedReceipts } from "./store.ts";
import { purposeOf } from "./machine.ts";
import { day, retentionText, shown, type Words } from "./words.ts";

export interface PanelActions {
  withdraw(purpose: string): void;
  object(purpose: string): void;
  download(): void;
  askErase(): void;
  erase(): void;
  cancelErase(): void;
}

export interface PanelState {
  readonly machine: MachineDefinition;
  readonly data: ExportData;
  readonly held: Map<string, string>;
  readonly archive: readonly ArchivedReceipts[];
  readonly confirming: boolean;
  readonly status: string;
  readonly words: Words;
}

/** A receipt in a line, with the code the person was shown for it; archived ones come from storage, so every member is read as text. */
const receiptLine = (w: Words) => (r: Receipt) =>
  h(
    "li",
    { "data-decision": String(r.decision) },
    shown(`${String(r.at).slice(0, 16).replace("T", " ")} UTC: ${w.decision[r.decision] ?? r.decision}${r.purpose ? ` (${r.purpose})` : ""} · ${w.codeLabel} ${String(r.seq)}-${String(r.hash).slice(0, 16)}`),
  );

/** The panel's contents. Every control carries `data-key`, so focus can be put back on it after a redraw. */
export function panelContents(s: PanelState, act: PanelActions): Node[] {
  const w = s.words;
  const purpose = (name: string) => purposeOf(s.machine, name);
  const why = (name: string) => shown(purpose(name)?.why ?? name);
  const until = (name: string, expiresAt: string | null) => (expiresAt ? w.until(day(expiresAt)) : retentionText(purpose(name)!.retention, w));
  const held = s.data.data.map((v) =>
    h(
      "li",
      null,
      h("strong", null, shown(v.label)),
      ": ",
      h("bdi", null, shown(s.held.get(v.field) ?? "")),
      h(
        "ul",
        null,
        ...v.purposes.map((p) => h("li", { "data-purpose": p.purpose }, w.heldFor(why(p.purpose), w.basis[p.basis], until(p.purpose, p.expiresAt)))),
      ),
    ),
  );

  // Withdraw or object wherever it applies now.
  const choices = s.machine.purposes.flatMap((p) => {
    if (p.basis === "consent" && s.data.consents.some((c) => c.purpose === p.name && c.status === "given"))
      return [
        h(
          "div",
          { class: "row" },
          h("span", null, w.consented(why(p.name))),
          button(w.withdraw, () => act.withdraw(p.name), { "data-key": `w:${p.name}`, "aria-label": w.withdrawConsent(p.why) }),
        ),
      ];
    // `objectOn` is on every purpose the compiler found a person can object to (Art. 21(1)-(3)).
    if (p.objectOn && !s.data.objections.includes(p.name) && s.data.data.some((v) => v.purposes.some((q) => q.purpose === p.name)))
      return [
        h(
          "div",
          { class: "row" },
          h("span", null, why(p.name)),
          button(w.object, () => act.object(p.name), { "data-key": `o:${p.name}`, "aria-label": w.objectTo(p.why) }),
        ),
      ];
    return [];
  });

  const erase = s.confirming
    ? h(
        "div",
        { class: "confirm", role: "group", "aria-labelledby": "confirm-q" },
        h("p", { id: "confirm-q" }, w.eraseAsk),
        h(
          "div",
          { class: "row" },
          button(w.eraseYes, act.erase, { class: "danger", "data-key": "erase-yes" }),
          button(w.cancel, act.cancelErase, { "data-key": "erase-no" }),
        ),
      )
    : button(w.erase, act.askErase, { class: "danger", "data-key": "erase" });

  const receipts = s.data.receipts;
  return [
    h("h2", { id: "panel-title", tabindex: -1, "data-key": "title" }, w.yourData),
    h("p", { class: "muted", role: "status" }, s.status),
    held.length ? h("ul", null, ...held) : h("p", null, w.holdNothing),
    choices.length ? h("h3", null, w.yourChoices) : null,
    ...choices,
    // Erasure is offered while something is held; the receipts (no personal data) stay in any case.
    h("div", { class: "row" }, button(w.download, act.download, { "data-key": "download" }), held.length > 0 && erase),
    h("h3", null, w.receipts),
    receipts.length ? h("ol", null, ...receipts.map(receiptLine(w))) : h("p", { class: "muted" }, w.noneYet),
    ...s.archive.map((a) =>
      h("section", { class: "archived" }, h("h3", null, w.earlierVersion(shown(a.version))), h("ol", null, ...a.receipts.map(receiptLine(w)))),
    ),
  ].filter((n): n is HTMLElement => n !== null);
}
