/**
 * The TypeScript module of a machine definition: one ES module holding the
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
 * escaping door in literals.ts) — as string values, string literal types and
 * type-literal property keys (`propertyKey`). The machine is printed as data
 * by values.ts, which keeps author names as values and never as keys. The
 * flow name appears in identifiers only as a sanitized prefix (`flowPrefix`).
 * No author string is ever code.
 *
 * Layout: each construct is the document Prettier builds for it (doc.ts), so
 * the module is exactly what Prettier prints. Pure; linear in the size of
 * the machine.
 */
import type { FieldDef, MachineDefinition, Node, WaitingNode } from "../../runtime/machine.ts";
import { align, breakParent, conditionalGroup, group, hardline, ifBreak, indent, indentIfBreak, join, line, softline, type Doc } from "./doc.ts";
import { stringLiteral } from "./literals.ts";
import { flowPrefix, propertyKey } from "./names.ts";
import type { EmitTypeScriptOptions, ModuleForm } from "./options.ts";
import { valueDoc, type ValuePath } from "./values.ts";

/** The module's document; `emitTypeScript` (index.ts) prints it. */
export function moduleDoc(m: MachineDefinition, options: EmitTypeScriptOptions = {}): Doc {
  const form = options.form ?? "ts";
  // JavaScript has no types; declarations have types and no values.
  return [header(options), imports(m, options), machineDeclaration(m, form), form === "js" ? [] : typeDeclarations(m), functionDeclarations(m, form)];
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
    body = group([left, " =", group(indent(line), { id }), indentIfBreak(bareTypeDoc(t), { groupId: id })]);
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
  return [keyword, " ", group(["{", indent([line, join([",", line], [...names])]), ifBreak(","), line, "}"]), " from ", stringLiteral(from), ";", hardline];
}

/** A function, or (no body) its declaration. */
function functionDoc(comment: string, name: string, params: readonly string[], returnType: Doc | undefined, body: { callee: Doc; args: readonly string[] } | undefined): Doc {
  const signature: Doc = [
    body ? "export function " : "export declare function ",
    name,
    group(["(", indent([softline, join([",", line], [...params])]), ifBreak(","), softline, ")", ...(returnType === undefined ? [] : [": ", returnType])]),
  ];
  return [
    hardline,
    `/** ${comment} */`,
    hardline,
    signature,
    body
      ? [" {", indent([hardline, "return ", body.callee, group(["(", indent([softline, join([",", line], [...body.args])]), ifBreak(","), softline, ")"]), ";"]), hardline, "}"]
      : ";",
    hardline,
  ];
}

/** The identifiers of a flow's module, each from the sanitized prefix. */
function generatedNames(m: MachineDefinition) {
  const P = flowPrefix(m.id);
  return {
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
}

/** `restore<Prefix>` is the runtime's own `restoreConversation` when the flow is called Conversation. */
const runtimeRestoreName = (m: MachineDefinition) => (generatedNames(m).restore === "restoreConversation" ? "restoreRuntimeConversation" : "restoreConversation");

function header(options: EmitTypeScriptOptions): Doc {
  // The source path goes through the escaping door, so it cannot end the comment or the line.
  return [
    options.sourcePath === undefined
      ? "// Generated by Lawflow. Do not edit: change the .flow file and compile it again."
      : `// Generated by Lawflow from ${stringLiteral(options.sourcePath)}. Do not edit: change the .flow file and compile it again.`,
    hardline,
    hardline,
  ];
}

function imports(m: MachineDefinition, options: EmitTypeScriptOptions): Doc {
  const shapes = new Set(m.nodes.filter(isWaiting).map((n) => n.kind));
  const restore = runtimeRestoreName(m);
  const values = ["createConversation", "defineMachine", restore === "restoreConversation" ? "restoreConversation" : `restoreConversation as ${restore}`];
  const types = [
    ...(shapes.has("ask") ? ["AskPromptShape"] : []),
    ...(shapes.has("consent") ? ["ConsentPromptShape"] : []),
    "Conversation",
    "ConversationOptions",
    ...(shapes.has("end") ? ["EndPromptShape"] : []),
    "MachineDefinition",
  ];
  const runtime = options.runtimeImport ?? "lawflow/runtime";
  const form = options.form ?? "ts";
  return [form === "dts" ? [] : importDoc("import", values, runtime), form === "js" ? [] : importDoc("import type", types, runtime)];
}

/**
 * The machine and the records in its lists (each purpose, field and node) are
 * laid out one member per line, so that a diff of two generated modules shows
 * the record that changed; everything smaller sits on one line when it fits.
 */
const isMachineRecord = (path: ValuePath) => path.length === 0 || (path.length === 2 && typeof path[1] === "number");

/** `export const <P>Machine: MachineDefinition = defineMachine({ … });`, or its declaration. */
function machineDeclaration(m: MachineDefinition, form: ModuleForm): Doc {
  const machineName: Doc = form === "js" ? generatedNames(m).machine : group([generatedNames(m).machine, ":", " ", "MachineDefinition"]);
  const comment = "/** The flow as a state table: plain data, deep-frozen, checked against the runtime's machine definition. */";
  // Declarations name the machine's type only: its data is not printed.
  if (form === "dts") return [hardline, comment, hardline, "export declare const ", machineName, ";", hardline];
  const machineObject = valueDoc(m, { isRecord: isMachineRecord });
  const call: Doc = [
    "defineMachine",
    breakParent,
    conditionalGroup([
      ["(", group(machineObject, { shouldBreak: true }), ")"],
      group(["(", indent([line, machineObject]), ifBreak(","), line, ")"], { shouldBreak: true }),
    ]),
  ];
  const assignment = Symbol("assignment");
  return [
    hardline,
    comment,
    hardline,
    "export ",
    group(["const ", group([machineName, " =", group(indent(line), { id: assignment }), indentIfBreak(call, { groupId: assignment })]), ";"]),
    hardline,
  ];
}

function typeDeclarations(m: MachineDefinition): Doc {
  const names = generatedNames(m);
  const waiting = m.nodes.filter(isWaiting);
  const fieldsByName = new Map(m.fields.map((f) => [f.name, f] as const));
  const stepIds = uniqueBy(waiting, (n) => n.id).map((n) => n.id);
  const outcomes = waiting.flatMap((n) => (n.kind === "end" ? [n.outcome ?? n.id] : []));

  const fieldsType = typeLiteral(uniqueBy(m.fields, (f) => f.name).map((f) => ({ key: f.name, optional: false, type: fieldValueType(f) })));
  const fieldRef = (name: string): TypeExpr => typeDoc(fieldsByName.has(name) ? indexed(names.fields, name) : "never");

  const promptMembers = waiting.map((n): Doc => {
    switch (n.kind) {
      case "ask": {
        const field = fieldsByName.get(n.field);
        // The field's kind and, for a choice, its values: `choices` then offers exactly what `answer` takes.
        const narrowing: TypeExpr[] = field
          ? [typeDoc(stringLiteral(field.type.kind)), typeDoc(field.type.kind === "choice" ? indexed(names.fields, n.field) : "never")]
          : [];
        return typeReference("AskPromptShape", [
          typeDoc(stringLiteral(n.id)),
          typeDoc(stringLiteral(n.field)),
          literalUnion(n.purposes.map((p) => p.purpose)),
          ...narrowing,
        ]);
      }
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

  return [
    typeAlias("The steps at which the conversation waits for the person.", names.step, literalUnion(stepIds)),
    typeAlias("The value type of each field.", names.fields, fieldsType),
    typeAlias("The purposes of processing.", names.purpose, literalUnion(m.purposes.map((p) => p.name))),
    typeAlias("How a conversation can end: an end's `as` outcome, else its id.", names.outcome, literalUnion(outcomes)),
    typeAlias("What to show now, discriminated by `step`.", names.prompt, union(promptMembers)),
    typeAlias("What `answer(step, value)` accepts at each step (`null` skips an optional ask).", names.answers, answersType),
    typeAlias("For each purpose, exactly the data it may use.", names.purposeData, purposeDataType),
    typeAlias("The type bundle of this flow.", names.types, bundle),
  ];
}

function functionDeclarations(m: MachineDefinition, form: ModuleForm): Doc {
  const names = generatedNames(m);
  // JavaScript has neither types nor type arguments; declarations have no bodies.
  const typed = form !== "js";
  const conversationType = typed ? typeReference("Conversation", [typeDoc(names.types)]) : undefined;
  const typeArguments = typed ? ["<", names.types, ">"] : [];
  return [
    functionDoc(
      "Starts a conversation at the flow's first waiting step.",
      names.start,
      [typed ? "options?: ConversationOptions" : "options"],
      conversationType,
      form === "dts" ? undefined : { callee: ["createConversation", ...typeArguments], args: [names.machine, "options"] },
    ),
    functionDoc(
      "Resumes a conversation from its `snapshot()`.",
      names.restore,
      typed ? ["snapshot: string", "options?: ConversationOptions"] : ["snapshot", "options"],
      conversationType,
      form === "dts" ? undefined : { callee: [runtimeRestoreName(m), ...typeArguments], args: [names.machine, "snapshot", "options"] },
    ),
  ];
}
