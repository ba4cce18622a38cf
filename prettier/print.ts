/**
 * The canonical layout of a `.flow` file, as a Prettier document (built with
 * `prettier/doc`): one statement per line, a step's options and a consent's
 * outcomes on their own lines beneath it, a purpose's items one per line in
 * its block, long lists broken after their commas, one blank line at most
 * between statements and always one around a purpose block.
 *
 * Formatting only moves whitespace and comments. Every token is printed as it
 * was written (a string keeps its escapes, a number its digits), in its
 * order, and a line break is only ever put where the parser cannot take it
 * for the start of a statement — so the formatted file parses to the same
 * AST, which `prettier/print.test.ts` checks on generated and fuzzed flows.
 */
import type { IToken } from "chevrotain";
import type { Doc } from "prettier";
import { builders } from "prettier/doc";
import type { Declaration, FlowFile, PurposeDecl, PurposeItem, Step } from "../compiler/ast.ts";
import type { Comment } from "../compiler/syntax/lexer.ts";

const { group, hardline, indent, line } = builders;

/** What the printer needs: the file's AST, its tokens and its comments. */
export interface FlowDocument {
  readonly text: string;
  readonly ast: FlowFile;
  readonly tokens: readonly IToken[];
  readonly comments: readonly Comment[];
}

type Item = { readonly start: number; readonly end: number };

/** Tokens that are glued to the token before them. */
const NO_SPACE_BEFORE = new Set([",", ")", "..", ".", ":"]);
/** Tokens that are glued to the token after them. */
const NO_SPACE_AFTER = new Set(["(", "..", "."]);
/** Words that take their parenthesis directly: `text(100)`, `known(email)`. */
const CALL_WORDS = new Set(["text", "integer", "number", "choice", "known", "given"]);
/** How many tokens each option of an ask and outcome of a consent has, by its first: each gets a line. */
const OPTION_LENGTHS: Readonly<Record<string, number>> = { when: 4, optional: 1, "->": 2, retry: 5, given: 3, refused: 3 };

export function printFlow(d: FlowDocument): Doc {
  return new Printer(d).file();
}

class Printer {
  /** Comments not yet printed, in order. */
  private next = 0;

  constructor(private readonly d: FlowDocument) {}

  file(): Doc {
    const items: (Declaration | Step)[] = [...this.d.ast.declarations, ...this.d.ast.steps].sort((a, b) => a.span.start - b.span.start);
    const parts: Doc[] = [];
    let previous: (Declaration | Step) | undefined;
    for (const item of items) {
      if (previous) {
        // A blank line before the comments that lead the statement, if the source had one there.
        const firstLeading = this.next < this.d.comments.length ? Math.min(this.d.comments[this.next]!.span.start, item.span.start) : item.span.start;
        const blank = previous.kind === "purpose" || item.kind === "purpose" || this.blankLineBetween(previous.span.end, firstLeading);
        parts.push(hardline);
        if (blank) parts.push(hardline);
      }
      parts.push(this.commentsBefore(item.span.start), this.statement(item), this.trailingComment(item.span.end));
      previous = item;
    }
    if (this.next < this.d.comments.length) {
      if (previous) parts.push(hardline, this.blankLineBetween(previous.span.end, this.d.comments[this.next]!.span.start) ? hardline : "");
      const rest = this.commentsBefore(Infinity);
      // The last comment's own line break is the file's final one.
      while (rest[rest.length - 1] === hardline) rest.pop();
      parts.push(rest);
    }
    parts.push(hardline);
    return parts;
  }

  // ── Statements ──────────────────────────────────────────────────────────────

  private statement(item: Declaration | Step): Doc {
    if (item.kind === "purpose") return this.purpose(item);
    if (item.kind === "ask" || item.kind === "consent") return this.withOptions(item);
    // A field stays on one line: its choice's options read best together.
    return group(this.tokens(this.tokensIn(item.span), item.kind !== "field"));
  }

  private purpose(p: PurposeDecl): Doc {
    const tokens = this.tokensIn(p.span);
    const open = tokens.findIndex((t) => t.image === "{");
    const head = this.tokens(tokens.slice(0, open + 1));
    const items: Doc[] = [];
    for (const item of p.items) {
      items.push(hardline, this.commentsBefore(item.span.start), this.purposeItem(item), this.trailingComment(item.span.end));
    }
    const closing = tokens[tokens.length - 1]!;
    const inner = this.commentsBefore(closing.startOffset);
    while (inner[inner.length - 1] === hardline) inner.pop();
    return [head, indent([...items, inner.length > 0 ? [hardline, inner] : ""]), hardline, "}"];
  }

  private purposeItem(item: PurposeItem): Doc {
    return group(this.tokens(this.tokensIn(item.span), true));
  }

  /** An ask or a consent: the head on one line, each option or outcome on a line of its own. */
  private withOptions(step: Step): Doc {
    const tokens = this.tokensIn(step.span);
    const headEnd = this.headEnd(step, tokens);
    const lines: IToken[][] = [tokens.slice(0, headEnd)];
    for (let i = headEnd; i < tokens.length; ) {
      let length = OPTION_LENGTHS[tokens[i]!.image] ?? 1;
      // `keeps a, b, …`: the word and its list, however long.
      if (tokens[i]!.image === "keeps") for (length = 2; tokens[i + length]?.image === ","; length += 2);
      lines.push(tokens.slice(i, i + length));
      i += length;
    }
    const [head, ...options] = lines;
    const endOf = (ts: readonly IToken[]) => ts[ts.length - 1]!.startOffset + ts[ts.length - 1]!.image.length;
    // A comment on a line of its own before an option stays above it, and one
    // at the end of an option's line stays at the end of it, not in the next.
    const printed: Doc[] = [group(this.tokens(head!, true)), options.length > 0 ? this.trailingComment(endOf(head!)) : ""];
    const below = options.map((o) => [hardline, this.commentsBefore(o[0]!.startOffset), this.tokens(o), o === options[options.length - 1] ? "" : this.trailingComment(endOf(o))]);
    return [printed, indent(below)];
  }

  /** Where the head of an ask (after its last `for … under …`) or a consent (after its request) ends. */
  private headEnd(step: Step, tokens: readonly IToken[]): number {
    const end = step.kind === "ask" ? step.purposes[step.purposes.length - 1]!.span.end : step.kind === "consent" ? step.request.span.end : step.span.end;
    const i = tokens.findIndex((t) => t.startOffset >= end);
    return i < 0 ? tokens.length : i;
  }

  // ── Tokens ──────────────────────────────────────────────────────────────────

  /** The index of the first token that starts at or after `offset`. */
  private firstTokenFrom(offset: number): number {
    const all = this.d.tokens;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid]!.startOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private tokensIn(span: Item): IToken[] {
    const all = this.d.tokens;
    const lo = this.firstTokenFrom(span.start);
    const out: IToken[] = [];
    for (let i = lo; i < all.length && all[i]!.startOffset < span.end; i++) out.push(all[i]!);
    return out;
  }

  /**
   * Tokens as written, one space apart except where punctuation is glued, with
   * the comments among them. With `breakable`, a line may break after each
   * comma (a comma at the end of a line never lets a statement start).
   */
  private tokens(tokens: readonly IToken[], breakable = false): Doc {
    const parts: Doc[] = [];
    let forced = false;
    tokens.forEach((t, i) => {
      const inner = i > 0 ? this.commentsBefore(t.startOffset, true) : [];
      if (inner.length > 0) {
        parts.push(" ", inner);
        forced = this.d.comments[this.next - 1]!.kind === "line";
      }
      if (i > 0) {
        const prev = tokens[i - 1]!;
        if (forced) parts.push(hardline);
        else if (prev.image === "," && breakable) parts.push(line);
        else if (!NO_SPACE_BEFORE.has(t.image) && !NO_SPACE_AFTER.has(prev.image) && !(t.image === "(" && CALL_WORDS.has(prev.image))) parts.push(" ");
        forced = false;
      }
      parts.push(t.image);
    });
    // Indented either way: a line comment inside a field's choice list forces a break, and the line after it belongs to the field.
    return indent(parts);
  }

  // ── Comments ────────────────────────────────────────────────────────────────

  /**
   * The comments before `offset` not yet printed. Between statements each
   * keeps its own line; `inline`, inside a statement, they stay where they
   * were among its tokens.
   */
  private commentsBefore(offset: number, inline = false): Doc[] {
    const out: Doc[] = [];
    const comments = this.d.comments;
    while (this.next < comments.length && comments[this.next]!.span.start < offset) {
      const c = comments[this.next++]!;
      if (inline) {
        // A line comment ends its line: the next comment starts on another, or it would become part of it.
        if (out.length > 0) out.push(comments[this.next - 2]!.kind === "line" ? hardline : " ");
        out.push(Printer.text(c));
        continue;
      }
      const onLineOfNext = c.kind === "block" && !this.lineBreakBetween(c.span.end, offset);
      out.push(Printer.text(c), onLineOfNext ? " " : hardline);
      if (onLineOfNext) continue;
      // Keep one blank line after the comment where the source had one, before the next comment or the statement.
      const following = this.next < comments.length && comments[this.next]!.span.start < offset ? comments[this.next]!.span.start : offset;
      if (following !== Infinity && this.blankLineBetween(c.span.end, following)) out.push(hardline);
    }
    return out;
  }

  /**
   * A comment that ends the line a statement ends on, with no token between
   * them: in `{ basis contract needs a, COMMENT b }` on one line, the comment
   * stays in the needs, not after the basis.
   */
  private trailingComment(end: number): Doc {
    const comments = this.d.comments;
    const parts: Doc[] = [];
    const nextToken = this.d.tokens[this.firstTokenFrom(end)]?.startOffset ?? Infinity;
    while (this.next < comments.length && !this.lineBreakBetween(end, comments[this.next]!.span.start) && comments[this.next]!.span.start < nextToken) {
      const c = comments[this.next++]!;
      parts.push(" ", Printer.text(c));
      if (c.kind === "line") break;
      end = c.span.end;
    }
    return parts;
  }

  /** A comment as printed: a line comment without trailing spaces, as every printed line. */
  private static text(c: Comment): string {
    return c.kind === "line" ? c.text.trimEnd() : c.text;
  }

  private lineBreakBetween(from: number, to: number): boolean {
    const text = this.d.text;
    for (let o = from; o < to && o < text.length; o++) {
      const c = text.charCodeAt(o);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  /** Is there an empty line (two line breaks with only spaces between) in [from, to)? */
  private blankLineBetween(from: number, to: number): boolean {
    const text = this.d.text;
    let breaks = 0;
    for (let o = from; o < to && o < text.length; o++) {
      const c = text.charCodeAt(o);
      if (c === 10) {
        if (++breaks === 2) return true;
      } else if (c === 13) {
        if (text.charCodeAt(o + 1) !== 10 && ++breaks === 2) return true;
      } else if (c !== 32 && c !== 9) breaks = 0;
    }
    return false;
  }
}

