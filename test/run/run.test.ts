// `lawflow run` with piped transcripts: each *.input.txt is fed to the real
// CLI on standard input with a fixed clock, and the output must match the
// golden *.expected.txt beside it (receipt hashes masked, so a change in how
// receipts are hashed does not rewrite every transcript).
//
// To re-record after an intended change:
//   node bin/lawflow.mjs run examples/lead-capture/lead.flow --clock 2026-01-01T00:00:00Z \
//     < test/run/NAME.input.txt | sed -E -e 's/ · code ([0-9]+)-[0-9a-f]{16}$/ · code \1-<code>/' \
//       -e 's/^receipt code: ([0-9]+)-[0-9a-f]{16} /receipt code: \1-<code> /' > test/run/NAME.expected.txt
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BIN, ensureBuilt, LEAD, ROOT, scratch } from "../cli/helpers.ts";

const CLOCK = "2026-01-01T00:00:00Z";
const here = (name: string) => join(ROOT, "test/run", name);

function run(args: readonly string[], input: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, "run", ...args], { cwd: ROOT, env, input, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const mask = (s: string) => s.replace(/ · code (\d+)-[0-9a-f]{16}$/gm, " · code $1-<code>").replace(/^receipt code: (\d+)-[0-9a-f]{16} /gm, "receipt code: $1-<code> ");

beforeAll(() => ensureBuilt());

describe("lawflow run", () => {
  it.each([
    ["lead", "consent given, bad answers refused, why?, data and receipts, a withdraw phrase, access and erasure after the end"],
    ["refused", "consent refused, a skipped optional question, erasure before the end"],
    ["sales", "a numbered choice that branches to another end"],
  ])("replays %s: %s", (name) => {
    const r = run([LEAD, "--clock", CLOCK], readFileSync(here(`${name}.input.txt`), "utf8"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(mask(r.stdout)).toBe(readFileSync(here(`${name}.expected.txt`), "utf8"));
  });

  it("replays shop (Art. 21(2)-(3), 17(3)(b)): 'stop emails' at an email question objects, 'I object' stops all direct marketing, 'forget me' keeps the invoice and says why", () => {
    const r = run(["examples/shop/shop.flow", "--clock", CLOCK], readFileSync(here("shop.input.txt"), "utf8"));
    expect(r.status).toBe(0);
    expect(mask(r.stdout)).toBe(readFileSync(here("shop.expected.txt"), "utf8"));
  });

  it("is deterministic: the same transcript gives the same bytes, hashes included", () => {
    const input = readFileSync(here("lead.input.txt"), "utf8");
    const a = run([LEAD, "--clock", CLOCK], input);
    const b = run([LEAD, "--clock", CLOCK], input);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/#0 2026-01-01T00:00:00\.000Z given newsletter via terminal · code 0-[0-9a-f]{16}$/m);
    // The code shown at the decision is the one the receipts list shows.
    const shown = /^receipt code: (0-[0-9a-f]{16}) /m.exec(a.stdout)![1];
    expect(a.stdout).toContain(`given newsletter via terminal · code ${shown}`);
  });

  it("says where it stopped when the input ends before the conversation does", () => {
    const r = run([LEAD, "--clock", CLOCK], "Acme\r\n");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toContain("> Acme");
    expect(lines.at(-1)).toBe("(left at step plan; the conversation did not end)");
  });

  it("prints no control codes into piped output", () => {
    const r = run([LEAD, "--clock", CLOCK], readFileSync(here("lead.input.txt"), "utf8"));
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it("prints rendered diagnostics and exits 1 for a flow with errors", () => {
    const dir = scratch({
      "broken.flow": `flow Broken version "1.0.0"
controller "Acme" contact "privacy@acme.example"
purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email "your email address"
ask emial "What's your email?" for quote under contract
end "Thanks!"
`,
    });
    try {
      const r = run([join(dir, "broken.flow"), "--clock", CLOCK], "hello\n");
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error\[LF\d+\]: .*emial/m);
      expect(r.stderr).toMatch(/--> .*broken\.flow:9:5/);
      expect(r.stderr).toContain("ask emial");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a --clock that is not a date-time (usage error, exit 2)", () => {
    const r = run([LEAD, "--clock", "yesterday"], "");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--clock must be an ISO 8601 date-time");
  });

  it("reports a missing file and exits 1", () => {
    const r = run([join(ROOT, "no/such.flow")], "");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[LF\d+\]/);
  });
});
