/**
 * Runs the example conversation as a user would (`npx tsx …`) against the
 * generated lead.flow.ts and the built runtime, and checks what it prints.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../../test/cli/helpers.ts";

const script = fileURLToPath(new URL("./conversation.ts", import.meta.url));
const generated = fileURLToPath(new URL("./lead.flow.ts", import.meta.url));

beforeAll(ensureBuilt);

it.runIf(existsSync(generated))("runs one scripted conversation through the generated module", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const out = r.stdout;
  expect(out).toContain("bot: Hi! I can put a quote together for you.\nbot: Which company are you with?");
  expect(out).toContain("[company — why: quote (contract)]");
  expect(out).toContain("you: Initech");
  expect(out).toContain("bot: Which plan are you interested in?\n     (Basic / Pro / Enterprise)\n");
  expect(out).toContain("you: Pro");
  expect(out).toContain("[birth_year — why: audience (legitimate_interests)]");
  expect(out).toContain("[email — why: quote (contract), newsletter (consent)]");
  expect(out).toMatch(/you: ada at initech\nbot: .+ {3}\[refused: not_email\]/);
  expect(out).toContain("bot: Thanks, Initech! Your quote is on its way.");
  expect(out).toContain("— ended: thanks");
  expect(out).toMatch(/#\d+ given newsletter at 2026-03-02T09:30:00.000Z via example-script, hash [0-9a-f]{12}…/);
  expect(out).toContain('dataFor("quote")      {"company":"Initech","plan":"pro","email":"ada@initech.example"}');
  expect(out).toContain('dataFor("newsletter") {"email":"ada@initech.example"}');
  expect(out).toContain('dataFor("audience")   {"birth_year":1988}');
  expect(out).toContain('withdraw("newsletter") erased: []');
  expect(out).toContain('dataFor("newsletter") {}');
  expect(out).toMatch(/latest receipt: #\d+ withdrawn newsletter, chained to [0-9a-f]{12}…/);
  // Art. 7(1), ISO/IEC TS 27560: the person is shown a receipt code, the record names them by the host's pseudonym and the archived notice, and the kept code verifies.
  const code = /bot: Your receipt code: (0-[0-9a-f]{16})\. Keep it/.exec(out)?.[1];
  expect(code).toBeDefined();
  expect(out).toMatch(/consent record [0-9a-f]{12}… for visitor-7f3a, notice https:\/\/acme\.example\/privacy\/notices\/[0-9a-f]{64}\.json/);
  expect(out).toContain(`  given newsletter at 2026-03-02T09:30:00.000Z by the subject, expressed consent, receipt ${code}`);
  expect(out).toMatch(/ {2}withdrawn newsletter at .* receipt 1-[0-9a-f]{16}/);
  expect(out).toContain("as DPV JSON-LD: 4 nodes, first a dpv:ConsentRecord");
  expect(out).toContain(`the code the person kept, ${code}: verified`);
});
