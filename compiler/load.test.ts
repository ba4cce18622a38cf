import { describe, expect, it } from "vitest";
import { positionAt } from "./source.ts";
import { loadProgram, memoryReader, ParseCache, type SourceReader } from "./load.ts";
import { normalizePath, resolveUsePath } from "./paths.ts";

const POLICY = `controller "Acme" contact "privacy@acme.example"
purpose quote "Prepare your quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email "your email address"
`;

const flowUsing = (...paths: string[]) =>
  `flow Mini version "1.0.0"\n${paths.map((p) => `use "${p}"\n`).join("")}ask email "Email?" for quote under contract\nend "Thanks"\n`;

/** A reader that counts how often each file is read. */
function counting(files: Record<string, string>): { read: SourceReader; reads: Map<string, number> } {
  const inner = memoryReader(files);
  const reads = new Map<string, number>();
  return {
    reads,
    read: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return inner(p);
    },
  };
}

const at = (d: { span?: { file: { text: string; path: string }; start: number } }) => {
  const s = d.span!;
  const { line, column } = positionAt(s.file as never, s.start);
  return `${s.file.path}:${line}:${column}`;
};

describe("paths", () => {
  it("resolves a use relative to the using file", () => {
    expect(resolveUsePath("flows/lead.flow", "./policy.flow")).toBe("flows/policy.flow");
    expect(resolveUsePath("flows/lead.flow", "../shared/policy.flow")).toBe("shared/policy.flow");
    expect(resolveUsePath("lead.flow", "./policy.flow")).toBe("policy.flow");
    expect(resolveUsePath("/srv/flows/lead.flow", "/etc/policy.flow")).toBe("/etc/policy.flow");
    expect(resolveUsePath("a\\b\\lead.flow", ".\\p.flow")).toBe("a/b/p.flow");
    expect(normalizePath("../x/./y/../z.flow")).toBe("../x/z.flow");
  });
});

describe("loadProgram", () => {
  it("loads the flow and, recursively, what it uses, each file once", () => {
    const { read, reads } = counting({
      "app/lead.flow": flowUsing("./a.flow", "./b.flow"),
      "app/a.flow": 'use "./policy.flow"\n',
      "app/b.flow": 'use "./policy.flow"\nuse "a.flow"\n',
      "app/policy.flow": POLICY,
    });
    const r = loadProgram("app/lead.flow", read);
    expect(r.diagnostics).toEqual([]);
    expect(r.main?.source.path).toBe("app/lead.flow");
    expect(r.used.map((f) => f.source.path)).toEqual(["app/a.flow", "app/policy.flow", "app/b.flow"]);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  it("LF501: a root file that cannot be read has no place, only its path", () => {
    const r = loadProgram("missing.flow", memoryReader({}));
    expect(r.main).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "LF501", path: "missing.flow", message: "cannot read `missing.flow`: no such file" });
    expect(r.diagnostics[0]!.span).toBeUndefined();
  });

  it("LF501: a used file that cannot be read is reported at the `use` string", () => {
    const r = loadProgram("lead.flow", memoryReader({ "lead.flow": flowUsing("./policy.flow") }));
    expect(r.diagnostics.map((d) => [d.code, at(d), d.message])).toEqual([
      ["LF501", "lead.flow:2:5", "cannot read `policy.flow`: no such file"],
    ]);
  });

  it("LF501: a used path without its `.flow` says which file it likely meant", () => {
    const policy = 'controller "Acme" contact "privacy@acme.example"\n';
    const r = loadProgram("lead.flow", memoryReader({ "lead.flow": flowUsing("./policy"), "policy.flow": policy }));
    expect(r.diagnostics.map((d) => [d.code, at(d), d.message, d.hint])).toEqual([
      ["LF501", "lead.flow:2:5", "cannot read `policy`: no such file", 'did you mean `"./policy.flow"`? a used file is named with its extension'],
    ]);
    // Without such a file, the plain hint.
    const plain = loadProgram("lead.flow", memoryReader({ "lead.flow": flowUsing("./policy") }));
    expect(plain.diagnostics[0]!.hint).toBe("the path is relative to the file that uses it; check that `policy` exists");
  });

  it("LF502: a use cycle is reported once, with the cycle as related places", () => {
    const r = loadProgram(
      "lead.flow",
      memoryReader({
        "lead.flow": flowUsing("./a.flow"),
        "a.flow": 'use "./b.flow"\n',
        "b.flow": 'use "./a.flow"\n' + POLICY,
      }),
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(["LF502"]);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe("files use each other in a cycle: a.flow → b.flow → a.flow");
    expect(at(d)).toBe("b.flow:1:5");
    expect(d.related.map((x) => [at(x), x.message])).toEqual([["a.flow:1:5", "`a.flow` uses `b.flow` here"]]);
  });

  it("LF502: a file that uses itself", () => {
    const r = loadProgram("p.flow", memoryReader({ "lead.flow": flowUsing("./p.flow"), "p.flow": 'use "./p.flow"\n' }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["LF502"]);
  });

  it("LF503: a used file that declares steps or a flow", () => {
    const r = loadProgram(
      "lead.flow",
      memoryReader({ "lead.flow": flowUsing("./policy.flow"), "policy.flow": POLICY + 'say "hello"\n' }),
    );
    expect(r.diagnostics.map((d) => [d.code, at(d), d.message])).toEqual([
      ["LF503", "policy.flow:8:1", "`policy.flow` is used as a policy file but declares steps"],
    ]);
    expect(r.diagnostics[0]!.related.map(at)).toEqual(["lead.flow:2:5"]);

    const flowLine = loadProgram("lead.flow", memoryReader({ "lead.flow": flowUsing("./other.flow"), "other.flow": flowUsing() }));
    expect(flowLine.diagnostics.map((d) => [d.code, at(d)])).toEqual([["LF503", "other.flow:1:1"]]);
    expect(flowLine.diagnostics[0]!.message).toContain("declares a `flow` line and steps");
  });

  it("passes other reader failures on: they are bugs, not a user's mistake", () => {
    const read: SourceReader = () => {
      throw new TypeError("boom");
    };
    expect(() => loadProgram("x.flow", read)).toThrow("boom");
  });
});

describe("a parse cache", () => {
  it("parses a used file again only when its text changed, and gives the same program as no cache", () => {
    const files: Record<string, string> = { "/p/policy.flow": POLICY };
    const read = (p: string) => memoryReader(files)(p);
    const cache = new ParseCache();
    const first = loadProgram("/p/flow.flow", read, flowUsing("./policy.flow"), cache);
    expect([cache.hits, cache.misses]).toEqual([0, 2]);
    // An edit of the flow: the flow is parsed again, the policy file is not.
    const second = loadProgram("/p/flow.flow", read, flowUsing("./policy.flow") + "\n", cache);
    expect([cache.hits, cache.misses]).toEqual([1, 3]);
    expect(second.used[0]!.ast).toBe(first.used[0]!.ast);
    // The policy file changed: parsed again, and its new mistake is reported.
    files["/p/policy.flow"] = POLICY.replace("basis contract", "basis contract @");
    const third = loadProgram("/p/flow.flow", read, flowUsing("./policy.flow"), cache);
    expect(third.used[0]!.ast).not.toBe(first.used[0]!.ast);
    expect(third.diagnostics.map((d) => d.code)).toEqual(["LF101"]);
    expect(loadProgram("/p/flow.flow", read, flowUsing("./policy.flow")).diagnostics).toEqual(third.diagnostics.map((d) => expect.objectContaining({ code: d.code, message: d.message })));
  });
});
