import { describe, expect, it } from "vitest";
import { runChecks } from "./checks/index.ts";
import { lower } from "./lower.ts";
import { PHRASES } from "../runtime/commands.ts";
import { parseFlow } from "./syntax/parse.ts";
import { buildProgram, type Program } from "./program.ts";
import { sourceFile } from "./source.ts";

const header = `
flow T version "1.0.0"
controller "C" contact "c@example.test"
purpose p "Why" { basis contract  needs name, age, ok, plan  retain 1 days }
purpose n "News" { basis consent  needs name  retain until withdrawn }
field name: text(10)
field age: integer(0..120) "your age"
field ok: yesno
field plan: choice(basic "Basic", pro "Pro")
`;

function program(steps: string, { checked = true } = {}): Program {
  const parsed = parseFlow(sourceFile("t.flow", header + steps));
  expect(parsed.diagnostics).toEqual([]);
  const p = buildProgram(parsed.ast);
  if (checked) expect(runChecks(p).filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return p;
}

describe("lower", () => {
  it("writes each field's hint, the sentence a refused answer shows by default", () => {
    const m = lower(program(`ask name "Name?" for p under contract\nask age "Age?" for p under contract\nask ok "OK?" for p under contract\nask plan "Plan?" for p under contract\nconsent n "News?"\nend "Bye"`));
    expect(m.fields.map((f) => f.hint)).toEqual(["Please give name.", "Please give your age.", "Please give ok.", "Please pick one of: Basic, Pro."]);
  });

  it("writes the chat phrases into the machine", () => {
    const m = lower(program(`ask name "Name?" for p under contract\nconsent n "News?"\nend "Bye"`));
    expect(m.phrases).toEqual(PHRASES);
    expect(m.phrases.export).toContain("what do you know about me");
  });

  it("marks the asks on a loop, and only them (docs/language.md, \"Loops\")", () => {
    const m = lower(program(`ask plan "Plan?" for p under contract\nstart: ask name "Name?" for p under contract\nask ok "More?" for p under contract\n  when yes -> start\nask age "Age?" for p under contract\nconsent n "News?"\nend "Bye"`));
    const loops = m.nodes.map((n) => (n.kind === "ask" ? [n.id, n.loop ?? false] : [])).filter((x) => x.length);
    expect(loops).toEqual([
      ["plan", false],
      ["start", true],
      ["ok", true],
      ["age", false],
    ]);
    expect(m.nodes.some((n) => "loop" in n && n.loop !== true)).toBe(false);
  });

  it("lowers declarations: purposes with their items, fields with default labels", () => {
    const m = lower(program(`ask name "Name?" for p under contract\nask age "Age?" for p under contract\nask ok "OK?" for p under contract\nask plan "Plan?" for p under contract\nconsent n "News?"\nend "Bye"`));
    expect(m.id).toBe("T");
    expect(m.version).toBe("1.0.0");
    expect(m.controller).toEqual({ name: "C", contact: "c@example.test" });
    expect(m.purposes[0]).toEqual({
      name: "p",
      why: "Why",
      basis: "contract",
      retention: { kind: "period", period: { amount: 1, unit: "days" }, orUntilWithdrawn: false },
      needs: ["name", "age", "ok", "plan"],
      withdrawOn: [],
      sharedWith: [],
      transfers: [],
    });
    expect(m.fields.map((f) => f.label)).toEqual(["name", "your age", "ok", "plan"]);
    expect(m.fields[3]!.type).toEqual({ kind: "choice", options: [{ value: "basic", label: "Basic" }, { value: "pro", label: "Pro" }] });
  });

  it("makes one node per step in step order, falls through, and names anonymous ends", () => {
    const m = lower(program(`say "Hi {plan}"\nask plan "Plan?" for p under contract\n  when pro -> end_2\nend "A"\nend "B" as won`, { checked: false }));
    expect(m.start).toBe(0);
    expect(m.nodes).toEqual([
      { kind: "say", text: ["Hi ", { field: "plan" }], next: 1 },
      {
        kind: "ask",
        id: "plan",
        field: "plan",
        text: ["Plan?"],
        purposes: [{ purpose: "p", basis: "contract" }],
        optional: false,
        when: [{ value: "pro", next: 3 }],
        next: 2,
      },
      { kind: "end", id: "end", text: ["A"] },
      { kind: "end", id: "end_2", text: ["B"], outcome: "won" },
    ]);
  });

  it("gives gotos no node and sends every jump through goto chains to the real step", () => {
    const m = lower(
      program(`goto first\nlast: end "Bye"\nhop2: goto last\nfirst: ask name "Name?" for p under contract\n  retry 2 then -> hop1\n  -> hop2\nhop1: goto hop2`, { checked: false }),
    );
    expect(m.nodes.map((n) => n.kind)).toEqual(["end", "ask"]);
    expect(m.start).toBe(1);
    expect(m.nodes[1]).toMatchObject({ id: "first", next: 0, retry: { limit: 2, next: 0 } });
  });

  it("lowers conditions: fields by name, yes/no as booleans, choice values as strings, numbers as numbers", () => {
    const m = lower(
      program(
        `ask ok "OK?" for p under contract\n  when no -> bye\nask age "Age?" for p under contract\nask plan "Plan?" for p under contract\n` +
          `if ok == yes and not (age < 18 or plan != pro) or known(name) and given(n) -> bye\nend "Go"\nbye: end "Bye"`,
        { checked: false },
      ),
    );
    expect(m.nodes[0]).toMatchObject({ when: [{ value: false, next: 5 }] });
    expect(m.nodes[3]).toEqual({
      kind: "branch",
      test: {
        op: "or",
        left: {
          op: "and",
          left: { op: "==", left: { field: "ok" }, right: { value: true } },
          right: {
            op: "not",
            operand: {
              op: "or",
              left: { op: "<", left: { field: "age" }, right: { value: 18 } },
              right: { op: "!=", left: { field: "plan" }, right: { value: "pro" } },
            },
          },
        },
        right: { op: "and", left: { op: "known", field: "name" }, right: { op: "given", purpose: "n" } },
      },
      then: 5,
      else: 4,
    });
  });

  it("carries consent branches, optional asks and the bases of each purpose", () => {
    const m = lower(program(`consent n "News for {name}?"\n  refused -> bye\nask name "Name?" for p under contract, n under consent\n  optional\nbye: end "Bye"`, { checked: false }));
    expect(m.nodes[0]).toEqual({ kind: "consent", id: "n", purpose: "n", text: ["News for ", { field: "name" }, "?"], given: 1, refused: 2 });
    expect(m.nodes[1]).toMatchObject({ optional: true, purposes: [{ purpose: "p", basis: "contract" }, { purpose: "n", basis: "consent" }] });
  });

  it("says so, as a bug in Lawflow, when an invariant the checks guarantee is broken", () => {
    expect(() => lower(program(`ask name "Name?" for p under contract`, { checked: false }))).toThrow(/internal error.*past the last step/);
    expect(() => lower(program(`a: goto b\nb: goto a`, { checked: false }))).toThrow(/internal error.*cycle of gotos/);
    expect(() => lower(program(`goto nowhere`, { checked: false }))).toThrow(/internal error.*does not resolve/);
  });
});
