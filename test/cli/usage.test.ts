import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BROKEN, ensureBuilt, lawflow, MINI, POLICY, ROOT, scratch } from "./helpers.ts";

beforeAll(ensureBuilt);

describe("lawflow check", () => {
  it("exits 0 and writes nothing for a good flow", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    const r = lawflow(["check", "mini.flow"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("mini.flow: ok\n");
  });

  it("checks the lead-capture example", () => {
    const r = lawflow(["check", "examples/lead-capture/lead.flow"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("examples/lead-capture/lead.flow: ok");
  });

  it("exits 1 with the diagnostics of every file", () => {
    const dir = scratch({ "mini.flow": MINI, "broken.flow": BROKEN, "policy.flow": POLICY });
    const r = lawflow(["check", "broken.flow", "mini.flow"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("--> broken.flow:4:5");
    expect(r.stdout).toContain("mini.flow: ok");
  });

  it("prints JSON with --format json", () => {
    const dir = scratch({ "broken.flow": BROKEN, "policy.flow": POLICY });
    const json = JSON.parse(lawflow(["check", "broken.flow", "--format", "json"], { cwd: dir }).stdout);
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toContain("LF202");
    expect(json.files[0].input).toBe("broken.flow");
  });

  it("colours only at a terminal (or when forced), and never with --no-color", () => {
    const dir = scratch({ "broken.flow": BROKEN, "policy.flow": POLICY });
    expect(lawflow(["check", "broken.flow"], { cwd: dir }).stdout).not.toContain("\u001b[");
    expect(lawflow(["check", "broken.flow"], { cwd: dir, env: { FORCE_COLOR: "1" } }).stdout).toContain("\u001b[1m\u001b[31merror[LF202]");
    expect(lawflow(["check", "broken.flow", "--no-color"], { cwd: dir, env: { FORCE_COLOR: "1" } }).stdout).not.toContain("\u001b[");
    expect(lawflow(["--no-color", "check", "broken.flow"], { cwd: dir, env: { FORCE_COLOR: "1" } }).stdout).not.toContain("\u001b[");
  });
});

describe("output that cannot be written", () => {
  // /dev/full fails every write with ENOSPC, as `> report.txt` on a full disk does.
  it.runIf(existsSync("/dev/full"))("is LF504 in one line with what to do, exit 1, never a stack trace", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    for (const args of [["notice", "mini.flow"], ["check", "mini.flow"], ["--help"]]) {
      const full = openSync("/dev/full", "w");
      try {
        const r = spawnSync(process.execPath, [join(ROOT, "bin/lawflow.mjs"), ...args], { cwd: dir, encoding: "utf8", stdio: ["ignore", full, "pipe"] });
        expect(r.stderr, args.join(" ")).toBe("error[LF504]: cannot write the output: no space left on the device — check the disk, or where the output is sent (`> FILE`, a pipe)\n");
        expect(r.status, args.join(" ")).toBe(1);
      } finally {
        closeSync(full);
      }
    }
  });
});

describe("usage", () => {
  it("prints the package version", () => {
    const r = lawflow(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  it("prints help and exits 0 when asked", () => {
    const r = lawflow(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("compile");
    expect(r.stdout).toContain("check");
  });

  it.each([[["help"]], [["help", "compile"]], [["compile", "--help"]]])("prints help on stdout and exits 0 for %j, as docs/cli.md says `help` does", (args) => {
    const r = lawflow(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: lawflow/);
    expect(r.stderr).toBe("");
  });

  it.each([
    [["frobnicate"], /unknown command/],
    [["help", "frobnicate"], /Usage: lawflow/],
    [["compile"], /missing required argument/],
    [["check"], /missing required argument/],
    [["compile", "x.flow", "--bogus"], /unknown option/],
    [["compile", "x.flow", "--format", "xml"], /Allowed choices are text, json/],
    [[], /Usage: lawflow/],
  ])("exits 2 for %j", (args, message) => {
    const r = lawflow(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});
