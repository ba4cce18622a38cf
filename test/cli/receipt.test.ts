/**
 * The person's evidence from the command line: `lawflow receipt` checks a
 * kept receipt code against a ledger, and `lawflow notice --archive` keeps
 * the notice a receipt names under its hash (Art. 7(1); ISO/IEC TS 27560).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compileFile } from "../../compiler/index.ts";
import { createConversation } from "../../runtime/index.ts";
import { consentRecord } from "../../runtime/records.ts";
import type { Receipt } from "../../runtime/types.ts";
import { sha256 } from "../../runtime/sha256.ts";
import { ensureBuilt, LEAD, lawflow, scratch } from "./helpers.ts";

beforeAll(() => ensureBuilt());

const machine = compileFile(LEAD, { until: "lower" }).machine!;

/** A ledger of a consent given, then withdrawn a day later; and the code the person was shown for the consent. */
function ledger(): { receipts: readonly Receipt[]; code: string } {
  const time = { now: Date.UTC(2026, 0, 1) };
  const c = createConversation(machine, { clock: () => new Date(time.now), method: "web-chat" });
  c.answer("company" as never, "Acme" as never);
  c.answer("plan" as never, "pro" as never);
  c.answer("birth_year" as never, null as never);
  const code = (c.answer("newsletter" as never, true as never) as { receipt: string }).receipt;
  time.now += 864e5;
  c.withdraw("newsletter");
  return { receipts: c.receipts(), code };
}

/** Back-date receipt 0 by a month and recompute the chain, as an operator without the person's code could. */
function backDated(list: readonly Receipt[]): Receipt[] {
  const out: Receipt[] = [];
  list.forEach((r, i) => {
    const x = { ...r, at: i ? r.at : "2025-12-01T00:00:00.000Z", prev: i ? out[i - 1]!.hash : "0".repeat(64) };
    const { at, by, decision, flow, method, notice, prev, purpose, request, requestHash, seq, version } = x;
    out.push({ ...x, hash: sha256(JSON.stringify({ at, by, decision, flow, hash: undefined, method, notice, prev, purpose, request, requestHash, seq, version })) });
  });
  return out;
}

describe("lawflow receipt", () => {
  it("Art. 7(1): verifies a kept code against the ledger, an export or a consent record it came from", () => {
    const { receipts, code } = ledger();
    const dir = scratch({
      "receipts.json": JSON.stringify(receipts),
      "record.json": JSON.stringify(consentRecord(receipts, machine)),
      "export.json": JSON.stringify({ receipts }),
    });
    try {
      for (const file of ["receipts.json", "record.json", "export.json"]) {
        const r = lawflow(["receipt", code, "--ledger", join(dir, file)]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toBe("verified: receipt 0 of LeadCapture 1.0.0, given newsletter at 2026-01-01T00:00:00.000Z; the ledger up to it is as it was when the code was given.\n");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Art. 7(1), Art. 5(2): a ledger back-dated with its chain recomputed fails against the kept code", () => {
    const { receipts, code } = ledger();
    const dir = scratch({ "forged.json": JSON.stringify(backDated(receipts)) });
    try {
      const r = lawflow(["receipt", code, "--ledger", join(dir, "forged.json")]);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^not verified \(different\): Receipt 0 of this ledger is not the one the code was given for/);
      const bad = lawflow(["receipt", "0-1234", "--ledger", join(dir, "forged.json")]);
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(/^not verified \(malformed\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says what a ledger file must be, without a stack trace", () => {
    const dir = scratch({ "notes.json": '{"hello": 1}', "broken.json": "{" });
    try {
      for (const [file, message] of [["notes.json", /holds no receipts/], ["broken.json", /cannot read .* as JSON/]] as const) {
        const r = lawflow(["receipt", "0-0000000000000000", "--ledger", join(dir, file)]);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a ledger that cannot be read as LF501 and exits 1, as every command does for a file it cannot read", () => {
    const dir = scratch();
    try {
      for (const [file, reason] of [["missing.json", "no such file"], [".", "it is a directory, not a file"]] as const) {
        const r = lawflow(["receipt", "0-0000000000000000", "--ledger", join(dir, file)]);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe(`error[LF501]: cannot read the ledger \`${join(dir, file)}\`: ${reason} — give --ledger the path of a JSON file: the receipts, an export or a consent record\n`);
        expect(r.stderr).toBe("");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("lawflow notice --archive", () => {
  it("Art. 7(1), ISO/IEC TS 27560: keeps the notice under the hash its receipts name, the .json hashing to it", () => {
    const dir = scratch();
    try {
      const hash = machine.notice!.hash;
      const r = lawflow(["notice", LEAD, "--archive", join(dir, "notices")]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(`LeadCapture 1.0.0 notice ${hash} -> ${join(dir, "notices", hash)}.{json,md,html}\n`);
      const json = readFileSync(join(dir, "notices", `${hash}.json`));
      expect(createHash("sha256").update(json).digest("hex")).toBe(hash);
      expect(ledger().receipts[0]!.notice).toBe(hash);
      expect(readFileSync(join(dir, "notices", `${hash}.md`), "utf8")).toMatch(/^# Privacy notice/);
      expect(existsSync(join(dir, "notices", `${hash}.html`))).toBe(true);
      // With --out as well, the notice is written there too.
      expect(lawflow(["notice", LEAD, "--archive", join(dir, "notices"), "--out", join(dir, "notice.md")]).status).toBe(0);
      expect(readFileSync(join(dir, "notice.md"), "utf8")).toBe(readFileSync(join(dir, "notices", `${hash}.md`), "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
