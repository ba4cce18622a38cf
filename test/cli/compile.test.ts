import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { BROKEN, ensureBuilt, LEAD, lawflow, MINI, POLICY, ROOT, scratch } from "./helpers.ts";

beforeAll(ensureBuilt);

describe("lawflow compile", () => {
  it("writes <name>.flow.ts beside the input and exits 0", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    const r = lawflow(["compile", "mini.flow"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("wrote mini.flow.ts");
    const ts = readFileSync(join(dir, "mini.flow.ts"), "utf8");
    expect(ts).toContain("startMini");
    // No temporary file is left behind.
    expect(readdirSync(dir).sort()).toEqual(["mini.flow", "mini.flow.ts", "policy.flow"]);
  });

  it("compiles the lead-capture example into --out DIR, creating it", () => {
    const out = join(scratch(), "generated");
    const r = lawflow(["compile", LEAD, "--out", out]);
    expect(r.status).toBe(0);
    const ts = readFileSync(join(out, "lead.flow.ts"), "utf8");
    expect(ts).toContain("startLeadCapture");
    expect(ts).toContain("lawflow/runtime");
  });

  it("imports the runtime from --runtime-import", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    const r = lawflow(["compile", "mini.flow", "--runtime-import", "../runtime/index.ts"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "mini.flow.ts"), "utf8")).toContain("../runtime/index.ts");
  });

  it("writes <name>.flow.js and <name>.flow.d.ts with --emit js, and they run under plain node", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    const r = lawflow(["compile", "mini.flow", "--emit", "js", "--runtime-import", join(ROOT, "dist/runtime.js")], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("wrote mini.flow.js and mini.flow.d.ts");
    expect(readdirSync(dir).sort()).toEqual(["mini.flow", "mini.flow.d.ts", "mini.flow.js", "policy.flow"]);
    expect(readFileSync(join(dir, "mini.flow.d.ts"), "utf8")).toContain("export declare function startMini(");
    writeFileSync(join(dir, "run.mjs"), 'import { startMini } from "./mini.flow.js";\nconsole.log(typeof startMini().prompt.step);\n');
    const run = spawnSync(process.execPath, ["run.mjs"], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("string");
  });

  it("in a package that says \"type\": \"commonjs\" (as `npm init` writes it), warns that --emit js would not load under node (LF506), and --emit mjs writes modules that do", () => {
    const dir = scratch({ "package.json": '{ "name": "app", "type": "commonjs" }\n', "src/mini.flow": MINI, "src/policy.flow": POLICY });
    const runtime = join(ROOT, "dist/runtime.js");
    const js = lawflow(["compile", "src/mini.flow", "--emit", "js", "--runtime-import", runtime], { cwd: dir });
    expect(js.status).toBe(0); // written all the same: a bundler reads it either way
    expect(js.stdout).toContain('warning[LF506]: `src/mini.flow.js` is an ES module, but `package.json` says `"type": "commonjs"`, so plain `node` would not load it — compile with `--emit mjs`');
    expect(js.stdout).toContain("wrote src/mini.flow.js and src/mini.flow.d.ts");
    writeFileSync(join(dir, "src/run.js"), 'const { startMini } = require("./mini.flow.js");\nconsole.log(startMini().prompt.step);\n');
    expect(spawnSync(process.execPath, ["src/run.js"], { cwd: dir, encoding: "utf8" }).status).not.toBe(0); // what LF506 warns of

    const mjs = lawflow(["compile", "src/mini.flow", "--emit", "mjs", "--runtime-import", runtime], { cwd: dir });
    expect(mjs.status).toBe(0);
    expect(mjs.stdout).toBe("wrote src/mini.flow.mjs and src/mini.flow.d.mts\n");
    expect(readFileSync(join(dir, "src/mini.flow.d.mts"), "utf8")).toContain("export declare function startMini(");
    // From CommonJS (require of an ES module, Node 20.19+) and from an ES module alike.
    writeFileSync(join(dir, "src/run.js"), 'const { startMini } = require("./mini.flow.mjs");\nconsole.log(startMini().prompt.step);\n');
    writeFileSync(join(dir, "src/run.mjs"), 'import { startMini } from "./mini.flow.mjs";\nconsole.log(startMini().prompt.step);\n');
    for (const script of ["src/run.js", "src/run.mjs"]) {
      const run = spawnSync(process.execPath, [script], { cwd: dir, encoding: "utf8" });
      expect(run.stdout.trim(), run.stderr).toBe("email");
    }

    // A package of ES modules, or one that names no type (Node finds the module syntax itself): no warning.
    for (const manifest of ['{ "name": "app", "type": "module" }', '{ "name": "app" }']) {
      writeFileSync(join(dir, "package.json"), manifest);
      expect(lawflow(["compile", "src/mini.flow", "--emit", "js"], { cwd: dir }).stdout).toBe("wrote src/mini.flow.js and src/mini.flow.d.ts\n");
    }
  });

  it("compiles a file named twice, spelt two ways (`mini.flow ./mini.flow`, as a glob and a name give it), once", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    const r = lawflow(["compile", "mini.flow", "./mini.flow", "--format", "json"], { cwd: dir });
    expect(r.status, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ diagnostics: [], files: [{ input: "mini.flow", output: "mini.flow.ts", errors: 0, warnings: 0 }] });
  });

  it("refuses an unknown --emit form as a usage error", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    const r = lawflow(["compile", "mini.flow", "--emit", "cjs"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--emit");
    expect(readdirSync(dir).sort()).toEqual(["mini.flow", "policy.flow"]);
  });

  it("exits 1 on an error, with file:line:col and a code frame, and writes nothing", () => {
    const dir = scratch({ "broken.flow": BROKEN, "policy.flow": POLICY });
    const r = lawflow(["compile", "broken.flow"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("error[LF202]");
    expect(r.stdout).toContain("--> broken.flow:4:5");
    expect(r.stdout).toMatch(/ 4 \| ask emial "What's your email address\?"/);
    expect(r.stdout).toMatch(/\|     \^\^\^\^\^/);
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?/);
    expect(r.stdout).not.toContain("\u001b["); // not a TTY: no colour
    expect(readdirSync(dir).sort()).toEqual(["broken.flow", "policy.flow"]);
  });

  it("never leaves a partial output: an existing module survives a failed compile", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    expect(lawflow(["compile", "mini.flow"], { cwd: dir }).status).toBe(0);
    const before = readFileSync(join(dir, "mini.flow.ts"), "utf8");
    writeFileSync(join(dir, "mini.flow"), MINI.replace("ask email", "ask emial"));
    expect(lawflow(["compile", "mini.flow"], { cwd: dir }).status).toBe(1);
    expect(readFileSync(join(dir, "mini.flow.ts"), "utf8")).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("compiles several files; if any has an error, writes none", () => {
    const dir = scratch({ "mini.flow": MINI, "other.flow": MINI.replace("Mini", "Other"), "broken.flow": BROKEN, "policy.flow": POLICY });
    const bad = lawflow(["compile", "mini.flow", "broken.flow", "other.flow"], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(existsSync(join(dir, "mini.flow.ts"))).toBe(false);
    expect(existsSync(join(dir, "other.flow.ts"))).toBe(false);

    const good = lawflow(["compile", "mini.flow", "other.flow"], { cwd: dir });
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("wrote mini.flow.ts\nwrote other.flow.ts");
    expect(readFileSync(join(dir, "other.flow.ts"), "utf8")).toContain("startOther");
  });

  it("prints { diagnostics, files } with --format json", () => {
    const dir = scratch({ "broken.flow": BROKEN, "mini.flow": MINI, "policy.flow": POLICY });
    const r = lawflow(["compile", "broken.flow", "mini.flow", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["diagnostics", "files"]);
    const d = json.diagnostics.find((x: { code: string }) => x.code === "LF202");
    expect(d).toMatchObject({ severity: "error", file: "broken.flow", place: { file: "broken.flow", line: 4, column: 5 } });
    expect(json.files).toEqual([
      expect.objectContaining({ input: "broken.flow", errors: expect.any(Number) }),
      { input: "mini.flow", errors: 0, warnings: 0 },
    ]);
    expect(json.files[0].output).toBeUndefined();

    const ok = JSON.parse(lawflow(["compile", "mini.flow", "--format", "json"], { cwd: dir }).stdout);
    expect(ok).toEqual({ diagnostics: [], files: [{ input: "mini.flow", output: "mini.flow.ts", errors: 0, warnings: 0 }] });
  });

  it("reports a missing file as one line with LF501, no stack trace", () => {
    const r = lawflow(["compile", "nowhere.flow"], { cwd: scratch() });
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/^error\[LF501\]: cannot read `nowhere\.flow`: no such file — /);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a flow or a used file that is not UTF-8, naming the line of the first bad byte, and writes nothing", () => {
    // "Grüße" saved as Latin-1 (ü = 0xFC, ß = 0xDF): read as UTF-8 it would become U+FFFD in the prompt and the notice.
    const latin1 = (text: string) => Buffer.from(text, "latin1");
    const dir = scratch({ "policy.flow": POLICY });
    writeFileSync(join(dir, "mini.flow"), latin1(MINI.replace('end "Thanks!"', 'end "Grüße!"')));
    const r = lawflow(["compile", "mini.flow"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/^error\[LF501\]: cannot read `mini\.flow`: it is not UTF-8 text \(the first byte that is not is on line 5\) — save the file as UTF-8/);
    expect(existsSync(join(dir, "mini.flow.ts"))).toBe(false);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);

    writeFileSync(join(dir, "mini.flow"), MINI);
    writeFileSync(join(dir, "policy.flow"), latin1(POLICY.replace("your email address", "votre adresse électronique")));
    const used = lawflow(["check", "mini.flow"], { cwd: dir });
    expect(used.status).toBe(1);
    expect(used.stdout).toContain("error[LF501]: cannot read `policy.flow`: it is not UTF-8 text (the first byte that is not is on line 9)");
    expect(used.stdout).toContain("--> mini.flow:2:5");

    // A byte-order mark is UTF-8: read as before.
    writeFileSync(join(dir, "policy.flow"), POLICY);
    writeFileSync(join(dir, "mini.flow"), "\uFEFF" + MINI);
    expect(lawflow(["check", "mini.flow"], { cwd: dir }).stdout).toBe("mini.flow: ok\n");
  });

  it("reports a missing used file at its `use` line", () => {
    const dir = scratch({ "mini.flow": MINI });
    const r = lawflow(["compile", "mini.flow"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("error[LF501]: cannot read `policy.flow`: no such file");
    expect(r.stdout).toContain("--> mini.flow:2:5");
  });

  it("reports an unwritable --out as one line with LF504", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY, "a-file": "" });
    const r = lawflow(["compile", "mini.flow", "--out", "a-file/sub"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/^error\[LF504\]: cannot create the directory `a-file\/sub`: .* — choose a directory/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(process.getuid?.() === 0)("reports a read-only --out directory with LF504", () => {
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY, "ro/.keep": "" });
    chmodSync(join(dir, "ro"), 0o555);
    const r = lawflow(["compile", "mini.flow", "--out", "ro"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^error\[LF504\]: cannot write `ro\/mini\.flow\.ts`: permission denied/);
  });

  it("refuses two inputs that would write the same output", () => {
    const dir = scratch({ "a/mini.flow": MINI, "a/policy.flow": POLICY, "b/mini.flow": MINI, "b/policy.flow": POLICY });
    const r = lawflow(["compile", "a/mini.flow", "b/mini.flow", "--out", "out"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("error[LF504]");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
