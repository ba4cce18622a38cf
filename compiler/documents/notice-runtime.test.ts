/**
 * The notice and the runtime agree (Art. 12(1), 13(2), 5(1)(a): information
 * that is accurate): every sentence a notice prints is matched to a rule
 * here, and each rule that promises something of this chat checks it
 * against the runtime running the same flow. A sentence no rule knows fails
 * the test, so a new promise in the notice needs a check beside it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FULL_MARKETING, MINIMAL } from "../../test/documents/fixtures.ts";
import { modelOf } from "../../test/documents/helpers.ts";
import { command, PHRASES } from "../../runtime/commands.ts";
import { createConversation, type Conversation } from "../../runtime/index.ts";
import type { MachineDefinition } from "../../runtime/machine.ts";
import { compileSource } from "../compile.ts";
import { buildNotice, type NoticeItem } from "./notice.ts";
import { chatReader } from "../../runtime/chat.ts";

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");
const FLOWS: Record<string, string> = {
  full: FULL_MARKETING,
  minimal: MINIMAL,
  lead: read("examples/lead-capture/lead.flow"),
  shop: read("examples/shop/shop.flow"),
  clinic: read("test/golden/clinic-intake.flow"),
  recruitment: read("examples/recruitment/recruitment.flow"),
  order: read("examples/order-loop/order.flow"),
};

const T0 = Date.UTC(2026, 0, 5, 9);
const DAY = 864e5;

/** A conversation answered with a valid value at every ask and yes at every consent, until `stop` says so. */
function drive(m: MachineDefinition, now: { t: number }, stop: (c: Conversation) => boolean = () => false): Conversation {
  const c = createConversation(m, { chatReader, clock: () => new Date(now.t) });
  for (let k = 0; k < 200 && !c.ended && !stop(c); k++) {
    const p = c.prompt;
    if (p.kind === "consent") c.answer(p.step, true);
    else if (p.kind === "ask") {
      const t = m.fields.find((f) => f.name === p.field)!.type;
      const v =
        t.kind === "choice"
          ? t.options[0]!.value
          : t.kind === "integer" || t.kind === "number"
            ? t.min
            : t.kind === "yesno"
              ? true
              : t.kind === "email"
                ? "ann@example.org"
                : t.kind === "phone"
                  ? "+44 20 7946 0000"
                  : t.kind === "date"
                    ? "2000-01-01"
                    : "Ann";
      expect(c.answer(p.step, v as never).ok).toBe(true);
    }
  }
  return c;
}

const quoted = (s: string) => [...s.matchAll(/“([^”]+)”/g)].map((x) => x[1]!);

interface Context {
  readonly m: MachineDefinition;
  readonly section: NoticeItem;
  /** The list item's label (a purpose's description or a field's label), if the sentence is in a list. */
  readonly label: string | undefined;
}
const purposeOf = (ctx: Context, why = ctx.label) => ctx.m.purposes.find((p) => p.why === why);

/** A rule: the sentences it covers and, for a promise about this chat, what the runtime must do. */
interface Rule {
  readonly name: string;
  readonly section?: NoticeItem;
  readonly re: RegExp;
  readonly check?: (ctx: Context, sentence: string) => void;
}

const RULES: Rule[] = [
  // Facts about the controller and the processing: the runtime makes no promise about them.
  ...(["controller", "dpo", "purposes", "legitimate_interests", "recipients", "transfers", "complaint", "automated"] as const).map((section) => ({
    name: `what ${section} declares`,
    section,
    re: /./,
  })),
  {
    name: "Art. 13(2)(a), 5(1)(e): the retention stated is the one the runtime enforces",
    section: "retention",
    re: /^We keep it (for a period that has not been declared|until you withdraw your consent|(\d+ \w+) after it is collected(, or until you withdraw your consent if that is sooner)?|only until the end of the conversation|.*)\.$/,
    check(ctx, sentence) {
      const p = purposeOf(ctx)!;
      const period = /^We keep it (\d+) (\w+?)s? after/.exec(sentence);
      if (period)
        expect(p.retention).toMatchObject({ kind: "period", period: { amount: +period[1]!, unit: expect.stringMatching(new RegExp(`^${period[2]}`)) } });
      if (/^We keep it until you withdraw/.test(sentence)) expect(p.retention.kind).toBe("until_withdrawn");
    },
  },
  {
    name: "Art. 7(3), 5(1)(e): a lapsed consent stops the purpose, and what was held only for it is deleted",
    section: "retention",
    re: /^Your consent lasts (.+); when it lapses, we stop using your data for this and delete what we held only for it\.$/,
    check(ctx) {
      const p = purposeOf(ctx)!;
      const now = { t: T0 };
      const c = drive(ctx.m, now);
      const held = Object.keys(c.dataFor(p.name)).length > 0;
      const only = c.export().data.filter((v) => v.purposes.every((u) => u.purpose === p.name));
      // Just past the consent's lapse, before any retention runs out that is longer; past any validity if it was not asked.
      const lapse = c.export().consents.find((x) => x.purpose === p.name)?.expiresAt;
      now.t = lapse ? Date.parse(lapse) + 1 : now.t + 40 * 366 * DAY;
      if (held) expect(c.dataFor(p.name)).toEqual({});
      c.purgeExpired();
      // Not kept until consent is given again: gone at the next purge, even where the purpose's retention runs longer.
      for (const v of only) expect(c.export().data.find((w) => w.field === v.field && w.value === v.value)).toBeUndefined();
      expect(c.export().data.some((v) => v.purposes.some((u) => u.purpose === p.name))).toBe(false);
    },
  },
  {
    name: "the rights exist (Art. 13(2)(b))",
    section: "rights",
    re: /^You can (ask what data|have inaccurate|have your data deleted|ask us to limit|receive the data|object to our using)/,
  },
  { name: "where a right applies", section: "rights", re: /^This (applies|does not apply)/ },
  { name: "how to use the rights", section: "rights", re: /^To use any of these rights, contact/ },
  {
    name: "Art. 15: the access phrase is a command of this chat",
    section: "rights",
    re: /^In this chat, type “Show my data”\.$/,
    check: (ctx, s) => expect(command(quoted(s)[0]!, ctx.m)).toEqual({ kind: "export" }),
  },
  {
    name: "Art. 7(1), 13(2)(a): erasure keeps the ledger of decisions, adds its own, and the ledger holds no answer",
    section: "rights",
    re: /^Erasure keeps the record of your choices in this chat — the consents you gave or refused, your withdrawals and objections, and the erasure itself, with when and how you made them, never what you answered — so that we can show what you agreed to \(Art\. 7\(1\)\)\.$/,
    check(ctx) {
      const c = drive(ctx.m, { t: T0 });
      const before = c.receipts();
      // Each answer as the ledger's JSON would hold it, were it there.
      const answered = c
        .export()
        .data.filter((v) => typeof v.value === "string")
        .map((v) => JSON.stringify(v.value));
      c.answerText(PHRASES.erase[0]!);
      const after = c.receipts();
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.map((r) => r.decision)).toEqual([...before.map((r) => r.decision), "erased"]);
      const ledger = JSON.stringify(after);
      expect(answered.length).toBeGreaterThan(0);
      for (const v of answered) expect(ledger).not.toContain(v);
    },
  },
  {
    name: "Art. 17, 17(3)(b): the erasure phrase erases, and keeps only what the notice says erasure does not reach",
    section: "rights",
    re: /^In this chat, type “Forget me”\.$/,
    check(ctx, s) {
      expect(command(quoted(s)[0]!, ctx.m)).toEqual({ kind: "erase" });
      const c = drive(ctx.m, { t: T0 });
      const before = ctx.m.purposes.map((p) => c.dataFor(p.name));
      c.answerText(quoted(s)[0]!);
      ctx.m.purposes.forEach((p, i) => {
        // The notice says erasure does not reach data for a legal obligation or a public task: the runtime keeps it, and says why.
        const exempt = p.basis === "legal_obligation" || p.basis === "public_task";
        expect(c.dataFor(p.name)).toEqual(exempt ? before[i] : {});
        if (exempt) expect(p.kept).toMatch(/Art\. 17\(3\)\(b\)/);
      });
    },
  },
  {
    name: "Art. 21: every objection phrase the notice quotes objects to exactly the purposes it may",
    section: "rights",
    re: /^In this chat, type (“[^”]+”( or “[^”]+”)*) while it is open\.$/,
    check(ctx, s) {
      for (const phrase of quoted(s)) {
        const c = command(phrase, ctx.m);
        expect(c?.kind).toBe("object");
        for (const name of (c as { purposes: string[] }).purposes) {
          const p = ctx.m.purposes.find((x) => x.name === name)!;
          expect(p.directMarketing || p.basis === "legitimate_interests" || p.basis === "public_task").toBe(true);
        }
      }
    },
  },
  {
    name: "Art. 18, 16, 20: what this chat cannot do, it says so",
    section: "rights",
    re: /^This chat cannot do this itself: ask us, and a person will handle it\.$/,
  },
  {
    name: "withdrawal (Art. 7(3))",
    section: "withdrawal",
    re: /^(Where we rely on your consent|Withdrawing does not affect|None of these purposes rests on your consent)/,
  },
  {
    name: "Art. 7(3): every withdrawal phrase withdraws that purpose in this chat, whatever the prompt",
    section: "withdrawal",
    re: /^Type (“[^”]+”( or “[^”]+”)*) in this chat while it is open(, or contact .+ at any time)?\.$/,
    check(ctx, s) {
      const p = purposeOf(ctx)!;
      for (const phrase of quoted(s)) {
        expect(command(phrase, ctx.m)).toEqual({ kind: "withdraw", purpose: p.name });
        const c = drive(ctx.m, { t: T0 });
        c.answerText(phrase);
        expect(c.dataFor(p.name)).toEqual({});
        expect(c.export().consents.find((x) => x.purpose === p.name)?.status).not.toBe("given");
      }
    },
  },
  { name: "withdrawal without a chat phrase: only the contact is offered", section: "withdrawal", re: /^(Contact .+ at any time|Tell the controller)\.$/ },
  { name: "no direct marketing", section: "direct_marketing", re: /^We do not use your data for direct marketing\.$/ },
  {
    name: "Art. 21(2)–(3): objection to direct marketing works whatever the basis, stops it at once, erases only its data, and its consent is not asked again",
    section: "direct_marketing",
    re: /^(You have the right to object at any time to our using your data for direct marketing|When you object, we stop using your data for it at once)/,
    check(ctx) {
      for (const p of ctx.m.purposes.filter((x) => x.directMarketing)) {
        const c = drive(ctx.m, { t: T0 });
        const others = ctx.m.purposes.filter((x) => !x.directMarketing).map((x) => [x.name, c.dataFor(x.name)]);
        c.object(p.name);
        expect(c.dataFor(p.name)).toEqual({});
        expect(ctx.m.purposes.filter((x) => !x.directMarketing).map((x) => [x.name, c.dataFor(x.name)])).toEqual(others);
        expect(c.export().objections).toContain(p.name);
      }
    },
  },
  {
    name: "Art. 21(2)–(4): each purpose's objection phrases work in this chat",
    section: "direct_marketing",
    re: /^Type (“[^”]+”( or “[^”]+”)*) in this chat while it is open(, or contact .+ at any time)?\.$/,
    check(ctx, s) {
      const p = purposeOf(ctx)!;
      for (const phrase of quoted(s)) expect((command(phrase, ctx.m) as { purposes?: string[] })?.purposes).toContain(p.name);
    },
  },
  {
    name: "Art. 13(2)(e): data that may be skipped is skipped with “skip”",
    section: "provision",
    re: /^For “[^”]+”: you may skip this question; nothing else changes if you do\.$/,
    check(ctx) {
      const field = ctx.m.fields.find((f) => f.label === ctx.label)!;
      const c = drive(ctx.m, { t: T0 }, (c) => c.prompt.kind === "ask" && c.prompt.field === field.name);
      if (c.prompt.kind === "ask") expect(c.answerText("skip")).toMatchObject({ ok: true, command: "skip" });
    },
  },
  {
    name: "Art. 13(2)(e): data that is needed cannot be skipped",
    section: "provision",
    re: /^For “[^”]+”: (needed to do this for you|required by law|you are not obliged to give it; without it we cannot do this)/,
    check(ctx) {
      const field = ctx.m.fields.find((f) => f.label === ctx.label)!;
      const c = drive(ctx.m, { t: T0 }, (c) => c.prompt.kind === "ask" && c.prompt.field === field.name && !c.prompt.optional);
      if (c.prompt.kind === "ask" && !c.prompt.optional) expect(c.answerText("skip")).toMatchObject({ ok: false, code: "not_optional" });
    },
  },
  {
    name: "Art. 13(2)(e), 7(4): consent data is voluntary",
    section: "provision",
    re: /^For “[^”]+”: voluntary, asked only with your consent; if you refuse, nothing else changes\.$/,
  },
  {
    name: "a clause the provision sentences end with",
    section: "provision",
    re: /^(without it we cannot (go on|do (it|this))|if you refuse, nothing else changes)\.?$/,
  },
];

/** A text cut into sentences: after . ! ? followed by a space and a capital or an opening quote. */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z“])/).filter(Boolean);

describe("every sentence of the notice against the runtime (Art. 12(1), 13, 5(1)(a))", () => {
  for (const [name, source] of Object.entries(FLOWS)) {
    it(`${name}: each sentence has a rule, and every promise about this chat holds in the runtime`, () => {
      const notice = buildNotice(modelOf({ "f.flow": source }, "f.flow"));
      const compiled = compileSource(source, "f.flow");
      expect(compiled.ok).toBe(true);
      const m = compiled.machine!;
      const unknown: string[] = [];
      for (const section of notice.content.sections)
        for (const block of section.blocks)
          for (const item of block.kind === "paragraph" ? [{ label: undefined, text: block.text }] : block.items)
            for (const sentence of sentences(item.text)) {
              const rule = RULES.find((r) => (r.section === undefined || r.section === section.id) && r.re.test(sentence));
              if (!rule) unknown.push(`${section.id}: ${sentence}`);
              else rule.check?.({ m, section: section.id, label: item.label }, sentence);
            }
      expect(unknown).toEqual([]);
    });
  }
});
