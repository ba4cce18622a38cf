import { describe, expect, it } from "vitest";
import { addDuration } from "./time.ts";

const at = (s: string) => Date.parse(s);
const iso = (t: number) => new Date(t).toISOString();

describe("addDuration", () => {
  it("adds days and weeks exactly", () => {
    expect(iso(addDuration(at("2025-03-29T10:00:00Z"), { amount: 2, unit: "days" }))).toBe("2025-03-31T10:00:00.000Z");
    expect(iso(addDuration(at("2025-12-30T00:00:00Z"), { amount: 1, unit: "weeks" }))).toBe("2026-01-06T00:00:00.000Z");
  });

  it("adds months and years by the calendar, clamping to the month's last day", () => {
    expect(iso(addDuration(at("2025-01-31T12:00:00Z"), { amount: 1, unit: "months" }))).toBe("2025-02-28T12:00:00.000Z");
    expect(iso(addDuration(at("2024-01-31T12:00:00Z"), { amount: 1, unit: "months" }))).toBe("2024-02-29T12:00:00.000Z");
    expect(iso(addDuration(at("2025-01-31T00:00:00Z"), { amount: 13, unit: "months" }))).toBe("2026-02-28T00:00:00.000Z");
    expect(iso(addDuration(at("2024-02-29T00:00:00Z"), { amount: 1, unit: "years" }))).toBe("2025-02-28T00:00:00.000Z");
    expect(iso(addDuration(at("2025-08-15T08:30:00Z"), { amount: 2, unit: "years" }))).toBe("2027-08-15T08:30:00.000Z");
  });
});
