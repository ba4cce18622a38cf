/**
 * One printer for data: any plain value (strings, numbers, booleans, arrays,
 * plain objects; `undefined` members left out) → a Prettier document of its
 * object-literal text. The machine definition is printed through it whole,
 * so a new field in `runtime/machine.ts` needs no change here.
 *
 * The layout rules are Prettier's own for these literals, so the printed text
 * is what `prettier.format` gives:
 *
 *  - an object is one line when it fits, else one member per line; an object
 *    the caller names as a record (`isRecord`) is always one member per line,
 *    as Prettier keeps an object the author wrote expanded;
 *  - an array of two or more objects (or arrays) that each have more than one
 *    entry is always one item per line;
 *  - `key: value` breaks after the colon as Prettier's assignment layouts do.
 *
 * Safety: every string value goes through `stringLiteral`, the escaping door.
 * Keys are never author text — the machine keeps author names as values — and
 * a key that is not a plain identifier is refused (it would be a bug in the
 * compiler), so no name can reach a prototype through `__proto__`.
 *
 * Pure; linear in the size of the value.
 */
import { group, ifBreak, indent, indentIfBreak, join, line, softline, type Doc } from "./doc.ts";
import { numberLiteral, stringLiteral } from "./literals.ts";

/** A place in the value: the keys and indexes leading to it (empty for the value itself). */
export type ValuePath = readonly (string | number)[];

export interface ValueLayout {
  /** Whether the object at `path` is a record, printed one member per line even when it would fit on one. */
  readonly isRecord?: (path: ValuePath) => boolean;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

type Entry = readonly [key: string, value: unknown];

/** The document of `value` as a JavaScript expression. */
export function valueDoc(value: unknown, layout: ValueLayout = {}): Doc {
  return new ValuePrinter(layout.isRecord ?? (() => false)).value(value);
}

/**
 * A group with no line break inside prints as its parts joined, so parts
 * that are all text are joined here: the same output from a smaller document.
 */
const text = (parts: readonly Doc[]): Doc => (parts.every((p) => typeof p === "string") ? parts.join("") : group([...parts]));

class ValuePrinter {
  /** The keys and indexes leading to the value being printed. */
  private readonly path: (string | number)[] = [];

  constructor(private readonly isRecord: (path: ValuePath) => boolean) {}

  value(v: unknown): Doc {
    if (typeof v === "string") return stringLiteral(v);
    if (typeof v === "number") return v < 0 || Object.is(v, -0) ? "-" + numberLiteral(-v) : numberLiteral(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (Array.isArray(v)) return this.array(v);
    if (isPlainObject(v)) return this.object(v);
    throw new Error(`internal: cannot print ${describe(v)} at ${pathText(this.path)} as data`);
  }

  private array(items: readonly unknown[]): Doc {
    if (items.length === 0) return "[]";
    const docs: Doc[] = [];
    for (let i = 0; i < items.length; i++) {
      this.path.push(i);
      const doc = this.value(items[i]);
      this.path.pop();
      // Each item is a group of its own, as in Prettier's array printer; text and groups already are.
      docs.push(typeof doc === "string" || isGroup(doc) ? doc : group(doc));
    }
    return group(["[", indent([softline, join([",", line], docs), ifBreak(",")]), softline, "]"], { shouldBreak: alwaysBrokenArray(items) });
  }

  private object(record: Readonly<Record<string, unknown>>): Doc {
    const entries = definedEntries(record);
    if (entries.length === 0) return "{}";
    const members: Doc[] = [];
    for (const [key, v] of entries) {
      this.path.push(key);
      members.push(this.property(key, v));
      this.path.pop();
    }
    return group(["{", indent([line, join([",", line], members)]), ifBreak(","), line, "}"], { shouldBreak: this.isRecord(this.path) });
  }

  /** `key: value` with Prettier's assignment layouts for the kinds of value data has. */
  private property(key: string, v: unknown): Doc {
    if (!PLAIN_KEY.test(key) || key === "__proto__") throw new Error(`internal: the key ${JSON.stringify(key)} at ${pathText(this.path)} is not a plain identifier`);
    const value = this.value(v);
    const shortKey = key.length < 5; // Prettier: no break after a key narrower than tabWidth + 3
    if (typeof v === "string") return shortKey ? text([key, ": ", value]) : group([key, ":", group(indent([line, value]))]);
    if (shortKey || typeof v === "boolean" || (typeof v === "number" && !(v < 0 || Object.is(v, -0)))) return text([key, ": ", value]);
    const id = Symbol("assignment");
    return group([key, ":", group(indent(line), { id }), indentIfBreak(value, { groupId: id })]);
  }
}

/** Prettier always breaks an array of two or more objects (or arrays) that each have more than one entry. */
function alwaysBrokenArray(items: readonly unknown[]): boolean {
  if (items.length < 2) return false;
  const first = items[0];
  if (Array.isArray(first)) return items.every((i) => Array.isArray(i) && i.length > 1);
  if (isPlainObject(first)) return items.every((i) => isPlainObject(i) && !Array.isArray(i) && definedEntries(i).length > 1);
  return false;
}

const isGroup = (doc: Doc): boolean => typeof doc === "object" && !Array.isArray(doc) && (doc as { type?: string }).type === "group";

function definedEntries(record: Readonly<Record<string, unknown>>): Entry[] {
  return Object.entries(record).filter((e) => e[1] !== undefined);
}

function isPlainObject(v: unknown): v is Readonly<Record<string, unknown>> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  return v === null ? "null" : typeof v === "object" ? `an object of class ${v.constructor?.name ?? "?"}` : `a value of type ${typeof v}`;
}

function pathText(path: ValuePath): string {
  return path.length === 0 ? "the top" : path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
}
