import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeAll } from "../../cli/output.ts";

describe("writing generated files", () => {
  it("creates missing directories one level at a time", () => {
    const root = mkdtempSync(join(tmpdir(), "lawflow-out-"));
    const target = join(root, "a", "b", "lead.flow.ts");
    expect(writeAll([{ path: target, text: "x" }])).toEqual([]);
    expect(readFileSync(target, "utf8")).toBe("x");
  });

  it("refuses a directory under a file, leaving nothing behind", () => {
    const root = mkdtempSync(join(tmpdir(), "lawflow-out-"));
    writeFileSync(join(root, "file"), "");
    const [d] = writeAll([{ path: join(root, "file", "sub", "lead.flow.ts"), text: "x" }]);
    expect(d?.code).toBe("LF504");
    expect(d?.message).toMatch(/not a directory/);
    expect(readdirSync(root)).toEqual(["file"]);
  });

  it.runIf(existsSync("/proc/self"))("answers (instead of hanging) for a directory that cannot be made", () => {
    const [d] = writeAll([{ path: "/proc/lawflow-cannot-exist/lead.flow.ts", text: "x" }]);
    expect(d?.code).toBe("LF504");
  });
});
