/**
 * `lawflow fmt`: rewrites files in the canonical layout; `--check` writes
 * nothing and fails on a file that is not formatted; a file with a syntax
 * error is reported and left alone.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, lawflow, scratch } from "./helpers.ts";

beforeAll(ensureBuilt);

const MESSY = 'flow F version "1.0.0"  controller "C" contact "c@example.org"\nsay   "hi" // greet\nend "bye"\n';
const TIDY = 'flow F version "1.0.0"\ncontroller "C" contact "c@example.org"\nsay "hi" // greet\nend "bye"\n';

describe("lawflow fmt", () => {
  it("--check names the files that are not formatted, writes nothing, exits 1", () => {
    const dir = scratch({ "messy.flow": MESSY, "tidy.flow": TIDY });
    const r = lawflow(["fmt", "--check", "messy.flow", "tidy.flow"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("messy.flow: not formatted\n1 file not formatted; run `lawflow fmt` on it\n");
    expect(readFileSync(join(dir, "messy.flow"), "utf8")).toBe(MESSY);
    expect(lawflow(["fmt", "--check", "tidy.flow"], { cwd: dir }).status).toBe(0);
  });

  it("rewrites a file in the canonical layout, comments kept", () => {
    const dir = scratch({ "messy.flow": MESSY });
    const r = lawflow(["fmt", "messy.flow"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("messy.flow: formatted\n");
    expect(readFileSync(join(dir, "messy.flow"), "utf8")).toBe(TIDY);
  });

  it("reports a syntax error and a missing file, and leaves the file as it was", () => {
    const broken = 'ask company "Which company?"\nsay "next"\n';
    const dir = scratch({ "broken.flow": broken });
    const r = lawflow(["fmt", "broken.flow", "missing.flow"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("error[LF102]: expected `for`, found the end of the line\n  --> broken.flow:1:29");
    expect(r.stdout).toContain("error[LF501]: cannot read `missing.flow`: no such file");
    expect(readFileSync(join(dir, "broken.flow"), "utf8")).toBe(broken);
  });

  it("keeps a file's CRLF line endings (a Windows checkout): formatted is formatted whatever the line endings", () => {
    const crlf = (text: string) => text.replace(/\n/g, "\r\n");
    const dir = scratch({ "tidy.flow": crlf(TIDY), "messy.flow": crlf(MESSY) });
    const check = lawflow(["fmt", "--check", "tidy.flow"], { cwd: dir });
    expect(check.stdout).toBe("");
    expect(check.status).toBe(0);
    expect(lawflow(["fmt", "messy.flow"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, "messy.flow"), "utf8")).toBe(crlf(TIDY));
  });

  it("refuses a file that is not UTF-8 and leaves its bytes as they were", () => {
    // A Latin-1 "é" in a comment: read as UTF-8 and written back, it would be replaced by U+FFFD for good.
    const bytes = Buffer.from(MESSY.replace("// greet", "// café"), "latin1");
    const dir = scratch();
    writeFileSync(join(dir, "messy.flow"), bytes);
    const r = lawflow(["fmt", "messy.flow"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("error[LF501]: cannot read `messy.flow`: it is not UTF-8 text (the first byte that is not is on line 2) — save the file as UTF-8");
    expect(readFileSync(join(dir, "messy.flow")).equals(bytes)).toBe(true);
  });

  it("finds every example in the repository formatted", () => {
    const r = lawflow(["fmt", "--check", "examples/lead-capture/lead.flow", "examples/company-policy/policy.flow", "examples/company-policy/support.flow", "examples/company-policy/onboarding.flow"]);
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });
});
