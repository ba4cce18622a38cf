import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { compileFile, compileSource, PHASES } from "./compile.ts";
import { renderDocument } from "./documents/index.ts";
import { memoryReader, type SourceReader } from "./load.ts";

const LEAD = new URL("../examples/lead-capture/lead.flow", import.meta.url);

const POLICY = `controller "Acme" contact "privacy@acme.example"
purpose quote "Prepare your quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email "your email address"
`;
const MINI = `flow Mini version "1.0.0"\nuse "./policy.flow"\nask email "Email?" for quote under contract\nend "Thanks"\n`;

describe("the pipeline", () => {
  it("says a caller's argument of the wrong type is one (from JavaScript), not a bug of its own (LF900)", () => {
    expect(() => compileFile(undefined as never)).toThrow(new TypeError("compileFile(path): path must be a string, not undefined"));
    expect(() => compileFile(42 as never)).toThrow(/path must be a string, not number/);
    expect(() => compileSource(null as never)).toThrow(new TypeError("compileSource(text, path?): text must be the flow's source as a string, not null"));
    expect(() => compileSource(undefined as never)).toThrow(/text must be the flow's source as a string, not undefined/);
    expect(() => compileSource("", {} as never)).toThrow(/path must be a string, not object/);
  });

  it("lists its phases in order", () => {
    expect(PHASES).toEqual(["load", "program", "check", "stamp", "lower", "emit"]);
  });

  it("compiles the lead-capture example to a machine and a module", () => {
    const r = compileSource(readFileSync(LEAD, "utf8"), "lead.flow");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.machine?.id).toBe("LeadCapture");
    expect(r.typescript).toContain("startLeadCapture");
  });

  it("reads used files through the reader it is given", () => {
    const r = compileFile("flows/mini.flow", { read: memoryReader({ "flows/mini.flow": MINI, "flows/policy.flow": POLICY }) });
    expect(r.diagnostics).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual(["flows/mini.flow", "flows/policy.flow"]);
    expect(r.typescript).toContain("startMini");
  });

  it("stops where asked", () => {
    const r = compileSource(MINI, "mini.flow", { read: memoryReader({ "policy.flow": POLICY }), until: "check" });
    expect(r.ok).toBe(true);
    expect(r.program).toBeDefined();
    expect(r.machine).toBeUndefined();
    expect(r.typescript).toBeUndefined();
  });

  it("reports each phase it ran, in order, to onPhase", () => {
    const seen: string[] = [];
    const onPhase = (phase: string, ms: number) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      seen.push(phase);
    };
    compileSource(MINI, "mini.flow", { read: memoryReader({ "policy.flow": POLICY }), onPhase });
    expect(seen).toEqual([...PHASES]);
    seen.length = 0;
    compileSource(MINI.replace("ask email", "ask emial"), "mini.flow", { read: memoryReader({ "policy.flow": POLICY }), onPhase });
    expect(seen).toEqual(["load", "program", "check"]);
  });

  it("stamps the machine with the version and hash of the notice `lawflow notice` writes", async () => {
    const read = memoryReader({ "policy.flow": POLICY });
    const r = compileSource(MINI, "mini.flow", { read });
    expect(r.machine?.notice?.version).toBe("1.0.0");
    const notice = await renderDocument("notice", "md", [r.program!]);
    expect(notice).toContain(`content hash (SHA-256) \`${r.machine!.notice!.hash}\``);
    // The stamp sits with the controller, before the purposes, in the generated module.
    expect(Object.keys(r.machine!).slice(0, 4)).toEqual(["id", "version", "controller", "notice"]);
  });

  it("never lowers or emits a program with errors", () => {
    const r = compileSource(MINI.replace("ask email", "ask emial"), "mini.flow", { read: memoryReader({ "policy.flow": POLICY }) });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.some((d) => d.code === "LF202")).toBe(true);
    expect(r.machine).toBeUndefined();
    expect(r.typescript).toBeUndefined();
  });

  it("reports a missing file, never throws", () => {
    const r = compileFile("definitely/not/here.flow");
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["LF501"]);
  });

  it("without a reader, compileSource can use nothing", () => {
    const r = compileSource(MINI, "mini.flow");
    expect(r.diagnostics.map((d) => d.code)).toContain("LF501");
  });
});

describe("internal errors", () => {
  afterEach(() => vi.unstubAllEnvs());
  const exploding: SourceReader = () => {
    throw new TypeError("cannot read properties of undefined");
  };

  it("turn an exception into LF900, which says it is a bug", () => {
    vi.stubEnv("LAWFLOW_DEBUG", "");
    const r = compileFile("x.flow", { read: exploding });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("LF900");
    expect(d.message).toBe(
      "internal compiler error — a bug in Lawflow; please report it (in phase `load`: cannot read properties of undefined)",
    );
    expect(d.hint).toContain("LAWFLOW_DEBUG=1");
    expect(d.hint).not.toContain("at ");
  });

  it("carry the stack only under LAWFLOW_DEBUG=1", () => {
    vi.stubEnv("LAWFLOW_DEBUG", "1");
    const d = compileFile("x.flow", { read: exploding }).diagnostics[0]!;
    expect(d.hint).toMatch(/TypeError: cannot read properties of undefined\n\s+at /);
  });
});
