/**
 * "Your data": what is held, for which purpose and until when (Art. 15), a
 * download of all of it (Art. 20), withdrawal of each consent (Art. 7(3)),
 * objection to each legitimate-interests or public-task purpose (Art. 21),
 * erasure after a confirmation (Art. 17), and the consent receipts (Art. 7(1)).
 */
import type { ExportData, MachineDefinition, Receipt } from "lawflow/runtime";
import { h } from "./dom.ts";
import type { ArchivedReceipts } from "./store.ts";
import { BASIS, day, retentionText, shown } from "./words.ts";

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
}

/** A receipt in a line; archived ones come from storage, so every member is read as text. */
const receiptLine = (r: Receipt) =>
  h(
    "li",
    { "data-decision": String(r.decision) },
    shown(`${String(r.at).slice(0, 16).replace("T", " ")} UTC: ${r.decision}${r.purpose ? ` (${r.purpose})` : ""}`),
  );

/** The panel's contents. Every control carries `data-key`, so focus can be put back on it after a redraw. */
export function panelContents(s: PanelState, act: PanelActions): Node[] {
  const purpose = (name: string) => s.machine.purposes.find((p) => p.name === name);
  const why = (name: string) => shown(purpose(name)?.why ?? name);
  const until = (name: string, expiresAt: string | null) => (expiresAt ? `until ${day(expiresAt)}` : retentionText(purpose(name)!.retention));
  const held = s.data.data.map((v) =>
    h(
      "li",
      { "data-field": v.field },
      h("strong", null, shown(v.label)),
      ": ",
      h("bdi", null, shown(s.held.get(v.field) ?? "")),
      h(
        "ul",
        null,
        ...v.purposes.map((p) => h("li", { "data-purpose": p.purpose }, `${why(p.purpose)} (${BASIS[p.basis]}), kept ${until(p.purpose, p.expiresAt)}`)),
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
          h("span", null, `${why(p.name)}: you consented`),
          h(
            "button",
            { type: "button", "data-key": `w:${p.name}`, "aria-label": `Withdraw consent: ${p.why}`, onclick: () => act.withdraw(p.name) },
            "Withdraw",
          ),
        ),
      ];
    if (
      (p.basis === "legitimate_interests" || p.basis === "public_task") &&
      !s.data.objections.includes(p.name) &&
      s.data.data.some((v) => v.purposes.some((q) => q.purpose === p.name))
    )
      return [
        h(
          "div",
          { class: "row" },
          h("span", null, why(p.name)),
          h("button", { type: "button", "data-key": `o:${p.name}`, "aria-label": `Object: ${p.why}`, onclick: () => act.object(p.name) }, "Object"),
        ),
      ];
    return [];
  });

  const erase = s.confirming
    ? h(
        "div",
        { class: "confirm", role: "group", "aria-labelledby": "confirm-q" },
        h(
          "p",
          { id: "confirm-q" },
          "Erase everything we hold about you? This ends the conversation and cannot be undone. The consent receipts are kept; they hold no personal data.",
        ),
        h(
          "div",
          { class: "row" },
          h("button", { type: "button", class: "danger", "data-key": "erase-yes", onclick: act.erase }, "Yes, erase everything"),
          h("button", { type: "button", "data-key": "erase-no", onclick: act.cancelErase }, "Cancel"),
        ),
      )
    : h("button", { type: "button", class: "danger", "data-key": "erase", onclick: act.askErase }, "Erase my data");

  const receipts = s.data.receipts;
  return [
    h("h2", { id: "panel-title", tabindex: -1 }, "Your data"),
    h("p", { class: "muted", role: "status" }, s.status),
    held.length ? h("ul", { class: "held" }, ...held) : h("p", { class: "none" }, "We hold nothing about you."),
    choices.length ? h("h3", null, "Your choices") : null,
    ...choices,
    // Erasure is offered while something is held; the receipts (no personal data) stay in any case.
    h("div", { class: "row" }, h("button", { type: "button", "data-key": "download", onclick: act.download }, "Download my data"), held.length > 0 && erase),
    h("h3", null, "Consent receipts"),
    receipts.length ? h("ol", { class: "receipts" }, ...receipts.map(receiptLine)) : h("p", { class: "muted" }, "None yet."),
    ...s.archive.map((a) =>
      h(
        "section",
        { class: "archived" },
        h("h3", null, `From an earlier version (${shown(a.version)})`),
        h("ol", { class: "receipts" }, ...a.receipts.map(receiptLine)),
      ),
    ),
  ].filter((n): n is HTMLElement => n !== null);
}
