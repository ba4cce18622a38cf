/**
 * The TypeScript emitter: a machine definition → one ES module holding the
 * machine as frozen data and the precise types of its flow:
 *
 *   <Flow>Machine       the machine, through the runtime's `defineMachine`
 *   <Flow>Step          the steps at which the conversation waits
 *   <Flow>Fields        the value type of each field
 *   <Flow>Purpose       the purposes
 *   <Flow>Outcome       the outcomes (an end's `as` name, else its id)
 *   <Flow>Prompt        the prompts, a union discriminated by `step`
 *   <Flow>Answers       what `answer(step, value)` accepts at each step
 *   <Flow>PurposeData   for each purpose, exactly the fields it needs (each optional)
 *   <Flow>Types         the FlowTypes bundle of the above
 *   start<Flow>(), restore<Flow>()
 *
 * Safety: author strings reach the module only through `stringLiteral` (the
 * escaping door in writer.ts) — as string values, string literal types and
 * type-literal property keys (`propertyKey`). The machine data keeps author
 * names as values, never as object-literal keys, so no name can reach a
 * prototype (`__proto__`). The flow name appears in identifiers only as a
 * sanitized prefix (`flowPrefix`). No author string is ever code.
 *
 * Layout: the module is built as a document mirroring the one Prettier
 * builds for the same code, and printed by the port of Prettier's printer in
 * writer.ts — so the output is byte-for-byte `prettier.format(output,
 * { parser: "typescript" })`. Objects that are data records (purposes,
 * fields, nodes) are always expanded, which Prettier preserves; small ones
 * (text parts, references, conditions) sit on one line when they fit.
 *
 * Pure; linear in the size of the machine.
 */
import type { Condition, FieldDef, FieldValue, MachineDefinition, Node, Operand, PurposeDef, Retention, TextTemplate, WaitingNode } from "../../runtime/machine.ts";
import { flowPrefix, propertyKey } from "./identifiers.ts";
import {
  align,
  breakParent,
  conditionalGroup,
  group,
  hardline,
  ifBreak,
  indent,
  indentIfBreak,
  join,
  line,
  numberLiteral,
  printDoc,
  softline,
  stringLiteral,
  type Doc,
} from "./writer.ts";

export interface EmitTypeScriptOptions {
  /** The module specifier of the runtime. Default `lawflow/runtime`. */
  readonly runtimeImport?: string;
  /** The `.flow` file the machine came from, named in the header comment. */
  readonly sourcePath?: string;
}

export function emitTypeScript(machine: MachineDefinition, options: EmitTypeScriptOptions = {}): string {
  return printDoc(moduleDoc(machine, options));
}

// ── Expressions: the machine as data ────────────────────────────────────────

type Expr =
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "num"; readonly v: number }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "obj"; readonly props: readonly (readonly [string, Expr])[]; readonly expanded: boolean }
  | { readonly t: "arr"; readonly items: readonly Expr[] };

const str = (v: string): Expr => ({ t: "str", v });
const num = (v: number): Expr => ({ t: "num", v });
const bool = (v: boolean): Expr => ({ t: "bool", v });
const arr = (items: readonly Expr[]): Expr => ({ t: "arr", items });
/** An object literal; keys are the compiler's own (never author names). Undefined values are left out. */
const obj = (props: readonly (readonly [string, Expr | undefined])[], expanded = false): Expr => ({
  t: "obj",
  props: props.filter((p): p is readonly [string, Expr] => p[1] !== undefined),
  expanded,
});

const isNegative = (e: Expr) => e.t === "num" && (e.v < 0 || Object.is(e.v, -0));

function exprDoc(e: Expr): Doc {
  switch (e.t) {
    case "str":
      return stringLiteral(e.v);
    case "num":
      return isNegative(e) ? ["-", numberLiteral(-e.v)] : numberLiteral(e.v);
    case "bool":
      return e.v ? "true" : "false";
    case "obj":
      if (e.props.length === 0) return "{}";
      return group(["{", indent([line, join([",", line], e.props.map(([k, v]) => propertyDoc(k, v)))]), ifBreak(","), line, "}"], {
        shouldBreak: e.expanded,
      });
    case "arr": {
      if (e.items.length === 0) return "[]";
      // Prettier breaks an array of two or more objects (or arrays) that each have more than one entry.
      const first = e.items[0]!;
      const shouldBreak =
        e.items.length > 1 &&
        e.items.every(
          (i) => i.t === first.t && ((i.t === "obj" && i.props.length > 1) || (i.t === "arr" && i.items.length > 1)),
        );
      return group(["[", indent([softline, join([",", line], e.items.map((i) => group(exprDoc(i)))), ifBreak(",")]), softline, "]"], { shouldBreak });
    }
  }
}

/** `key: value` with Prettier's assignment layouts for the value kinds the machine has. */
function propertyDoc(key: string, value: Expr): Doc {
  const left = group(key);
  const v = exprDoc(value);
  const shortKey = key.length < 5; // Prettier: no break after a key narrower than tabWidth + 3
  if (value.t === "str") {
    return shortKey ? group([left, ":", " ", v]) : group([left, ":", group(indent([line, v]))]);
  }
  if (shortKey || value.t === "bool" || (value.t === "num" && !isNegative(value))) return group([left, ":", " ", v]);
  const id = Symbol("assignment");
  return group([left, ":", group(indent(line), { id }), indentIfBreak(v, id)]);
}

function templateExpr(t: TextTemplate): Expr {
  return arr(t.map((p) => (typeof p === "string" ? str(p) : obj([["field", str(p.field)]]))));
}

function valueExpr(v: FieldValue): Expr {
  return typeof v === "string" ? str(v) : typeof v === "number" ? num(v) : bool(v);
}

function operandExpr(o: Operand): Expr {
  return "field" in o ? obj([["field", str(o.field)]]) : obj([["value", valueExpr(o.value)]]);
}

function conditionExpr(c: Condition): Expr {
  switch (c.op) {
    case "and":
    case "or":
      return obj([
        ["op", str(c.op)],
        ["left", conditionExpr(c.left)],
        ["right", conditionExpr(c.right)],
      ]);
    case "not":
      return obj([
        ["op", str(c.op)],
        ["operand", conditionExpr(c.operand)],
      ]);
    case "known":
      return obj([
        ["op", str(c.op)],
        ["field", str(c.field)],
      ]);
    case "given":
      return obj([
        ["op", str(c.op)],
        ["purpose", str(c.purpose)],
      ]);
    default:
      return obj([
        ["op", str(c.op)],
        ["left", operandExpr(c.left)],
        ["right", operandExpr(c.right)],
      ]);
  }
}

function durationExpr(d: { readonly amount: number; readonly unit: string }): Expr {
  return obj([
    ["amount", num(d.amount)],
    ["unit", str(d.unit)],
  ]);
}

function retentionExpr(r: Retention): Expr {
  return r.kind === "period"
    ? obj([
        ["kind", str(r.kind)],
        ["period", durationExpr(r.period)],
        ["orUntilWithdrawn", bool(r.orUntilWithdrawn)],
      ])
    : obj([["kind", str(r.kind)]]);
}

function purposeExpr(p: PurposeDef): Expr {
  return obj(
    [
      ["name", str(p.name)],
      ["why", str(p.why)],
      ["basis", str(p.basis)],
      ["evidence", p.evidence === undefined ? undefined : str(p.evidence)],
      ["retention", retentionExpr(p.retention)],
      ["consentValid", p.consentValid === undefined ? undefined : durationExpr(p.consentValid)],
      ["needs", arr(p.needs.map(str))],
      ["withdrawOn", arr(p.withdrawOn.map(str))],
      ["sharedWith", arr(p.sharedWith.map(str))],
      [
        "transfers",
        arr(
          p.transfers.map((t) =>
            obj([
              ["country", str(t.country)],
              ["safeguard", str(t.safeguard)],
            ]),
          ),
        ),
      ],
      ["condition", p.condition === undefined ? undefined : str(p.condition)],
      ["category", p.category === undefined ? undefined : str(p.category)],
    ],
    true,
  );
}

function fieldTypeExpr(f: FieldDef): Expr {
  const t = f.type;
  switch (t.kind) {
    case "text":
      return obj([
        ["kind", str(t.kind)],
        ["max", num(t.max)],
      ]);
    case "integer":
    case "number":
      return obj([
        ["kind", str(t.kind)],
        ["min", num(t.min)],
        ["max", num(t.max)],
      ]);
    case "choice":
      return obj([
        ["kind", str(t.kind)],
        [
          "options",
          arr(
            t.options.map((o) =>
              obj([
                ["value", str(o.value)],
                ["label", str(o.label)],
              ]),
            ),
          ),
        ],
      ]);
    default:
      return obj([["kind", str(t.kind)]]);
  }
}

function fieldExpr(f: FieldDef): Expr {
  return obj(
    [
      ["name", str(f.name)],
      ["label", str(f.label)],
      ["type", fieldTypeExpr(f)],
      ["special", f.special === undefined ? undefined : str(f.special)],
      ["category", f.category === undefined ? undefined : str(f.category)],
    ],
    true,
  );
}

function nodeExpr(n: Node): Expr {
  switch (n.kind) {
    case "say":
      return obj(
        [
          ["kind", str(n.kind)],
          ["text", templateExpr(n.text)],
          ["next", num(n.next)],
        ],
        true,
      );
    case "branch":
      return obj(
        [
          ["kind", str(n.kind)],
          ["test", conditionExpr(n.test)],
          ["then", num(n.then)],
          ["else", num(n.else)],
        ],
        true,
      );
    case "ask":
      return obj(
        [
          ["kind", str(n.kind)],
          ["id", str(n.id)],
          ["field", str(n.field)],
          ["text", templateExpr(n.text)],
          [
            "purposes",
            arr(
              n.purposes.map((p) =>
                obj([
                  ["purpose", str(p.purpose)],
                  ["basis", str(p.basis)],
                ]),
              ),
            ),
          ],
          ["optional", bool(n.optional)],
          [
            "when",
            arr(
              n.when.map((w) =>
                obj([
                  ["value", valueExpr(w.value)],
                  ["next", num(w.next)],
                ]),
              ),
            ),
          ],
          ["next", num(n.next)],
          [
            "retry",
            n.retry === undefined
              ? undefined
              : obj([
                  ["limit", num(n.retry.limit)],
                  ["next", num(n.retry.next)],
                ]),
          ],
        ],
        true,
      );
    case "consent":
      return obj(
        [
          ["kind", str(n.kind)],
          ["id", str(n.id)],
          ["purpose", str(n.purpose)],
          ["text", templateExpr(n.text)],
          ["given", num(n.given)],
          ["refused", num(n.refused)],
        ],
        true,
      );
    case "end":
      return obj(
        [
          ["kind", str(n.kind)],
          ["id", str(n.id)],
          ["text", templateExpr(n.text)],
          ["outcome", n.outcome === undefined ? undefined : str(n.outcome)],
        ],
        true,
      );
  }
}

function machineExpr(m: MachineDefinition): Expr {
  return obj(
    [
      ["id", str(m.id)],
      ["version", str(m.version)],
      [
        "controller",
        obj([
          ["name", str(m.controller.name)],
          ["contact", str(m.controller.contact)],
          ["dpo", m.controller.dpo === undefined ? undefined : str(m.controller.dpo)],
        ]),
      ],
      [
        "notice",
        m.notice === undefined
          ? undefined
          : obj([
              ["version", str(m.notice.version)],
              ["hash", str(m.notice.hash)],
            ]),
      ],
      ["purposes", arr(m.purposes.map(purposeExpr))],
      ["fields", arr(m.fields.map(fieldExpr))],
      ["nodes", arr(m.nodes.map(nodeExpr))],
      ["start", num(m.start)],
    ],
    true,
  );
}

// ── Types ───────────────────────────────────────────────────────────────────

/** A type, as far as the emitter needs: a union is laid out differently by context. */
type TypeExpr =
  | { readonly t: "doc"; readonly doc: Doc }
  | { readonly t: "union"; readonly members: readonly Doc[] }
  | { readonly t: "literal"; readonly members: readonly TypeMember[]; readonly expanded: boolean };

interface TypeMember {
  readonly key: string;
  readonly optional: boolean;
  readonly type: TypeExpr;
}

const typeDoc = (doc: Doc): TypeExpr => ({ t: "doc", doc });

/** A union of the given types; one member is just that type, none is `never`. */
function union(members: readonly Doc[]): TypeExpr {
  if (members.length === 0) return typeDoc("never");
  if (members.length === 1) return typeDoc(members[0]!);
  return { t: "union", members };
}

function literalUnion(values: readonly string[]): TypeExpr {
  return union([...new Set(values)].map((v) => stringLiteral(v)));
}

function unionDoc(members: readonly Doc[]): Doc {
  return group(members.map((m, i) => (i === 0 ? [ifBreak("| "), align(2, m)] : [line, "| ", align(2, m)])));
}

/** A type in a position where a union is printed bare (type arguments, after a broken `=`). */
function bareTypeDoc(t: TypeExpr): Doc {
  switch (t.t) {
    case "doc":
      return t.doc;
    case "union":
      return unionDoc(t.members);
    case "literal":
      return typeLiteralDoc(t);
  }
}

function typeLiteralDoc(t: Extract<TypeExpr, { t: "literal" }>): Doc {
  if (t.members.length === 0) return "{}";
  const members = t.members.map((m) => {
    const type = m.type.t === "union" ? group(indent([softline, unionDoc(m.type.members)])) : bareTypeDoc(m.type);
    return group(["readonly ", propertyKey(m.key), m.optional ? "?" : "", ":", " ", type]);
  });
  return group(["{", indent([line, join([";", line], members), ifBreak(";")]), line, "}"], { shouldBreak: t.expanded });
}

function typeLiteral(members: readonly TypeMember[], expanded = true): TypeExpr {
  return { t: "literal", members, expanded };
}

/** `Name<A, B, C>`: Prettier keeps a single simple argument inline, else a group without a trailing comma. */
function typeReference(name: string, args: readonly TypeExpr[]): Doc {
  if (args.length === 0) return name;
  if (args.length === 1 && args[0]!.t === "doc") return [name, "<", args[0]!.doc, ">"];
  return [name, group(["<", indent([softline, join([",", line], args.map(bareTypeDoc))]), softline, ">"])];
}

function indexed(typeName: string, key: string): Doc {
  return [typeName, "[", stringLiteral(key), "]"];
}

/** `export type Name = …;` with Prettier's layouts: a union breaks after `=`, anything else is "fluid". */
function typeAlias(comment: string, name: string, t: TypeExpr): Doc {
  const left = group(["type ", name]);
  let body: Doc;
  if (t.t === "union") {
    body = group([left, " =", group(indent([line, unionDoc(t.members)]))]);
  } else {
    const id = Symbol("assignment");
    body = group([left, " =", group(indent(line), { id }), indentIfBreak(bareTypeDoc(t), id)]);
  }
  return [hardline, `/** ${comment} */`, hardline, "export ", body, ";", hardline];
}

function fieldValueType(f: FieldDef): TypeExpr {
  switch (f.type.kind) {
    case "text":
    case "email":
    case "phone":
    case "date":
      return typeDoc("string");
    case "integer":
    case "number":
      return typeDoc("number");
    case "yesno":
      return typeDoc("boolean");
    case "choice":
      return literalUnion(f.type.options.map((o) => o.value));
  }
}

const isWaiting = (n: Node): n is WaitingNode => n.kind === "ask" || n.kind === "consent" || n.kind === "end";

/** First occurrence of each key wins (the checks forbid duplicates; this keeps the module compiling anyway). */
function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ── The module ──────────────────────────────────────────────────────────────

function importDoc(keyword: string, names: readonly string[], from: string): Doc {
  return [keyword, " ", group(["{", indent([line, join([",", line], names)]), ifBreak(","), line, "}"]), " from ", stringLiteral(from), ";", hardline];
}

function functionDoc(comment: string, name: string, params: readonly string[], returnType: Doc, callee: Doc, args: readonly string[]): Doc {
  return [
    hardline,
    `/** ${comment} */`,
    hardline,
    "export function ",
    name,
    group(["(", indent([softline, join([",", line], params)]), ifBreak(","), softline, ")", ": ", returnType]),
    " {",
    indent([hardline, "return ", callee, group(["(", indent([softline, join([",", line], args)]), ifBreak(","), softline, ")"]), ";"]),
    hardline,
    "}",
    hardline,
  ];
}

function moduleDoc(m: MachineDefinition, options: EmitTypeScriptOptions): Doc {
  const P = flowPrefix(m.id);
  const names = {
    machine: `${P}Machine`,
    step: `${P}Step`,
    fields: `${P}Fields`,
    purpose: `${P}Purpose`,
    outcome: `${P}Outcome`,
    prompt: `${P}Prompt`,
    answers: `${P}Answers`,
    purposeData: `${P}PurposeData`,
    types: `${P}Types`,
    start: `start${P}`,
    restore: `restore${P}`,
  };
  // `restore<Prefix>` is the runtime's own `restoreConversation` when the flow is called Conversation.
  const restoreImport = names.restore === "restoreConversation" ? "restoreRuntimeConversation" : "restoreConversation";

  const waiting = m.nodes.filter(isWaiting);
  const fieldsByName = new Map(m.fields.map((f) => [f.name, f] as const));
  const usedShapes = new Set(waiting.map((n) => n.kind));

  // Header: the source path goes through the escaping door, so it cannot end the comment or the line.
  const header: Doc = [
    options.sourcePath === undefined
      ? "// Generated by Lawflow. Do not edit: change the .flow file and compile it again."
      : `// Generated by Lawflow from ${stringLiteral(options.sourcePath)}. Do not edit: change the .flow file and compile it again.`,
    hardline,
    hardline,
  ];

  const valueImports = ["createConversation", "defineMachine", restoreImport === "restoreConversation" ? "restoreConversation" : "restoreConversation as restoreRuntimeConversation"];
  const typeImports = [
    ...(usedShapes.has("ask") ? ["AskPromptShape"] : []),
    ...(usedShapes.has("consent") ? ["ConsentPromptShape"] : []),
    "Conversation",
    "ConversationOptions",
    ...(usedShapes.has("end") ? ["EndPromptShape"] : []),
    "MachineDefinition",
  ];
  const runtime = options.runtimeImport ?? "lawflow/runtime";
  const imports: Doc = [importDoc("import", valueImports, runtime), importDoc("import type", typeImports, runtime)];

  // export const <P>Machine = defineMachine({ … });
  const machineObject = exprDoc(machineExpr(m));
  const call: Doc = [
    "defineMachine",
    breakParent,
    conditionalGroup([
      ["(", group(machineObject, { shouldBreak: true }), ")"],
      group(["(", indent([line, machineObject]), ifBreak(","), line, ")"], { shouldBreak: true }),
    ]),
  ];
  const assignment = Symbol("assignment");
  const machineDecl: Doc = [
    hardline,
    "/** The flow as a state table: plain data, deep-frozen, checked against the runtime's machine definition. */",
    hardline,
    "export ",
    group(["const ", group([group([names.machine, ":", " ", "MachineDefinition"]), " =", group(indent(line), { id: assignment }), indentIfBreak(call, assignment)]), ";"]),
    hardline,
  ];

  const stepIds = uniqueBy(waiting, (n) => n.id).map((n) => n.id);
  const outcomes = waiting.flatMap((n) => (n.kind === "end" ? [n.outcome ?? n.id] : []));

  const fieldsType = typeLiteral(uniqueBy(m.fields, (f) => f.name).map((f) => ({ key: f.name, optional: false, type: fieldValueType(f) })));
  const fieldRef = (name: string): TypeExpr => typeDoc(fieldsByName.has(name) ? indexed(names.fields, name) : "never");

  const promptMembers = waiting.map((n): Doc => {
    switch (n.kind) {
      case "ask":
        return typeReference("AskPromptShape", [
          typeDoc(stringLiteral(n.id)),
          typeDoc(stringLiteral(n.field)),
          literalUnion(n.purposes.map((p) => p.purpose)),
        ]);
      case "consent":
        return typeReference("ConsentPromptShape", [typeDoc(stringLiteral(n.id)), typeDoc(stringLiteral(n.purpose))]);
      case "end":
        return typeReference("EndPromptShape", [typeDoc(stringLiteral(n.id)), typeDoc(stringLiteral(n.outcome ?? n.id))]);
    }
  });

  const answerNodes = uniqueBy(
    waiting.filter((n) => n.kind !== "end"),
    (n) => n.id,
  );
  const answersType = typeLiteral(
    answerNodes.map((n): TypeMember => {
      if (n.kind === "ask") {
        const ref = fieldsByName.has(n.field) ? indexed(names.fields, n.field) : "never";
        return { key: n.id, optional: false, type: n.optional ? union([ref, "null"]) : typeDoc(ref) };
      }
      return { key: n.id, optional: false, type: typeDoc("boolean") };
    }),
  );

  const purposeDataType = typeLiteral(
    uniqueBy(m.purposes, (p) => p.name).map((p) => ({
      key: p.name,
      optional: false,
      type: typeLiteral(
        [...new Set(p.needs)].map((f) => ({ key: f, optional: true, type: fieldRef(f) })),
        true,
      ),
    })),
  );

  const bundle = typeLiteral([
    { key: "Prompt", optional: false, type: typeDoc(names.prompt) },
    { key: "Answers", optional: false, type: typeDoc(names.answers) },
    { key: "Fields", optional: false, type: typeDoc(names.fields) },
    { key: "Purpose", optional: false, type: typeDoc(names.purpose) },
    { key: "PurposeData", optional: false, type: typeDoc(names.purposeData) },
    { key: "Outcome", optional: false, type: typeDoc(names.outcome) },
  ]);

  const types: Doc = [
    typeAlias("The steps at which the conversation waits for the person.", names.step, literalUnion(stepIds)),
    typeAlias("The value type of each field.", names.fields, fieldsType),
    typeAlias("The purposes of processing.", names.purpose, literalUnion(m.purposes.map((p) => p.name))),
    typeAlias("How a conversation can end: an end's `as` outcome, else its id.", names.outcome, literalUnion(outcomes)),
    typeAlias("What to show now, discriminated by `step`.", names.prompt, union(promptMembers)),
    typeAlias("What `answer(step, value)` accepts at each step (`null` skips an optional ask).", names.answers, answersType),
    typeAlias("For each purpose, exactly the data it may use.", names.purposeData, purposeDataType),
    typeAlias("The type bundle of this flow.", names.types, bundle),
  ];

  const conversationType = typeReference("Conversation", [typeDoc(names.types)]);
  const functions: Doc = [
    functionDoc(
      "Starts a conversation at the flow's first waiting step.",
      names.start,
      ["options?: ConversationOptions"],
      conversationType,
      ["createConversation", "<", names.types, ">"],
      [names.machine, "options"],
    ),
    functionDoc(
      "Resumes a conversation from its `snapshot()`.",
      names.restore,
      ["snapshot: string", "options?: ConversationOptions"],
      conversationType,
      [restoreImport, "<", names.types, ">"],
      [names.machine, "snapshot", "options"],
    ),
  ];

  return [header, imports, machineDecl, types, functions];
}
