/**
 * The example writes the same documents the golden test checks in, through
 * the public API as a user would run it (`npx tsx …`, `lawflow/compiler`
 * resolved to the built package).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../../test/cli/helpers.ts";

const script = fileURLToPath(new URL("./write-documents.ts", import.meta.url));
const docs = fileURLToPath(new URL("./docs/", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "lawflow-documents-"));

beforeAll(ensureBuilt);
afterAll(() => rmSync(out, { recursive: true, force: true }));

it("writes every registered document of the company's chats, exactly as checked in", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, out], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`wrote 15 documents (notice, record, graph) to ${out}\n`);
  expect(readdirSync(out).sort()).toEqual(readdirSync(docs).sort());
  for (const name of readdirSync(out)) expect(readFileSync(join(out, name), "utf8"), name).toBe(readFileSync(join(docs, name), "utf8"));
});

it("without a directory, checks docs/ and says it is up to date", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, encoding: "utf8" });
  expect(r.stdout).toBe("docs/ is up to date (15 documents)\n");
  expect(r.status).toBe(0);
});
