/**
 * Runs the example worker as a user would (`npx tsx …`) and checks what it
 * prints: the loop asks again, a withdrawal sticks, old or foreign
 * snapshots are refused, and a receipt changed in storage is caught when read.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { buildNotice } from "../../compiler/documents/notice.ts";
import { modelOfFiles } from "../../test/documents/helpers.ts";
import { ROOT } from "../../test/cli/helpers.ts";

it("takes an order item by item and refuses stale and foreign snapshots", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./worker.ts", import.meta.url))], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const out = r.stdout;
  expect(out).toContain("ann> Pad thai\n  bot: Anything else?\nann> yes\n  bot: What would you like?\nann> Spring rolls\n  bot: Anything else?");
  expect(out).toContain("ann> Ann\n  bot: Thanks, Ann! Your order is on its way.");
  expect(out).toMatch(/revision \d+; offers may use \{\}; order may use \{"item":"Spring rolls","more":false,"name":"Ann"\}/);
  expect(out).toContain("the copy taken before the withdrawal: refused, snapshot_stale");
  expect(out).toContain("Ann's snapshot under Bob's id: refused, snapshot_conversation");
  expect(out).toContain("an empty key: refused, snapshot_key");
  expect(out).toContain("receipts: 0 given offers, 1 withdrawn offers");
  expect(out).toContain("a receipt changed in storage, read: refused, snapshot_tampered");
});

it("tells the person that texting offers is direct marketing, which they can object to at any time (Art. 21(2)–(4))", () => {
  const section = buildNotice(modelOfFiles(fileURLToPath(new URL("./order.flow", import.meta.url)))).content.sections.find((s) => s.id === "direct_marketing")!;
  expect(section.status).toBe("declared");
  expect(JSON.stringify(section.blocks)).toContain("Text you our weekly offers");
});
