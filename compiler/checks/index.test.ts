import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogue, type DiagnosticCode } from "../diagnostics/catalogue.ts";
import { parseFlow } from "../syntax/parse.ts";
import { buildProgram } from "../program.ts";
import { sourceFile } from "../source.ts";
import { checks, runChecks, type Check } from "./index.ts";
import { buildFlowGraph } from "../analyses/flow-graph.ts";
import { DiagnosticBag } from "../diagnostics/messages.ts";

const text = `flow T version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
purpose quote "Prepare a quote" {
  basis contract
  needs email
  retain 90 days
}
field email: email
ask email "Email?" for quote under contract
end "Thanks"
`;
const program = () => buildProgram(parseFlow(sourceFile("t.flow", text)).ast);

describe("the check pipeline", () => {
  it("lists each check once, by a unique name, claiming codes of the names, law and graph bands", () => {
    const names = checks.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of checks) for (const code of c.codes) expect(code).toMatch(/^LF[234]\d\d$/);
  });

  it("claims every LF2xx, LF3xx and LF4xx code of the catalogue, each in exactly one check", () => {
    const owned = (Object.keys(catalogue) as DiagnosticCode[]).filter((c) => /^LF[234]/.test(c));
    const claimed = checks.flatMap((c) => c.codes);
    expect([...claimed].sort()).toEqual([...owned].sort());
  });

  it("marks `paths` exactly the checks that read the flow graph, which are skipped while a jump lands nowhere", () => {
    const lead = readFileSync(new URL("../../examples/lead-capture/lead.flow", import.meta.url), "utf8");
    const prog = buildProgram(parseFlow(sourceFile("lead.flow", lead)).ast);
    for (const c of checks) {
      let read = false;
      const graph = new Proxy(buildFlowGraph(prog), { get: (g, key) => ((read = true), Reflect.get(g, key)) });
      c.run({ program: prog, graph, bag: new DiagnosticBag() });
      expect(read, c.name).toBe(c.paths === true);
    }
  });

  it("turns a check that throws into LF900 and still runs the others", () => {
    const broken: Check = {
      name: "broken",
      codes: [],
      run() {
        throw new Error("boom");
      },
    };
    const reporting: Check = {
      name: "reporting",
      codes: ["LF404"],
      run({ bag }) {
        bag.report("has-steps.none", { flow: "still ran" });
      },
    };
    const out = runChecks(program(), [broken, reporting]);
    expect(out.map((d) => d.code).sort()).toEqual(["LF404", "LF900"]);
    expect(out.find((d) => d.code === "LF900")!.message).toBe("internal error in check `broken` — a bug in Lawflow: boom");
  });

  it("reports in source order whatever order the checks ran in", () => {
    const out = runChecks(program(), [...checks].reverse());
    expect(out).toEqual(runChecks(program()));
  });
});
