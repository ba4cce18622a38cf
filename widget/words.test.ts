import { describe, expect, it } from "vitest";
import { asksWhy, cleanAnswer, clockTime, ENGLISH, refusalText, retentionText, shown, wordsWith } from "./words.ts";

describe("words", () => {
  it("refuses controls and bidi embeddings, overrides and isolates; keeps marks; makes tabs and breaks spaces", () => {
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\0", "\x1B", "\x7F", "\x85"])
      expect(cleanAnswer(`a${c}b`)).toBeUndefined();
    expect(cleanAnswer("a\u200Fb\u200Ec\u061C")).toBe("a\u200Fb\u200Ec\u061C");
    expect(cleanAnswer("two\tlines\r\nhere")).toBe("two lines  here");
  });

  it("shows hidden characters as U+FFFD, so they cannot reorder what follows", () => {
    expect(shown("\u202Etxt.exe")).toBe("\uFFFDtxt.exe");
    expect(shown("plain")).toBe("plain");
  });

  it("shows a message's time as HH:MM on the visitor's 24-hour clock", () => {
    expect(clockTime(new Date(2026, 2, 6, 9, 5, 59).getTime())).toBe("09:05");
    expect(clockTime(new Date(2026, 2, 6, 23, 0).getTime())).toBe("23:00");
  });

  it("words retention as a person reads it", () => {
    expect(retentionText({ kind: "session" })).toBe("for this conversation only");
    expect(retentionText({ kind: "until_withdrawn" })).toBe("until you withdraw consent");
    expect(retentionText({ kind: "period", period: { amount: 1, unit: "years" }, orUntilWithdrawn: false })).toBe("1 year");
    expect(retentionText({ kind: "period", period: { amount: 13, unit: "months" }, orUntilWithdrawn: true })).toBe("13 months, or until you withdraw consent");
  });

  it("takes a host's words over English, entry by entry, and the bases and decisions key by key", () => {
    expect(wordsWith()).toBe(ENGLISH);
    const w = wordsWith({ send: "Senden", basis: { consent: "Ihre Einwilligung" }, period: (n, unit) => `${n} ${unit === "years" ? "Jahre" : unit}` });
    expect(w.send).toBe("Senden");
    expect(w.cancel).toBe("Cancel");
    expect(w.basis.consent).toBe("Ihre Einwilligung");
    expect(w.basis.contract).toBe("a contract with you");
    expect(w.decision.erased).toBe("erased");
    expect(retentionText({ kind: "period", period: { amount: 2, unit: "years" }, orUntilWithdrawn: false }, w)).toBe("2 Jahre");
    expect(refusalText("out_of_range", "x", { name: "n", label: "n", type: { kind: "integer", min: 1, max: 9 }, hint: "Please give n." }, { ...ENGLISH, range: (a, b) => `${a}–${b}` })).toBe("1–9");
  });

  it("knows a message that only asks why, and nothing more", () => {
    for (const typed of ["why", "Why?", " why ? ", "WHY DO YOU ASK?", "why are  you asking?"]) expect(asksWhy(typed), typed).toBe(true);
    for (const typed of ["why not", "Why Not Ltd", "why?!", "I don't know why", "whyte", "why? Acme", "why do you need this", ""]) expect(asksWhy(typed), typed).toBe(false);
    expect(asksWhy("Why do you need this?", { ...ENGLISH, whyPhrases: [...ENGLISH.whyPhrases, "why do you need this"] })).toBe(true);
    expect(asksWhy("¿por qué?", { ...ENGLISH, whyPhrases: ["por qué"] })).toBe(true);
    expect(asksWhy("لماذا؟", { ...ENGLISH, whyPhrases: ["لماذا"] })).toBe(true);
  });

  it("names the bounds of a range or a length the runtime refused", () => {
    expect(refusalText("out_of_range", "x", { name: "n", label: "n", type: { kind: "number", min: 0.5, max: 9 }, hint: "Please give n." })).toBe("Please give a number from 0.5 to 9.");
    expect(refusalText("too_long", "x", { name: "t", label: "t", type: { kind: "text", max: 20 }, hint: "Please give t." })).toBe("Please keep it to 20 characters.");
    expect(refusalText("not_email", "Please give your email address.", undefined)).toBe("Please give your email address.");
  });
});
