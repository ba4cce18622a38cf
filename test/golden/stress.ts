/**
 * Machines no parser would produce, built by hand to stress the emitter:
 * author names that are JavaScript's own words, names and texts full of
 * characters that need escaping, 10,000-character names, and wide unions
 * that force every layout rule to break.
 */
import type { FieldDef, MachineDefinition, Node, PurposeDef } from "../../runtime/machine.ts";
import { PHRASES } from "../../runtime/commands.ts";

/** Every JavaScript and TypeScript reserved or contextual word, and the names that bite objects. */
export const reservedWords: readonly string[] = [
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export"],
  ...["extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super"],
  ...["switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static"],
  ...["implements", "interface", "package", "private", "protected", "public", "await", "as", "any", "boolean", "declare"],
  ...["get", "set", "module", "namespace", "require", "number", "string", "symbol", "bigint", "object", "type", "from", "of"],
  ...["async", "abstract", "readonly", "keyof", "infer", "is", "asserts", "unique", "never", "unknown", "override"],
  ...["satisfies", "accessor", "out", "global", "undefined", "NaN", "Infinity", "eval", "arguments"],
  ...["constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then"],
];

/** Texts that must survive exactly: quotes, backticks, `${`, comment ends, script ends, backslashes, line separators, NUL, lone surrogates. */
export const weirdStrings: readonly string[] = [
  'double " quote',
  "single ' quote",
  `both "" ' kinds`,
  "back`tick`",
  "${injected}",
  "$${x}}",
  "*/ closes a comment /*",
  "</script><script>alert(1)</script>",
  "back\\slash \\u0041 \\",
  "line\u2028separator",
  "paragraph\u2029separator",
  "nul\u0000here\u00001",
  "lone \ud800 high",
  "lone \udfff low",
  "\udfff\ud800 reversed pair",
  "emoji 😀 and CJK 漢字 and combining e\u0301",
  "controls \u0001\u001f\u007f\u0085\u00ad\ufeff",
  "new\nline\rreturn\ttab\u000b\u000c\b",
  "é à ü ß ø — “curly” ‘quotes’ € ‰ © ®",
  "",
  " ",
  "{notAField}",
  "\\",
  "'",
  '"',
];

function purpose(name: string, needs: readonly string[], why = `Why ${name}`): PurposeDef {
  return { name, why, basis: "contract", retention: { kind: "session" }, needs, withdrawOn: [], sharedWith: [], transfers: [] };
}

function textField(name: string, label = name): FieldDef {
  return { name, label, type: { kind: "text", max: 100 }, hint: `Please give ${label}.` };
}

/** One ask per name, each for its own field and purpose, then an end per name. */
export function machineOfNames(flowId: string, names: readonly string[], texts: readonly string[] = names): MachineDefinition {
  const n = names.length;
  const nodes: Node[] = [];
  names.forEach((name, i) => {
    nodes.push({
      kind: "ask",
      id: name,
      field: name,
      text: [texts[i % texts.length]!],
      purposes: [{ purpose: name, basis: "contract" }],
      optional: i % 2 === 1,
      when: [],
      next: i + 1 < n ? i + 1 : n,
    });
  });
  nodes.push({ kind: "say", text: texts.map((t) => t), next: n + 1 });
  names.forEach((name, i) => nodes.push({ kind: "end", id: `end ${name}`, text: [texts[i % texts.length]!, { field: name }], outcome: name }));
  return {
    id: flowId,
    version: "1.0.0",
    controller: { name: texts[0] ?? flowId, contact: texts[1 % Math.max(1, texts.length)] ?? flowId },
    purposes: names.map((name, i) => purpose(name, [name], texts[i % texts.length])),
    fields: names.map((name, i) => textField(name, texts[(i + 1) % texts.length])),
    nodes,
    start: 0,
    phrases: PHRASES,
  };
}

/** A choice field with many values, an ask for many purposes, a deep condition: every union and group breaks. */
export function wideMachine(flowId: string, width: number): MachineDefinition {
  const values = Array.from({ length: width }, (_, i) => `value_number_${i}`);
  const purposes = Array.from({ length: width }, (_, i) => purpose(`purpose_with_a_rather_long_name_${i}`, ["choice_field", "age"]));
  const fields: FieldDef[] = [
    { name: "choice_field", label: "a choice", type: { kind: "choice", options: values.map((v) => ({ value: v, label: v.toUpperCase() })) }, hint: "Please pick one." },
    { name: "age", label: "age", type: { kind: "number", min: -1.5, max: 1e21 }, hint: "Please give age." },
    { name: "agreed", label: "agreed", type: { kind: "yesno" }, hint: "Please give agreed." },
  ];
  let test: Extract<Node, { kind: "branch" }>["test"] = { op: "known", field: "age" };
  for (let i = 0; i < width; i++) {
    test = {
      op: i % 2 ? "and" : "or",
      left: test,
      right: { op: "not", operand: { op: "==", left: { field: "choice_field" }, right: { value: values[i]! } } },
    };
  }
  const nodes: Node[] = [
    {
      kind: "ask",
      id: "choice_field",
      field: "choice_field",
      text: ["Pick one of ", { field: "agreed" }, " — a long question that does not fit on one line at all, no."],
      purposes: purposes.map((p) => ({ purpose: p.name, basis: p.basis })),
      optional: true,
      when: values.slice(0, 5).map((v) => ({ value: v, next: 1 })),
      next: 1,
      retry: { limit: 3, next: 3 },
    },
    {
      kind: "ask",
      id: "age",
      field: "age",
      text: ["Age?"],
      purposes: [{ purpose: purposes[0]!.name, basis: "contract" }],
      optional: false,
      when: [
        { value: -0.5, next: 2 },
        { value: 1e-7, next: 2 },
        { value: 12.25, next: 3 },
      ],
      next: 2,
    },
    { kind: "branch", test, then: 3, else: 3 },
    { kind: "end", id: "done", text: [] },
  ];
  return {
    id: flowId,
    version: "1.0.0",
    controller: { name: "A controller whose name is long enough to break the controller object", contact: "x@example.test", dpo: "dpo@example.test" },
    notice: { version: "1.0.0", hash: "0".repeat(64) },
    purposes,
    fields,
    nodes,
    start: 0,
    phrases: PHRASES,
  };
}

const long = (c: string) => c.repeat(10_000);

/** The stress machines, by name: emitted, formatted, type-checked and run by the tests. */
export const stressMachines: Readonly<Record<string, MachineDefinition>> = {
  reserved: machineOfNames("constructor", reservedWords),
  weird: machineOfNames(`weird "flow" */ </script> \u2028`, weirdStrings),
  long: machineOfNames(long("L"), [long("f"), long("g")], [long("t"), `${long("u")} "and" ${long("'")}`]),
  wide: wideMachine("wide_flow", 40),
  conversation: machineOfNames("Conversation", ["a", "b"]),
  shortest: machineOfNames("x", ["y"]),
};
