/**
 * The privacy notice: the information GDPR Art. 13 requires when personal
 * data is collected from the person, built from the documents model. The
 * notice is first built as content (sections of plain text), then rendered
 * to Markdown or HTML; its version is the flow's version and its hash is the
 * SHA-256 of the canonical content, so a prompt or a consent receipt that
 * names `{ version, hash }` names exactly what the person could read.
 *
 * Every Art. 13 item has a section, whether or not the flow declares it; a
 * section that does not apply says so (status `absent` / `not_applicable`),
 * so a reader — and the checklist test — can see it was considered.
 */
import { canon } from "../../runtime/canon.ts";
import { sha256 as sha256InJavaScript } from "../../runtime/sha256.ts";
import { PHRASES } from "../../runtime/commands.ts";
import { CONDITIONS, RIGHT_NAMES, RIGHTS, specialCategoryLabel, type RightName } from "./law.ts";
import type { Art9Condition } from "../checks/art9-names.ts";
import { fieldOf, purposeOf, type CollectionFacts, type DocumentsModel, type FlowFacts, type PurposeFacts } from "./model.ts";

export type NoticeBlock =
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "list"; readonly items: readonly { readonly label?: string; readonly text: string }[] };

/** declared: the flow states it; absent: it could, but does not; not_applicable: nothing to say by law; always: stated for every flow. */
export type SectionStatus = "declared" | "absent" | "not_applicable" | "always";

export type NoticeItem =
  | "controller"
  | "dpo"
  | "purposes"
  | "legitimate_interests"
  | "recipients"
  | "transfers"
  | "retention"
  | "rights"
  | "withdrawal"
  | "direct_marketing"
  | "complaint"
  | "provision"
  | "automated";

export interface NoticeSection {
  readonly id: NoticeItem;
  readonly article: string;
  readonly heading: string;
  readonly status: SectionStatus;
  readonly blocks: readonly NoticeBlock[];
}

export interface NoticeContent {
  readonly title: string;
  readonly flows: readonly { readonly name: string; readonly version: string }[];
  readonly version: string;
  readonly sections: readonly NoticeSection[];
}

export interface Notice {
  readonly content: NoticeContent;
  readonly version: string;
  /** SHA-256 hex of the canonical JSON of `content`. */
  readonly hash: string;
}

const q = (s: string) => `“${s}”`;
/** An author's text as a sentence: a full stop added unless it ends with one already. */
const sentence = (s: string) => (/[.!?…]["'”’)]?$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** The Art. 13 notice for the flows of the model (normally one). */
export function buildNotice(model: DocumentsModel): Notice {
  const content = noticeContent(model);
  return { content, version: content.version, hash: sha256(canon(content)) };
}

export function noticeContent(model: DocumentsModel): NoticeContent {
  const flows = model.flows.map((f) => ({ name: f.name, version: f.version }));
  const version = flows.length === 1 ? flows[0]!.version : model.flows.map((f) => `${f.title} ${f.version}`).join(", ");
  const purposeKeys = dedupe(model.flows.flatMap((f) => f.purposes));
  const purposes = purposeKeys.map((k) => purposeOf(model, k));
  const collections = model.flows.flatMap((f) => f.collections);
  const title = `Privacy notice: ${model.flows.map((f) => f.title).join(", ")} chat`;
  const sections: NoticeSection[] = [
    controllerSection(model),
    dpoSection(model),
    purposesSection(model, purposes, collections),
    interestsSection(purposes),
    recipientsSection(purposes),
    transfersSection(purposes),
    retentionSection(purposes),
    rightsSection(model, purposes),
    withdrawalSection(model, purposes),
    directMarketingSection(model, purposes),
    complaintSection(),
    provisionSection(model, model.flows),
    automatedSection(purposes),
  ];
  return { title, flows, version, sections };
}

function controllerSection(model: DocumentsModel): NoticeSection {
  const base = { id: "controller", article: "Art. 13(1)(a)", heading: "Who is responsible for your data" } as const;
  if (model.controllers.length === 0) {
    return { ...base, status: "absent", blocks: [{ kind: "paragraph", text: "The controller has not been declared." }] };
  }
  return {
    ...base,
    status: "declared",
    blocks: model.controllers.map((c) => ({
      kind: "paragraph",
      text: `${c.name} is responsible for the data you give in this chat (the controller). You can contact them at ${c.contact}.`,
    })),
  };
}

function dpoSection(model: DocumentsModel): NoticeSection {
  const base = { id: "dpo", article: "Art. 13(1)(b)", heading: "Data protection officer" } as const;
  const withDpo = model.controllers.filter((c) => c.dpo !== undefined);
  if (withDpo.length === 0) {
    return { ...base, status: "absent", blocks: [{ kind: "paragraph", text: "No data protection officer has been designated." }] };
  }
  return {
    ...base,
    status: "declared",
    blocks: withDpo.map((c) => ({ kind: "paragraph", text: `You can reach the data protection officer of ${c.name} at ${c.dpo}.` })),
  };
}

function basisText(p: PurposeFacts): string {
  if (!p.basis) return "Lawful basis: not declared.";
  const evidence = p.evidence !== undefined && p.basis.evidenceLabel ? ` ${p.basis.evidenceLabel}: ${sentence(p.evidence)}` : "";
  return `Lawful basis: ${p.basis.label} (${p.basis.article}).${evidence}`;
}

function purposesSection(model: DocumentsModel, purposes: readonly PurposeFacts[], collections: readonly CollectionFacts[]): NoticeSection {
  const base = { id: "purposes", article: "Art. 13(1)(c)", heading: "Why we ask for your data, and on what basis" } as const;
  if (purposes.length === 0) {
    return { ...base, status: "absent", blocks: [{ kind: "paragraph", text: "This chat does not collect personal data." }] };
  }
  const collectedFor = groupBy(collections, (c) => c.purpose);
  return {
    ...base,
    status: "declared",
    blocks: [
      {
        kind: "list",
        items: purposes.map((p) => {
          const collected = dedupe((collectedFor.get(p.key) ?? []).map((c) => c.field));
          const fieldKeys = collected.length > 0 ? collected : p.needs;
          const fields = fieldKeys.map((k) => fieldOf(model, k));
          const data = fields.length > 0 ? ` Data: ${fields.map((f) => f.label).join(", ")}.` : "";
          const special = fields.filter((f) => f.special !== undefined);
          const specialText =
            special.length > 0
              ? ` This includes special-category data (${dedupe(special.map((f) => specialCategoryLabel(f.special!))).join(", ")}), processed under ${conditionText(p.condition, p.conditionFact)}.`
              : "";
          return { label: p.why, text: `${basisText(p)}${data}${specialText}` };
        }),
      },
    ],
  };
}

function interestsSection(purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "legitimate_interests", article: "Art. 13(1)(d)", heading: "Our legitimate interests" } as const;
  const li = purposes.filter((p) => p.basis?.name === "legitimate_interests");
  if (li.length === 0) {
    return {
      ...base,
      status: "not_applicable",
      blocks: [{ kind: "paragraph", text: "None of these purposes rests on legitimate interests." }],
    };
  }
  return {
    ...base,
    status: "declared",
    blocks: [{ kind: "list", items: li.map((p) => ({ label: p.why, text: sentence(p.evidence ?? "The interest has not been stated") })) }],
  };
}

function recipientsSection(purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "recipients", article: "Art. 13(1)(e)", heading: "Who receives your data" } as const;
  const recipients = dedupe(purposes.flatMap((p) => p.recipients));
  // Each recipient's purposes, in purpose order, each purpose once.
  const purposesOf = new Map<string, PurposeFacts[]>();
  for (const p of purposes) {
    for (const r of new Set(p.recipients)) {
      const list = purposesOf.get(r);
      if (list) list.push(p);
      else purposesOf.set(r, [p]);
    }
  }
  if (recipients.length === 0) {
    return { ...base, status: "absent", blocks: [{ kind: "paragraph", text: "We do not share your data with anyone else." }] };
  }
  return {
    ...base,
    status: "declared",
    blocks: [
      {
        kind: "list",
        items: recipients.map((r) => ({
          label: r,
          text: `for ${purposesOf
            .get(r)!
            .map((p) => q(p.why))
            .join(", ")}.`,
        })),
      },
    ],
  };
}

function transfersSection(purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "transfers", article: "Art. 13(1)(f)", heading: "Transfers outside the European Economic Area" } as const;
  const items = purposes.flatMap((p) =>
    p.transfers.map((t) => ({ label: t.country, text: `for ${q(p.why)}, protected by: ${t.safeguard}.` })),
  );
  if (items.length === 0) {
    return {
      ...base,
      status: "absent",
      blocks: [{ kind: "paragraph", text: "We do not transfer your data to a country outside the European Economic Area or to an international organisation." }],
    };
  }
  return {
    ...base,
    status: "declared",
    blocks: [
      { kind: "paragraph", text: "We transfer your data outside the European Economic Area as follows, with the safeguard that protects it:" },
      { kind: "list", items },
    ],
  };
}

function retentionSection(purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "retention", article: "Art. 13(2)(a)", heading: "How long we keep your data" } as const;
  if (purposes.length === 0) {
    return { ...base, status: "not_applicable", blocks: [{ kind: "paragraph", text: "We keep no personal data from this chat." }] };
  }
  return {
    ...base,
    status: purposes.every((p) => p.retention.kind !== "undeclared") ? "declared" : "absent",
    blocks: [
      {
        kind: "list",
        items: purposes.map((p) => ({
          label: p.why,
          text:
            `We keep it ${p.retention.kind === "undeclared" ? "for a period that has not been declared" : p.retention.text}.` +
            (p.consentValid
              ? ` Your consent lasts ${p.consentValid}; when it lapses, we stop using your data for this and delete what we held only for it.`
              : ""),
        })),
      },
    ],
  };
}

function rightsSection(model: DocumentsModel, purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "rights", article: "Art. 13(2)(b)", heading: "Your rights" } as const;
  const contact = model.controllers[0]?.contact;
  const items = RIGHT_NAMES.map((r) => {
    const info = RIGHTS[r];
    const applies = purposes.filter((p) => p.rights[r].applies);
    const not = purposes.filter((p) => !p.rights[r].applies);
    let scope: string;
    if (purposes.length === 0 || not.length === 0) scope = "This applies to all the data you give in this chat.";
    else if (applies.length === 0) scope = `This does not apply here: ${dedupe(not.map((p) => p.rights[r].reason!)).join("; ")}.`;
    else
      scope =
        `This applies to the data for ${applies.map((p) => q(p.why)).join(", ")}; ` +
        `not to the data for ${not.map((p) => q(p.why)).join(", ")} (${dedupe(not.map((p) => p.rights[r].reason!)).join("; ")}).`;
    return { label: `${info.label} (${info.article})`, text: `You can ${info.what}. ${scope}${inChat(r, applies)}` };
  });
  return {
    ...base,
    status: "always",
    blocks: [
      { kind: "list", items },
      {
        kind: "paragraph",
        text: contact ? `To use any of these rights, contact ${contact}.` : "To use any of these rights, contact the controller.",
      },
    ],
  };
}

/** A chat phrase of the runtime's, as the notice quotes it: the phrase, capitalised. */
const phrase = (s: string) => q(s.charAt(0).toUpperCase() + s.slice(1));

/**
 * What this chat itself does for a right, and what it cannot: every phrase
 * quoted here is one the runtime obeys (runtime/commands.ts, the flow's
 * `object on`), and a right the runtime cannot exercise says so.
 */
function inChat(r: RightName, applies: readonly PurposeFacts[]): string {
  switch (r) {
    case "access":
      return ` In this chat, type ${phrase(PHRASES.export[2]!)}.`;
    case "erasure":
      // The runtime's ledger outlives erasure (it holds decisions, never answers): the person is told it is kept, and why.
      return (
        ` In this chat, type ${phrase(PHRASES.erase[0]!)}.` +
        " Erasure keeps the record of your choices in this chat — the consents you gave or refused, your withdrawals and objections, and the erasure itself, with when and how you made them, never what you answered — so that we can show what you agreed to (Art. 7(1))."
      );
    case "objection": {
      // The phrases that object to every purpose it applies to ("I object"); each purpose's own are in its section.
      const phrases = applies[0] ? applies[0].objectOn.filter((x) => applies.every((p) => p.objectOn.includes(x))) : [];
      return phrases.length > 0 ? ` In this chat, type ${phrases.map(q).join(" or ")} while it is open.` : "";
    }
    case "rectification":
    case "restriction":
    case "portability":
      return " This chat cannot do this itself: ask us, and a person will handle it.";
  }
}

function directMarketingSection(model: DocumentsModel, purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "direct_marketing", article: "Art. 21(2)–(4)", heading: "Objecting to direct marketing" } as const;
  const marketing = purposes.filter((p) => p.directMarketing);
  if (marketing.length === 0) {
    return { ...base, status: "not_applicable", blocks: [{ kind: "paragraph", text: "We do not use your data for direct marketing." }] };
  }
  const contact = model.controllers[0]?.contact;
  return {
    ...base,
    status: "declared",
    blocks: [
      {
        kind: "paragraph",
        text: "You have the right to object at any time to our using your data for direct marketing, whatever the lawful basis we rely on, without giving a reason. When you object, we stop using your data for it at once, with no exception, and delete what we held only for it (Art. 21(2)–(3)).",
      },
      {
        kind: "list",
        items: marketing.map((p) => ({
          label: p.why,
          text: `Type ${p.objectOn.map(q).join(" or ")} in this chat while it is open` + (contact ? `, or contact ${contact} at any time.` : "."),
        })),
      },
    ],
  };
}

function withdrawalSection(model: DocumentsModel, purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "withdrawal", article: "Art. 13(2)(c)", heading: "Withdrawing your consent" } as const;
  const consent = purposes.filter((p) => p.basis?.name === "consent");
  if (consent.length === 0) {
    return { ...base, status: "not_applicable", blocks: [{ kind: "paragraph", text: "None of these purposes rests on your consent." }] };
  }
  const contact = model.controllers[0]?.contact;
  return {
    ...base,
    status: "declared",
    blocks: [
      {
        kind: "paragraph",
        text: "Where we rely on your consent, you can withdraw it at any time, as easily as you gave it. Withdrawing does not affect what we did with your consent before you withdrew it.",
      },
      {
        kind: "list",
        items: consent.map((p) => ({
          label: p.why,
          text:
            p.withdrawOn.length > 0
              ? `Type ${p.withdrawOn.map(q).join(" or ")} in this chat while it is open` + (contact ? `, or contact ${contact} at any time.` : ".")
              : contact
                ? `Contact ${contact} at any time.`
                : "Tell the controller.",
        })),
      },
    ],
  };
}

function complaintSection(): NoticeSection {
  return {
    id: "complaint",
    article: "Art. 13(2)(d)",
    heading: "Complaints",
    status: "always",
    blocks: [
      {
        kind: "paragraph",
        text: "You have the right to lodge a complaint with a data protection supervisory authority, in particular in the EU member state where you live, where you work or where you think your rights were infringed (Art. 77).",
      },
    ],
  };
}

function provisionText(c: CollectionFacts, p: PurposeFacts): string {
  switch (c.provision) {
    case "optional":
      return `For ${q(p.why)}: you may skip this question; nothing else changes if you do.`;
    case "consent":
      return `For ${q(p.why)}: voluntary, asked only with your consent; if you refuse, nothing else changes.`;
    case "contract":
      return `For ${q(p.why)}: needed to do this for you under our contract or at your request; without it we cannot do it.`;
    case "statutory":
      return `For ${q(p.why)}: required by law${p.evidence !== undefined ? ` (${p.evidence})` : ""}; without it we cannot go on.`;
    case "not_obliged":
      return `For ${q(p.why)}: you are not obliged to give it; without it we cannot do this.`;
  }
}

function provisionSection(model: DocumentsModel, flows: readonly FlowFacts[]): NoticeSection {
  const base = { id: "provision", article: "Art. 13(2)(e)", heading: "Must you give us this data?" } as const;
  const fieldKeys = dedupe(flows.flatMap((f) => f.fields));
  if (fieldKeys.length === 0) {
    return { ...base, status: "not_applicable", blocks: [{ kind: "paragraph", text: "This chat asks for no personal data." }] };
  }
  const collectedOf = groupBy(
    flows.flatMap((f) => f.collections),
    (c) => c.field,
  );
  return {
    ...base,
    status: "declared",
    blocks: [
      {
        kind: "list",
        items: fieldKeys.map((k) => {
          const f = fieldOf(model, k);
          const texts = dedupe((collectedOf.get(k) ?? []).map((c) => provisionText(c, purposeOf(model, c.purpose))));
          return { label: f.label, text: texts.join(" ") };
        }),
      },
    ],
  };
}

/**
 * Art. 13(2)(f) asks for "the existence of automated decision-making,
 * including profiling, referred to in Article 22(1) and (4)" with the logic
 * involved and the consequences: only a decision based solely on automated
 * processing with legal or similarly significant effects gets that wording
 * and the safeguards of Art. 22(3). Profiling without such a decision is said
 * to be what it is, and that it decides nothing of that kind on its own.
 */
function automatedSection(purposes: readonly PurposeFacts[]): NoticeSection {
  const base = { id: "automated", article: "Art. 13(2)(f)", heading: "Automated decisions and profiling" } as const;
  const decisions = purposes.flatMap((p) => p.automated.flatMap((a) => (a.kind === "decision" ? [{ p, a }] : [])));
  const profiling = purposes.flatMap((p) => p.automated.flatMap((a) => (a.kind === "profiling" ? [{ p, a }] : [])));
  if (decisions.length === 0 && profiling.length === 0) {
    return {
      ...base,
      status: "absent",
      blocks: [{ kind: "paragraph", text: "We do not make decisions about you by automated means alone, including profiling." }],
    };
  }
  const blocks: NoticeBlock[] = [];
  if (decisions.length > 0) {
    const safeguards = decisions.some(({ a }) => a.exception !== "law")
      ? " You can ask for a person to review such a decision, give your view and contest it (Art. 22(3))."
      : "";
    const byLaw = decisions.some(({ a }) => a.exception === "law") ? " Where a law authorises the decision, it also lays down the safeguards for your rights (Art. 22(2)(b))." : "";
    blocks.push(
      {
        kind: "paragraph",
        text: `We make some decisions about you by automated means alone, with legal or similarly significant effects on you (Art. 22(1)). For each, below: the logic involved, what it means for you, and why it is allowed.${safeguards}${byLaw}`,
      },
      {
        kind: "list",
        items: decisions.map(({ p, a }) => ({
          label: p.why,
          text: `How it works: ${sentence(a.logic)} What it means for you: ${sentence(a.effects)} ${exceptionText(a.exception, p.evidence)}`,
        })),
      },
    );
  } else {
    blocks.push({
      kind: "paragraph",
      text: "We do not make decisions about you by automated means alone that have legal or similarly significant effects on you.",
    });
  }
  if (profiling.length > 0) {
    blocks.push(
      {
        kind: "paragraph",
        text: "We use profiling — evaluating aspects of you by automated means (Art. 4(4)) — as described below. It does not on its own decide anything with legal or similarly significant effects on you.",
      },
      { kind: "list", items: profiling.map(({ p, a }) => ({ label: p.why, text: sentence(a.description) })) },
    );
  }
  return { ...base, status: "declared", blocks };
}

/** Why a solely automated decision is allowed: the exception of Art. 22(2) its purpose's basis gives. */
function exceptionText(exception: "contract" | "law" | "explicit_consent" | undefined, evidence: string | undefined): string {
  switch (exception) {
    case "contract":
      return "It is necessary to enter into or perform our contract with you (Art. 22(2)(a)).";
    case "law":
      return `It is authorised by law${evidence ? `: ${evidence.replace(/[.\s]+$/, "")}` : ""} (Art. 22(2)(b)).`;
    case "explicit_consent":
      return "It rests on your explicit consent, which you can withdraw at any time (Art. 22(2)(c)).";
    case undefined:
      return "No exception of Art. 22(2) is declared for it.";
  }
}

function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The items of `xs` grouped by key, each group in the order of `xs`. */
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = groups.get(k);
    if (list) list.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

// ── Hashing ─────────────────────────────────────────────────────────────────

/**
 * SHA-256 hex of the text's UTF-8 bytes. Loading node:crypto costs a cold
 * `lawflow compile` more than the runtime's JavaScript SHA-256 needs for the
 * notice of an ordinary flow (docs/performance.md), so only a large notice
 * is hashed natively, through Node's crypto loaded when first
 * needed (and where there is none, in JavaScript). Same bytes, same hash.
 */
function sha256(text: string): string {
  if (text.length >= NATIVE_HASH_FROM) {
    const crypto = nodeCrypto();
    if (crypto) return crypto.createHash("sha256").update(text, "utf8").digest("hex");
  }
  return sha256InJavaScript(text);
}

const NATIVE_HASH_FROM = 64 * 1024;

type NodeCrypto = typeof import("node:crypto");
function nodeCrypto(): NodeCrypto | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  return get?.("node:crypto") as NodeCrypto | undefined;
}

/** "the Art. 9(2)(h) condition: health or social care (FACT)", with what the condition rests on where it is stated. */
function conditionText(condition: string | undefined, fact: string | undefined): string {
  const info = condition === undefined ? undefined : CONDITIONS[condition as Art9Condition];
  if (!info) return "an Art. 9(2) condition that is not declared";
  const rests = fact !== undefined && fact.trim() !== "" ? ` (${fact.trim().replace(/[.\s]+$/, "")})` : "";
  return `the ${info.article} condition: ${info.label.charAt(0).toLowerCase()}${info.label.slice(1)}${rests}`;
}
