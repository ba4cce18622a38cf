/**
 * The emitter's two small tools.
 *
 * 1. `stringLiteral` — the one door every author string goes through on its
 *    way into generated code. Nothing from a `.flow` file ever becomes code:
 *    it becomes a string literal made here, or a property key made by
 *    `propertyKey` (identifiers.ts) from the same door.
 *
 * 2. A tiny layout engine: documents built from groups, indents and line
 *    breaks, printed by a port of Prettier's own line-fitting algorithm
 *    (`printDocToString`, printWidth 80, two-space indent). The TypeScript
 *    emitter builds, for each construct it emits, the same document Prettier
 *    builds for that construct, so the printed module is exactly what
 *    `prettier.format(module, { parser: "typescript" })` returns and no
 *    formatting pass is needed at compile time. A test formats every emitted
 *    module with Prettier and asserts equality.
 *
 * Everything here is pure and linear in the size of its input.
 */

// ── The escaping door ───────────────────────────────────────────────────────

/**
 * Non-ASCII characters kept as written in string literals: letters and
 * punctuation of European scripts that Prettier measures as one column and
 * that are visible. Everything else outside printable ASCII (controls,
 * combining marks, invisible and format characters, wide CJK and emoji,
 * surrogates, U+2028/U+2029) is written as a `\uXXXX` escape, so the module
 * is readable, unambiguous, and its column widths are plain lengths.
 */
function keepsAsWritten(c: number): boolean {
  if (c >= 0xa1 && c <= 0xff) return c !== 0xa9 && c !== 0xad && c !== 0xae; // ©, soft hyphen, ® (emoji / invisible)
  if (c >= 0x100 && c <= 0x24f) return true; // Latin Extended-A and -B
  if (c >= 0x370 && c <= 0x52f) return LETTER.test(String.fromCharCode(c)); // Greek, Cyrillic (assigned letters)
  if (c >= 0x1e00 && c <= 0x1eff) return true; // Latin Extended Additional
  return KEPT_PUNCTUATION.has(c);
}
const LETTER = /^\p{L}$/u;
/** – — ‘ ’ ‚ “ ” „ † ‡ • … ‰ ‹ › € */
const KEPT_PUNCTUATION = new Set([
  0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac,
]);

function hex4(c: number): string {
  return "\\u" + c.toString(16).padStart(4, "0");
}

export interface StringLiteralOptions {
  /** Escape every non-ASCII character (used for property keys, which Prettier would otherwise unquote). */
  readonly ascii?: boolean;
}

/**
 * A JavaScript string literal whose value is exactly `value`.
 *
 * - Quotes: double, unless the text holds more `"` than `'` — then single,
 *   which is the quote Prettier would choose; only the enclosing quote is
 *   escaped (with a backslash), exactly as Prettier writes it.
 * - `\` → `\\`; newline, carriage return and tab → `\n`, `\r`, `\t`; every
 *   other control character, U+2028, U+2029 (line terminators in older
 *   engines and in `//` comments), every surrogate (so a lone surrogate
 *   survives and an astral character is written as its pair) → `\uXXXX`
 *   (never `\0`, which a following digit would turn into an octal escape).
 * - `<` → `\u003c`, so `</script>` cannot close an inline script element.
 * - `$` before `{` → `\u0024`, so the text stays inert if ever pasted into a
 *   template literal.
 *
 * The result never contains a raw line terminator, so it is also safe inside
 * a `//` comment.
 */
export function stringLiteral(value: string, options: StringLiteralOptions = {}): string {
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) doubles++;
    else if (c === 0x27) singles++;
  }
  const quote = doubles > singles ? 0x27 : 0x22;
  let out = "";
  let run = 0; // start of the pending run of characters kept as written
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let escape: string | undefined;
    if (c >= 0x20 && c < 0x7f) {
      if (c === quote) escape = c === 0x22 ? '\\"' : "\\'";
      else if (c === 0x5c) escape = "\\\\";
      else if (c === 0x3c) escape = "\\u003c";
      else if (c === 0x24 && value.charCodeAt(i + 1) === 0x7b) escape = "\\u0024";
    } else if (c === 0x0a) escape = "\\n";
    else if (c === 0x0d) escape = "\\r";
    else if (c === 0x09) escape = "\\t";
    else if (c < 0x20 || c === 0x7f || options.ascii || !keepsAsWritten(c)) escape = hex4(c);
    if (escape !== undefined) {
      out += value.slice(run, i) + escape;
      run = i + 1;
    }
  }
  out += value.slice(run);
  const q = String.fromCharCode(quote);
  return q + out + q;
}

/** A number literal as Prettier prints it (lowercase, no `+` or leading zeros in exponents, no trailing zeros). */
export function numberLiteral(n: number): string {
  // Integers below 2^53 print as their digits, which every rule below leaves as they are.
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n);
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Object.is(n, -0)) return "-0";
  return String(n)
    .toLowerCase()
    .replace(/^([+-]?[\d.]+e)(?:\+|(-))?0*(\d)/, "$1$2$3")
    .replace(/^([+-]?[\d.]+)e[+-]?0+$/, "$1")
    .replace(/^([+-])?\./, "$10.")
    .replace(/(\.\d+?)0+(?=e|$)/, "$1")
    .replace(/\.(?=e|$)/, "");
}

// ── Documents ───────────────────────────────────────────────────────────────

export type Doc = string | readonly Doc[] | Group | Indent | Align | Line | IfBreak | IndentIfBreak | BreakParent | Block;

export interface Group {
  readonly type: "group";
  readonly contents: Doc;
  /** Broken: forced by the builder or propagated from a hard line inside. */
  break: boolean;
  readonly id?: symbol;
  /** Alternatives tried in order (Prettier's `conditionalGroup`); `contents` is the first. */
  readonly expandedStates?: readonly Doc[];
}
export interface Indent {
  readonly type: "indent";
  readonly contents: Doc;
}
export interface Align {
  readonly type: "align";
  readonly n: number;
  readonly contents: Doc;
}
export interface Line {
  readonly type: "line";
  readonly soft: boolean;
  readonly hard: boolean;
}
export interface IfBreak {
  readonly type: "if-break";
  readonly breakContents: Doc;
  readonly flatContents: Doc;
  readonly groupId?: symbol;
}
export interface IndentIfBreak {
  readonly type: "indent-if-break";
  readonly contents: Doc;
  readonly groupId: symbol;
}
export interface BreakParent {
  readonly type: "break-parent";
}
/**
 * Text laid out ahead of time: stands for a group that is always broken
 * (so it breaks its enclosing groups) whose printed text at indentation
 * `ind` is `render(ind)`, and whose text before its first line break is
 * `head`. Large regular data (the machine's state table) is printed this
 * way, without building a document per value; the emitter's tests check
 * that the text is the one the printer makes of the equivalent document.
 */
export interface Block {
  readonly type: "block";
  readonly head: string;
  readonly render: (ind: number) => string;
}

export function block(head: string, render: (ind: number) => string): Block {
  return { type: "block", head, render };
}

export function group(contents: Doc, options: { shouldBreak?: boolean; id?: symbol } = {}): Group {
  return options.id === undefined
    ? { type: "group", contents, break: options.shouldBreak ?? false }
    : { type: "group", contents, break: options.shouldBreak ?? false, id: options.id };
}
export function conditionalGroup(states: readonly Doc[]): Group {
  return { type: "group", contents: states[0]!, break: false, expandedStates: states };
}
export function indent(contents: Doc): Indent {
  return { type: "indent", contents };
}
export function align(n: number, contents: Doc): Align {
  return { type: "align", n, contents };
}
export function ifBreak(breakContents: Doc, flatContents: Doc = "", groupId?: symbol): IfBreak {
  return groupId === undefined ? { type: "if-break", breakContents, flatContents } : { type: "if-break", breakContents, flatContents, groupId };
}
export function indentIfBreak(contents: Doc, groupId: symbol): IndentIfBreak {
  return { type: "indent-if-break", contents, groupId };
}
export const breakParent: BreakParent = { type: "break-parent" };
/** A space when flat, a newline when broken. */
export const line: Line = { type: "line", soft: false, hard: false };
/** Nothing when flat, a newline when broken. */
export const softline: Line = { type: "line", soft: true, hard: false };
const hardlineWithoutBreakParent: Line = { type: "line", soft: false, hard: true };
/** Always a newline; breaks every enclosing group. */
export const hardline: Doc = [hardlineWithoutBreakParent, breakParent];

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(separator);
    out.push(d);
  });
  return out;
}

// ── Printing (a port of Prettier's printDocToString for the docs above) ─────

const PRINT_WIDTH = 80;
const MODE_BREAK = 1;
const MODE_FLAT = 2;
type Mode = typeof MODE_BREAK | typeof MODE_FLAT;

/**
 * The printer's stack of commands (indentation, mode, document), kept as
 * three parallel arrays rather than one object per command: a module has
 * hundreds of thousands of documents, and allocation dominated the time.
 */
class Commands {
  readonly ind: number[] = [];
  readonly mode: Mode[] = [];
  readonly doc: Doc[] = [];
  get length(): number {
    return this.doc.length;
  }
  push(ind: number, mode: Mode, doc: Doc): void {
    this.ind.push(ind);
    this.mode.push(mode);
    this.doc.push(doc);
  }
}

/**
 * Marks every group that contains a hard line (directly or through a broken
 * child group) as broken. A group's contents are visited once: a document
 * is shared only between the states of a conditional group, so only groups
 * reached through those are remembered.
 */
function propagateBreaks(doc: Doc): void {
  const visited = new Set<Group>();
  let shared = 0; // > 0 while inside the states of a conditional group
  const groups: Group[] = [];
  const breakTop = () => {
    const parent = groups[groups.length - 1];
    if (parent && !parent.expandedStates && !parent.break) parent.break = true;
  };
  const EXIT = Symbol("exit");
  const stack: (Doc | typeof EXIT)[] = [doc];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (d === EXIT) {
      const g = stack.pop() as Group | BreakParent;
      if (g.type === "break-parent") breakTop();
      else {
        groups.pop();
        if (g.expandedStates) shared--;
        if (g.break) breakTop();
      }
      continue;
    }
    if (typeof d === "string") continue;
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push(d[i]);
      continue;
    }
    const node = d as Exclude<Doc, string | readonly Doc[]>;
    switch (node.type) {
      case "break-parent":
        stack.push(node, EXIT);
        break;
      case "group":
        stack.push(node, EXIT);
        groups.push(node);
        if (node.expandedStates) shared++;
        if (shared > 0) {
          if (visited.has(node)) break;
          visited.add(node);
        }
        if (node.expandedStates) for (let i = node.expandedStates.length - 1; i >= 0; i--) stack.push(node.expandedStates[i]!);
        else stack.push(node.contents);
        break;
      case "indent":
      case "align":
      case "indent-if-break":
        stack.push(node.contents);
        break;
      case "if-break":
        stack.push(node.flatContents, node.breakContents);
        break;
      case "line":
        break;
      case "block":
        breakTop();
        break;
    }
  }
}

function fits(nextMode: Mode, nextDoc: Doc, rest: Commands, width: number, groupModes: Map<symbol, Mode>): boolean {
  let restIdx = rest.length;
  const modes: Mode[] = [nextMode];
  const docs: Doc[] = [nextDoc];
  while (width >= 0) {
    if (docs.length === 0) {
      if (restIdx === 0) return true;
      restIdx--;
      modes.push(rest.mode[restIdx]!);
      docs.push(rest.doc[restIdx]!);
      continue;
    }
    const mode = modes.pop()!;
    const doc = docs.pop()!;
    if (typeof doc === "string") {
      width -= doc.length;
      continue;
    }
    if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) {
        modes.push(mode);
        docs.push(doc[i]);
      }
      continue;
    }
    const node = doc as Exclude<Doc, string | readonly Doc[]>;
    switch (node.type) {
      case "indent":
      case "align":
      case "indent-if-break":
        modes.push(mode);
        docs.push(node.contents);
        break;
      case "group": {
        const groupMode = node.break ? MODE_BREAK : mode;
        modes.push(groupMode);
        docs.push(node.expandedStates && groupMode === MODE_BREAK ? node.expandedStates[node.expandedStates.length - 1]! : node.contents);
        break;
      }
      case "if-break": {
        const groupMode = node.groupId ? (groupModes.get(node.groupId) ?? MODE_FLAT) : mode;
        modes.push(mode);
        docs.push(groupMode === MODE_BREAK ? node.breakContents : node.flatContents);
        break;
      }
      case "line":
        if (mode === MODE_BREAK || node.hard) return true;
        if (!node.soft) width--;
        break;
      case "break-parent":
        break;
      case "block":
        // A broken group: its head, then a line in break mode, which ends the measure.
        width -= node.head.length;
        return width >= 0;
    }
  }
  return false;
}

const CHUNK_PARTS = 4096;

/** Prints a document at Prettier's defaults (80 columns, two-space indent, LF). */
export function printDoc(doc: Doc): string {
  propagateBreaks(doc);
  const groupModes = new Map<symbol, Mode>();
  // The text is joined a few thousand parts at a time: one array of every
  // part of a large module grew into V8's large-object space, where each
  // push of a new string and the final join were several times slower.
  const chunks: string[] = [];
  let out: string[] = [];
  let pos = 0;
  let shouldRemeasure = false;
  const cmds = new Commands();
  cmds.push(0, MODE_BREAK, doc);
  const newlines: string[] = [];
  const newline = (ind: number) => (newlines[ind] ??= "\n" + " ".repeat(ind));
  const trimTrailing = () => {
    // Prettier trims spaces and tabs before a newline.
    while (out.length > 0) {
      const last = out[out.length - 1]!;
      const end = last.charCodeAt(last.length - 1);
      if (last.length > 0 && end !== 0x20 && end !== 0x09) break;
      const trimmed = last.replace(/[ \t]+$/, "");
      pos -= last.length - trimmed.length;
      if (trimmed.length > 0) {
        out[out.length - 1] = trimmed;
        break;
      }
      out.pop();
    }
  };
  while (cmds.length > 0) {
    const ind = cmds.ind.pop()!;
    const mode = cmds.mode.pop()!;
    const d = cmds.doc.pop()!;
    if (typeof d === "string") {
      out.push(d);
      pos += d.length;
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) cmds.push(ind, mode, d[i]);
      continue;
    }
    const node = d as Exclude<Doc, string | readonly Doc[]>;
    switch (node.type) {
      case "indent":
        cmds.push(ind + 2, mode, node.contents);
        break;
      case "align":
        cmds.push(ind + node.n, mode, node.contents);
        break;
      case "group": {
        let processed = false;
        if (mode === MODE_FLAT && !shouldRemeasure) {
          cmds.push(ind, node.break ? MODE_BREAK : MODE_FLAT, node.contents);
          processed = true;
        }
        if (!processed) {
          shouldRemeasure = false;
          const rem = PRINT_WIDTH - pos;
          if (!node.break && fits(MODE_FLAT, node.contents, cmds, rem, groupModes)) {
            cmds.push(ind, MODE_FLAT, node.contents);
          } else if (node.expandedStates) {
            const states = node.expandedStates;
            const mostExpanded = states[states.length - 1]!;
            if (node.break) {
              cmds.push(ind, MODE_BREAK, mostExpanded);
            } else {
              for (let i = 1; i < states.length + 1; i++) {
                if (i >= states.length) {
                  cmds.push(ind, MODE_BREAK, mostExpanded);
                  break;
                }
                if (fits(MODE_FLAT, states[i]!, cmds, rem, groupModes)) {
                  cmds.push(ind, MODE_FLAT, states[i]!);
                  break;
                }
              }
            }
          } else {
            cmds.push(ind, MODE_BREAK, node.contents);
          }
        }
        if (node.id) groupModes.set(node.id, cmds.mode[cmds.length - 1]!);
        break;
      }
      case "if-break":
      case "indent-if-break": {
        const groupMode = node.groupId ? groupModes.get(node.groupId) : mode;
        if (groupMode === MODE_BREAK) {
          const contents = node.type === "if-break" ? node.breakContents : indent(node.contents);
          cmds.push(ind, mode, contents);
        } else if (groupMode === MODE_FLAT) {
          const contents = node.type === "if-break" ? node.flatContents : node.contents;
          cmds.push(ind, mode, contents);
        }
        break;
      }
      case "line":
        if (mode === MODE_FLAT && !node.hard) {
          if (!node.soft) {
            out.push(" ");
            pos += 1;
          }
          break;
        }
        if (mode === MODE_FLAT) shouldRemeasure = true;
        trimTrailing();
        // Trimming never reaches back past a newline, so the parts before this one are final.
        if (out.length >= CHUNK_PARTS) {
          chunks.push(out.join(""));
          out = [];
        }
        out.push(newline(ind));
        pos = ind;
        break;
      case "break-parent":
        break;
      case "block": {
        const text = node.render(ind);
        out.push(text);
        const lastBreak = text.lastIndexOf("\n");
        pos = lastBreak < 0 ? pos + text.length : text.length - lastBreak - 1;
        shouldRemeasure = false;
        break;
      }
    }
  }
  chunks.push(out.join(""));
  return chunks.join("");
}
