import { describe, expect, it } from "vitest";
import { LawflowError, createConversation, defineMachine, restoreConversation, type MachineDefinition } from "./index.ts";
import { hmacSha256 } from "./hmac.ts";
import { moveSnapshot, versionChange } from "./migrate.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";
import { chatReader } from "./chat.ts";

const DAY = 864e5;
const start = Date.UTC(2026, 0, 1);
let now = start;
const clock = () => new Date(now);

/** `leadCapture` with `edit` applied to a deep copy, as version 2.0.0. */
const variant = (edit: (m: any) => void): MachineDefinition => {
  const m = structuredClone(leadCapture) as any;
  m.version = "2.0.0";
  edit(m);
  return defineMachine(m);
};

/**
 * Version 2 asks nothing new without consent: a new greeting, purposes and
 * fields in another order, a shorter retention for the quote, and a new
 * purpose, `partners`, that rests on consent and has its own consent step
 * after the email question.
 */
const compatible = variant((m) => {
  m.nodes[0].text = ["Hello again! Let's put your quote together."];
  m.purposes[0].retention.period.amount = 60;
  m.purposes.reverse();
  m.purposes.push({
    ...m.purposes.find((p: any) => p.name === "newsletter"),
    name: "partners",
    why: "Pass your email to our partners",
    retention: { kind: "until_withdrawn" },
    withdrawOn: [],
    consentValid: undefined,
    needs: ["email"],
    sharedWith: ["Partner Ltd"],
  });
  m.fields.unshift({
    name: "phone",
    label: "your phone number",
    type: { kind: "phone" },
  });
  m.nodes[5].purposes.push({ purpose: "partners", basis: "consent" });
  m.nodes[5].next = 9;
  m.nodes.push({
    kind: "consent",
    id: "partners",
    purpose: "partners",
    text: ["May we pass your email to our partners?"],
    given: 7,
    refused: 7,
  });
});

/** A conversation on version 1 at the email question, with a consent given and receipted. */
function atEmail(key?: string) {
  now = start;
  const hashes = key ? { hmacSha256 } : undefined;
  const c = createConversation(leadCapture,  { chatReader,
    clock,
    id: "c-7",
    key,
    hashes,
    method: "web-chat",
  });
  for (const a of ["Acme", "pro", "1990", "yes"]) c.answerText(a);
  expect(c.prompt.step).toBe("email");
  return { c, snapshot: c.snapshot(), hashes };
}

describe("machines given from JavaScript as something else", () => {
  it("are a TypeError that says what to give (a misspelt import is undefined), not a member of undefined read inside", () => {
    const snapshot = createConversation(leadCapture, { chatReader }).snapshot();
    for (const wrong of [undefined, null, {}, "LeadCapture"]) {
      expect(() => versionChange(leadCapture, wrong as never)).toThrow(/^versionChange\(from, to\): from and to must be machine definitions \(a flow module's `…Machine`\)/);
      expect(() => versionChange(wrong as never, leadCapture)).toThrow(TypeError);
      expect(() => moveSnapshot(wrong as never, leadCapture, snapshot)).toThrow(/^moveSnapshot\(from, to, snapshot\): from and to must be machine definitions/);
    }
    expect(versionChange(leadCapture, leadCapture)).toEqual({ ok: true });
  });
});

describe("moving a conversation to a newer version", () => {
  it("is allowed when the new version asks nothing new without consent: the conversation continues on it", () => {
    expect(versionChange(leadCapture, compatible)).toEqual({ ok: true });
    const { c: old, snapshot } = atEmail();
    const oldReceipt = old.receipts()[0]!;
    now += DAY;
    const moved = moveSnapshot(leadCapture, compatible, snapshot, {
      id: "c-7",
    });
    if (!moved.ok) throw new Error(moved.detail);
    expect(JSON.parse(moved.snapshot)).toMatchObject({
      version: "2.0.0",
      revision: old.revision + 1,
      conversation: "c-7",
    });
    // Version 1 no longer opens it; version 2 does, at the same step, with the same data.
    expect(() => restoreConversation(leadCapture, moved.snapshot, { chatReader, id: "c-7" })).toThrow(/snapshot_version/);
    const c = restoreConversation(compatible, moved.snapshot,  { chatReader,
      id: "c-7",
      clock,
      method: "web-chat",
      minRevision: old.revision + 1,
    });
    expect(c.prompt).toMatchObject({ step: "email", messages: [] });
    expect(c.dataFor("quote")).toEqual({ company: "Acme", plan: "pro" });
    expect(c.dataFor("audience")).toEqual({ birth_year: 1990 });
    // The quote's shorter retention applies to what was already held.
    const company = c.export().data.find((v) => v.field === "company")!;
    expect(company.purposes[0]!.expiresAt).toBe(new Date(start + 60 * DAY).toISOString());
    expect(c.export().consents).toEqual([
      {
        purpose: "newsletter",
        status: "given",
        at: new Date(start).toISOString(),
        expiresAt: new Date(Date.UTC(2027, 1, 1)).toISOString(),
      },
    ]);
    // The receipt made on version 1 is the same receipt: same version, same hash.
    expect(c.receipts()[0]).toEqual(oldReceipt);
    // The email question now also names the new purpose; without its consent, nothing is kept for it.
    expect(c.answerText("ann@example.com").ok).toBe(true);
    expect(c.dataFor("partners" as never)).toEqual({});
    expect(c.dataFor("newsletter")).toEqual({ email: "ann@example.com" });
    expect(c.prompt.step).toBe("partners");
    c.answerText("yes");
    expect(c.receipts().map((r) => [r.version, r.purpose, r.decision])).toEqual([
      ["1.0.0", "newsletter", "given"],
      ["2.0.0", "partners", "given"],
    ]);
    expect(c.verify()).toBe(true);
    // A snapshot of the moved conversation restores on version 2 with its mixed-version ledger intact.
    expect(restoreConversation(compatible, c.snapshot(), { chatReader, id: "c-7" }).verify()).toBe(true);
  });

  it("moves a keyed snapshot under the same key, and checks it first", () => {
    const { snapshot, hashes } = atEmail("k-0123456789");
    const moved = moveSnapshot(leadCapture, compatible, snapshot, {
      id: "c-7",
      key: "k-0123456789",
      hashes,
    });
    expect(moved.ok).toBe(true);
    expect(() =>
      moveSnapshot(leadCapture, compatible, snapshot, {
        id: "c-7",
        key: "wrong",
        hashes,
      }),
    ).toThrow(/snapshot_tampered/);
    expect(() =>
      moveSnapshot(leadCapture, compatible, snapshot.replace("Acme", "Evil"), {
        id: "c-7",
        key: "k-0123456789",
        hashes,
      }),
    ).toThrow(LawflowError);
    expect(() =>
      moveSnapshot(leadCapture, compatible, snapshot, {
        id: "c-8",
        key: "k-0123456789",
        hashes,
      }),
    ).toThrow(/snapshot_conversation/);
  });

  const refusals: [string, (m: any) => void, string][] = [
    [
      "a new purpose on another basis than consent",
      (m) =>
        m.purposes.push({
          ...m.purposes[2],
          name: "profiling",
          needs: ["birth_year"],
        }),
      "new_purpose_without_consent",
    ],
    ["a longer retention", (m) => (m.purposes[0].retention.period = { amount: 4, unit: "months" }), "retention_longer"],
    [
      "a retention that no longer ends on withdrawal",
      (m) =>
        (m.purposes[1].retention = {
          kind: "period",
          period: { amount: 1, unit: "days" },
          orUntilWithdrawn: false,
        }),
      "retention_longer",
    ],
    ["a consent that counts longer", (m) => (m.purposes[1].consentValid = { amount: 2, unit: "years" }), "consent_validity_longer"],
    ["a new recipient", (m) => m.purposes[0].sharedWith.push("Ads Inc"), "recipients_added"],
    ["a new transfer", (m) => m.purposes[0].transfers.push({ country: "US", safeguard: "SCC" }), "transfers_added"],
    ["a purpose that needs more", (m) => m.purposes[2].needs.push("company"), "needs_added"],
    ["another basis", (m) => (m.purposes[2].basis = "public_task"), "basis_changed"],
    ["a removed purpose", (m) => m.purposes.splice(2, 1), "purpose_removed"],
    ["a field of another type", (m) => (m.fields[0].type = { kind: "text", max: 20 }), "field_changed"],
    ["another controller", (m) => (m.controller = { name: "Other Ltd", contact: "x@other.example" }), "controller_changed"],
    ["the conversation's step removed", (m) => (m.nodes[5].id = "your_email"), "step_removed"],
  ];
  for (const [what, edit, code] of refusals)
    it(`is refused for ${what}, with the reason, and leaves the conversation on its version`, () => {
      const { snapshot } = atEmail();
      const moved = moveSnapshot(leadCapture, variant(edit), snapshot, {
        id: "c-7",
      });
      expect(moved).toMatchObject({ ok: false, code });
      if (!moved.ok) expect(moved.detail.length).toBeGreaterThan(0);
      expect(restoreConversation(leadCapture, snapshot, { chatReader, id: "c-7" }).prompt.step).toBe("email");
    });

  it("is refused when a field the conversation holds is gone, allowed when one it does not hold is", () => {
    const { snapshot } = atEmail();
    const noBirthYear = (m: any) => {
      m.fields.splice(3, 1);
      m.purposes[2].needs = [];
      m.nodes[3] = {
        kind: "say",
        text: ["No more questions about you."],
        next: 4,
      };
    };
    expect(moveSnapshot(leadCapture, variant(noBirthYear), snapshot, { id: "c-7" })).toMatchObject({ ok: false, code: "field_removed" });
    now = start;
    const skipped = createConversation(leadCapture, { chatReader, clock, id: "c-7" });
    for (const a of ["Acme", "pro"]) skipped.answerText(a);
    // At the birth-year question, which version 2 no longer asks: it stays.
    expect(
      moveSnapshot(leadCapture, variant(noBirthYear), skipped.snapshot(), {
        id: "c-7",
      }),
    ).toMatchObject({ ok: false, code: "step_removed" });
    // Past it, with nothing held for it: it moves.
    skipped.answerText("skip");
    expect(
      moveSnapshot(leadCapture, variant(noBirthYear), skipped.snapshot(), {
        id: "c-7",
      }),
    ).toMatchObject({ ok: true });
  });

  it("allows terms that only narrow: a consent that now lapses, a retention that now also ends on withdrawal, a recipient dropped", () => {
    const narrower = variant((m) => {
      m.purposes[0].sharedWith = [];
      m.purposes[1].retention = { kind: "period", period: { amount: 2, unit: "years" }, orUntilWithdrawn: true };
      m.purposes[1].consentValid = { amount: 6, unit: "months" };
    });
    expect(versionChange(leadCapture, narrower)).toEqual({ ok: true });
    const { snapshot } = atEmail();
    const moved = moveSnapshot(leadCapture, narrower, snapshot, { id: "c-7" });
    if (!moved.ok) throw new Error(moved.detail);
    // The consent given on version 1 (13 months) now lapses after 6.
    expect(restoreConversation(narrower, moved.snapshot, { chatReader, id: "c-7" }).export().consents[0]!.expiresAt).toBe(new Date(Date.UTC(2026, 6, 1)).toISOString());
  });

  it("compares durations whatever the calendar", () => {
    const to = (period: object) =>
      versionChange(
        leadCapture,
        variant((m) => (m.purposes[0].retention.period = period)),
      );
    expect(to({ amount: 12, unit: "weeks" }).ok).toBe(true); // 84 days
    expect(to({ amount: 13, unit: "weeks" }).ok).toBe(false); // 91 days
    expect(to({ amount: 2, unit: "months" }).ok).toBe(true); // at most 62 days
    expect(to({ amount: 3, unit: "months" }).ok).toBe(false); // up to 92 days
  });
});
