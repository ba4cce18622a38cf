import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeAll } from "../../cli/output.ts";
import { ensureBuilt, lawflow, MINI, POLICY, scratch } from "./helpers.ts";

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

  it("writes through a symbolic link: the file it names changes, the link stays a link", () => {
    const root = mkdtempSync(join(tmpdir(), "lawflow-out-"));
    writeFileSync(join(root, "shared.flow"), "old");
    symlinkSync(join(root, "shared.flow"), join(root, "link.flow"));
    expect(writeAll([{ path: join(root, "link.flow"), text: "new" }])).toEqual([]);
    expect(lstatSync(join(root, "link.flow")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, "shared.flow"), "utf8")).toBe("new");
    expect(readdirSync(root).sort()).toEqual(["link.flow", "shared.flow"]);
  });

  // `--out /dev/stdout` is the same case; a named pipe in a scratch folder shows it without touching /dev.
  it.runIf(spawnSync("mkfifo", ["--version"]).status === 0)("writes into a named pipe (`--out /dev/stdout`, `/dev/null`), never renaming a plain file over it", async () => {
    ensureBuilt();
    const dir = scratch({ "mini.flow": MINI, "policy.flow": POLICY });
    const pipe = join(dir, "notice.pipe");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    const reader = spawn("cat", [pipe]);
    let read = "";
    reader.stdout.on("data", (chunk: Buffer) => (read += chunk.toString()));
    const closed = new Promise((resolve) => reader.on("close", resolve));
    try {
      const r = lawflow(["notice", "mini.flow", "--out", pipe], { cwd: dir });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(lstatSync(pipe).isFIFO()).toBe(true); // before waiting: renamed over, the pipe would never be written
      await closed;
      expect(read).toContain("# Privacy notice");
    } finally {
      reader.kill();
    }
  });

  it.runIf(existsSync("/proc/self"))("answers (instead of hanging) for a directory that cannot be made", () => {
    const [d] = writeAll([{ path: "/proc/lawflow-cannot-exist/lead.flow.ts", text: "x" }]);
    expect(d?.code).toBe("LF504");
  });
});
