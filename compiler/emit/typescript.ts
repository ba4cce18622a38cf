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
  block,
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

/**
 * The module in one of three forms: `ts` one TypeScript module; `js` the same
 * module as plain JavaScript, and `dts` its declarations — the pair a
 * JavaScript app or a bundler plugin needs (`X.flow.js` + `X.flow.d.ts`).
 */
export type ModuleForm = "ts" | "js" | "dts";

export interface EmitTypeScriptOptions {
  /** Which form of the module to print. Default `ts`. */
  readonly form?: ModuleForm;
  /** The module specifier of the runtime. Default `lawflow/runtime`. */
  readonly runtimeImport?: string;
  /** The `.flow` file the machine came from, named in the header comment. */
  readonly sourcePath?: string;
}

export function emitTypeScript(machine: MachineDefinition, options: EmitTypeScriptOptions = {}): string {
  return printDoc(moduleDoc(machine, options, true));
}

/**
 * The same module with the machine object built as a document and laid out
 * by the general printer rather than by the direct layout of
 * {@link machineBlock}. For tests, which assert the two are identical.
 * @internal
 */
export function emitTypeScriptThroughDocs(machine: MachineDefinition, options: EmitTypeScriptOptions = {}): string {
  return printDoc(moduleDoc(machine, options, false));
}

// ── Expressions: the machine as data ────────────────────────────────────────

/**
 * `br` (objects and arrays): whether the group printed for the value is
 * broken before printing — forced (an expanded object, an array Prettier
 * always breaks) or because a value inside it is.
 */
type Expr =
  | { readonly t: "str"; readonly v: string; readonly text: string }
  | { readonly t: "num"; readonly v: number; readonly text: string }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "obj"; readonly props: readonly (readonly [string, Expr])[]; readonly expanded: boolean; readonly br: boolean }
  | { readonly t: "arr"; readonly items: readonly Expr[]; readonly shouldBreak: boolean; readonly br: boolean };

/** Scalars carry their literal text: the layout measures it more than once. */
const str = (v: string): Expr => ({ t: "str", v, text: stringLiteral(v) });
const num = (v: number): Expr => ({ t: "num", v, text: v < 0 || Object.is(v, -0) ? "-" + numberLiteral(-v) : numberLiteral(v) });
const bool = (v: boolean): Expr => ({ t: "bool", v });
const isBroken = (e: Expr): boolean => (e.t === "obj" || e.t === "arr") && e.br;
const arr = (items: readonly Expr[]): Expr => {
  // Prettier breaks an array of two or more objects (or arrays) that each have more than one entry.
  const first = items[0];
  const shouldBreak =
    first !== undefined &&
    items.length > 1 &&
    items.every((i) => i.t === first.t && ((i.t === "obj" && i.props.length > 1) || (i.t === "arr" && i.items.length > 1)));
  return { t: "arr", items, shouldBreak, br: items.length > 0 && (shouldBreak || items.some(isBroken)) };
};
/** An object literal; keys are the compiler's own (never author names). Undefined values are left out. */
const obj = (props: readonly (readonly [string, Expr | undefined])[], expanded = false): Expr => {
  const kept = props.filter((p): p is readonly [string, Expr] => p[1] !== undefined);
  return { t: "obj", props: kept, expanded, br: kept.length > 0 && (expanded || kept.some((p) => isBroken(p[1]))) };
};

const isNegative = (e: Expr) => e.t === "num" && (e.v < 0 || Object.is(e.v, -0));

function exprDoc(e: Expr): Doc {
  switch (e.t) {
    case "str":
      return e.text;
    case "num":
      return isNegative(e) ? ["-", numberLiteral(-e.v)] : e.text;
    case "bool":
      return e.v ? "true" : "false";
    case "obj":
      if (e.props.length === 0) return "{}";
      return group(["{", indent([line, join([",", line], e.props.map(([k, v]) => propertyDoc(k, v)))]), ifBreak(","), line, "}"], {
        shouldBreak: e.expanded,
      });
    case "arr": {
      if (e.items.length === 0) return "[]";
      return group(["[", indent([softline, join([",", line], e.items.map((i) => group(exprDoc(i)))), ifBreak(",")]), softline, "]"], {
        shouldBreak: e.shouldBreak,
      });
    }
  }
}

// ── The direct layout of values ─────────────────────────────────────────────
//
// The machine object is most of a module (every node of the state table),
// and building a document for every value in it cost most of the emitter's
// time. `machineBlock` lays it out directly, with exactly the decisions the
// printer makes for the documents `exprDoc` and `propertyDoc` build:
//
//  - a value is printed in break mode at (indentation, column), followed on
//    its line by `trail` characters (the "," every entry of a broken object
//    or array has) and then a line break;
//  - a group that is not already broken is printed flat when its flat text
//    plus `trail` fits in the remaining width, else broken;
//  - `key: value` follows the three layouts of `propertyDoc`.
//
// A test compares the result with the printer's for many machines.

const PRINT_WIDTH = 80;
const spaces: string[] = [];
const newlineAt = (ind: number) => (spaces[ind] ??= "\n" + " ".repeat(ind));

/** The text of a scalar. */
function scalarText(e: Extract<Expr, { t: "str" | "num" | "bool" }>): string {
  return e.t === "bool" ? (e.v ? "true" : "false") : e.text;
}

/** The width of the flat text of a value, or a number above `budget` as soon as it exceeds it. */
function flatWidth(e: Expr, budget: number): number {
  switch (e.t) {
    case "str":
    case "num":
    case "bool":
      return scalarText(e).length;
    case "obj": {
      if (e.props.length === 0) return 2;
      let w = 2; // "{ " … " }" is 4, less the ", " not written before the first entry
      for (const [k, v] of e.props) {
        w += 2 + k.length + 2;
        if (w > budget) return w;
        w += flatWidth(v, budget - w);
        if (w > budget) return w;
      }
      return w;
    }
    case "arr": {
      if (e.items.length === 0) return 2;
      let w = 0; // "[" … "]" is 2, less the ", " not written before the first item
      for (const i of e.items) {
        w += 2;
        if (w > budget) return w;
        w += flatWidth(i, budget - w);
        if (w > budget) return w;
      }
      return w;
    }
  }
}

/** The flat text of a value, as the printer prints its document in flat mode. */
function flatText(e: Expr, out: string[]): void {
  switch (e.t) {
    case "str":
    case "num":
    case "bool":
      out.push(scalarText(e));
      return;
    case "obj":
      if (e.props.length === 0) {
        out.push("{}");
        return;
      }
      out.push("{ ");
      e.props.forEach(([k, v], i) => {
        out.push(i === 0 ? k : ", " + k, ": ");
        flatText(v, out);
      });
      out.push(" }");
      return;
    case "arr":
      if (e.items.length === 0) {
        out.push("[]");
        return;
      }
      out.push("[");
      e.items.forEach((v, i) => {
        if (i > 0) out.push(", ");
        flatText(v, out);
      });
      out.push("]");
      return;
  }
}

/** Whether a group, not already broken, whose flat text starts at `col` and is followed by `trail` characters, fits. */
const fitsFlat = (e: Expr, extra: number, col: number, trail: number) => {
  const budget = PRINT_WIDTH - col - trail - extra;
  return budget >= 0 && flatWidth(e, budget) <= budget;
};

/** A value's document printed in break mode at indentation `ind`, column `col`, with `trail` characters after it on its line. */
function layoutValue(e: Expr, ind: number, col: number, trail: number, out: string[]): void {
  switch (e.t) {
    case "str":
    case "num":
    case "bool":
      out.push(scalarText(e));
      return;
    case "obj": {
      if (e.props.length === 0) {
        out.push("{}");
        return;
      }
      if (!e.br && fitsFlat(e, 0, col, trail)) {
        flatText(e, out);
        return;
      }
      const inner = newlineAt(ind + 2);
      out.push("{");
      for (const [k, v] of e.props) {
        out.push(inner);
        layoutProperty(k, v, ind + 2, out);
        out.push(",");
      }
      out.push(newlineAt(ind), "}");
      return;
    }
    case "arr": {
      if (e.items.length === 0) {
        out.push("[]");
        return;
      }
      if (!e.br && fitsFlat(e, 0, col, trail)) {
        flatText(e, out);
        return;
      }
      const inner = newlineAt(ind + 2);
      // A long list (the machine's nodes) is joined item by item: one array of
      // hundreds of thousands of short strings is slow to fill and to join in V8.
      const own = e.items.length > 64;
      out.push("[");
      for (const i of e.items) {
        out.push(inner);
        // The item's own group (`group(exprDoc(i))`) decides as the value's would: same text, same width.
        const part = own ? [] : out;
        layoutValue(i, ind + 2, ind + 2, 1, part);
        if (own) out.push(part.join(""));
        out.push(",");
      }
      out.push(newlineAt(ind), "]");
      return;
    }
  }
}

/** `key: value` at the start of a line of a broken object (indentation `ind`), followed by ",". */
function layoutProperty(key: string, value: Expr, ind: number, out: string[]): void {
  const col = ind;
  const trail = 1;
  if (!isBroken(value) && fitsFlat(value, key.length + 2, col, trail)) {
    out.push(key, ": ");
    flatText(value, out);
    return;
  }
  const shortKey = key.length < 5;
  const afterColon = col + key.length + 1;
  if (value.t === "str") {
    const text = scalarText(value);
    // group([key, ":", group(indent([line, value]))]): the inner group breaks when " value," does not fit.
    if (shortKey || 1 + text.length + trail <= PRINT_WIDTH - afterColon) out.push(key, ": ", text);
    else out.push(key, ":", newlineAt(ind + 2), text);
    return;
  }
  if (shortKey || value.t === "bool" || (value.t === "num" && !isNegative(value))) {
    out.push(key, ": ");
    layoutValue(value, ind, afterColon + 1, trail, out);
    return;
  }
  // group([key, ":", group(indent(line), { id }), indentIfBreak(value, id)]): the line group is measured
  // with the value after it in break mode, which ends the measure at an object's or array's first line.
  const room = PRINT_WIDTH - afterColon - 1;
  const opens = (value.t === "obj" && value.props.length > 0) || (value.t === "arr" && value.items.length > 0);
  const lineFits = opens ? room - 1 >= 0 : room - flatWidth(value, Infinity) - trail >= 0;
  if (lineFits) {
    out.push(key, ": ");
    layoutValue(value, ind, afterColon + 1, trail, out);
  } else {
    out.push(key, ":", newlineAt(ind + 2));
    layoutValue(value, ind + 2, ind + 2, trail, out);
  }
}

/** The machine object (an expanded object) as a block for the printer. */
function machineBlock(e: Expr): Doc {
  if (e.t !== "obj" || !e.br) return exprDoc(e);
  return block("{", (ind) => {
    const out: string[] = [];
    layoutValue(e, ind, ind, 0, out);
    return out.join("");
  });
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

/** A function, or (no body) its declaration. */
function functionDoc(comment: string, name: string, params: readonly string[], returnType: Doc | undefined, body: { callee: Doc; args: readonly string[] } | undefined): Doc {
  const signature: Doc = [
    body ? "export function " : "export declare function ",
    name,
    group(["(", indent([softline, join([",", line], params)]), ifBreak(","), softline, ")", ...(returnType === undefined ? [] : [": ", returnType])]),
  ];
  return [
    hardline,
    `/** ${comment} */`,
    hardline,
    signature,
    body
      ? [" {", indent([hardline, "return ", body.callee, group(["(", indent([softline, join([",", line], body.args)]), ifBreak(","), softline, ")"]), ";"]), hardline, "}"]
      : ";",
    hardline,
  ];
}

function moduleDoc(m: MachineDefinition, options: EmitTypeScriptOptions, fast: boolean): Doc {
  const form = options.form ?? "ts";
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
  const imports: Doc = [
    form === "dts" ? [] : importDoc("import", valueImports, runtime),
    form === "js" ? [] : importDoc("import type", typeImports, runtime),
  ];

  // export const <P>Machine = defineMachine({ … });
  // Declarations name the machine's type only: its data is not printed.
  const machineObject = form === "dts" ? "" : fast ? machineBlock(machineExpr(m)) : exprDoc(machineExpr(m));
  const call: Doc = [
    "defineMachine",
    breakParent,
    conditionalGroup([
      ["(", group(machineObject, { shouldBreak: true }), ")"],
      group(["(", indent([line, machineObject]), ifBreak(","), line, ")"], { shouldBreak: true }),
    ]),
  ];
  const assignment = Symbol("assignment");
  const machineName: Doc = form === "js" ? names.machine : group([names.machine, ":", " ", "MachineDefinition"]);
  const machineDecl: Doc = [
    hardline,
    "/** The flow as a state table: plain data, deep-frozen, checked against the runtime's machine definition. */",
    hardline,
    form === "dts"
      ? ["export declare const ", machineName, ";"]
      : ["export ", group(["const ", group([machineName, " =", group(indent(line), { id: assignment }), indentIfBreak(call, assignment)]), ";"])],
    hardline,
  ];

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

  // JavaScript has neither types nor type arguments; declarations have no bodies.
  const typed = form !== "js";
  const conversationType = typed ? typeReference("Conversation", [typeDoc(names.types)]) : undefined;
  const typeArguments = typed ? ["<", names.types, ">"] : [];
  const functions: Doc = [
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
      form === "dts" ? undefined : { callee: [restoreImport, ...typeArguments], args: [names.machine, "snapshot", "options"] },
    ),
  ];

  return [header, imports, machineDecl, typed ? types : [], functions];
}
