/**
 * The document commands, run as a user runs them (bin/lawflow.mjs against
 * the bundle): each writes what the library renders — the same bytes as the
 * checked-in documents — to stdout or --out, and gives no document for a
 * flow with errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, lawflow, LEAD, ROOT, scratch } from "../cli/helpers.ts";
import { generateFlow } from "../../bench/generate-flow.ts";
import { SVG_STEP_LIMIT } from "../../compiler/documents/svg.ts";

beforeAll(() => ensureBuilt());

const docs = (example: string, file: string) => readFileSync(join(ROOT, "examples", example, "docs", file), "utf8");

describe("lawflow notice / record / graph", () => {
  it("notice prints the checked-in Markdown and HTML", () => {
    expect(lawflow(["notice", LEAD]).stdout).toBe(docs("lead-capture", "notice.md"));
    expect(lawflow(["notice", LEAD, "--format", "html"]).stdout).toBe(docs("lead-capture", "notice.html"));
  });

  it("record prints every format, and merges the flows of a company", () => {
    for (const [format, file] of [
      ["md", "record.md"],
      ["csv", "record.csv"],
      ["json", "record.json"],
      ["fideslang", "fideslang.yml"],
      ["dpv", "dpv.jsonld"],
    ] as const) {
      const run = lawflow(["record", "examples/company-policy/onboarding.flow", "examples/company-policy/support.flow", "--format", format], { cwd: ROOT });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toBe(docs("company-policy", file));
    }
  });

  it("graph refuses SVG above its step limit with LF505, and draws the same flow as DOT (Graphviz's layout grows faster than the flow)", () => {
    const dir = scratch({ "huge.flow": generateFlow({ steps: 4 * SVG_STEP_LIMIT }) });
    const svg = lawflow(["graph", "huge.flow", "--format", "svg", "--out", "huge.svg"], { cwd: dir });
    expect(svg.status).toBe(1);
    expect(svg.stdout + svg.stderr).toMatch(/error\[LF505\]: `huge.flow` has [\d,]+ steps to draw; SVG is laid out for at most 1,000/);
    expect(svg.stdout + svg.stderr).toContain("--format dot");
    expect(existsSync(join(dir, "huge.svg"))).toBe(false);
    const dot = lawflow(["graph", "huge.flow", "--format", "dot"], { cwd: dir });
    expect(dot.status).toBe(0);
    expect(dot.stdout.startsWith("digraph")).toBe(true);
  });

  it("graph writes Mermaid and DOT, and SVG to --out", () => {
    expect(lawflow(["graph", LEAD]).stdout).toBe(docs("lead-capture", "flow.mmd"));
    expect(lawflow(["graph", LEAD, "--format", "dot"]).stdout).toBe(docs("lead-capture", "flow.dot"));
    const dir = scratch();
    const run = lawflow(["graph", LEAD, "--format", "svg", "--out", join(dir, "flow.svg")]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(dir, "flow.svg"), "utf8")).toBe(docs("lead-capture", "flow.svg"));
  });

  it("gives no document for a flow with errors, and exits 1", () => {
    const dir = scratch({ "bad.flow": 'flow Bad version "1.0.0"\nask nothing "?" for nobody under contract\n' });
    const run = lawflow(["notice", join(dir, "bad.flow")]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error\[LF\d+\]/);
    expect(run.stdout).not.toContain("# Privacy notice");
  });

  it("rejects an unknown format as a usage error", () => {
    expect(lawflow(["record", LEAD, "--format", "xml"]).status).toBe(2);
  });
});
