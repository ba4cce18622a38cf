/**
 * `lawflow/prettier` — a Prettier plugin for `.flow` files:
 *
 *   // .prettierrc
 *   { "plugins": ["lawflow/prettier"] }
 *
 * It parses with Lawflow's own parser (a file with a syntax error is not
 * formatted: Prettier shows the error) and prints the canonical layout of
 * `print.ts`. `lawflow fmt` uses the same plugin.
 */
import type { Parser, Plugin, Printer, SupportLanguage } from "prettier";
import { lex } from "../compiler/syntax/lexer.ts";
import { parseFlow } from "../compiler/syntax/parse.ts";
import type { Diagnostic } from "../compiler/diagnostics/diagnostic.ts";
import { location, renderDiagnostic } from "../compiler/diagnostics/render.ts";
import { positionAt, sourceFile } from "../compiler/source.ts";
import { printFlow, type FlowDocument } from "./print.ts";

/**
 * The root node Prettier holds: the document and its place. The document is
 * one property down because Prettier takes a root's own `comments` to attach
 * by its rules; Lawflow places its comments itself.
 */
interface FlowRoot {
  readonly type: "flow-root";
  readonly start: number;
  readonly end: number;
  readonly document: FlowDocument;
}

export const languages: SupportLanguage[] = [
  {
    name: "Lawflow",
    parsers: ["lawflow"],
    extensions: [".flow"],
    vscodeLanguageIds: ["lawflow"],
    linguistLanguageId: undefined,
  },
];

/** Parses for formatting: the AST, the tokens and the comments, or the first syntax error. */
export function parseForFormat(text: string, path = "input.flow"): FlowDocument {
  const file = sourceFile(path, text);
  const parsed = parseFlow(file);
  const error = parsed.diagnostics.find((d) => d.severity === "error");
  if (error) throw syntaxError(error);
  return { text, ast: parsed.ast, tokens: lex(file).tokens, comments: parsed.comments };
}

/**
 * A syntax error as Prettier expects a parser's: with `loc` (1-based line and
 * column), from which Prettier draws the code frame itself and which tells its
 * command line that this is the file's fault, not a crash to print with a
 * stack trace. The message is the diagnostic's code, text, place and hint.
 */
function syntaxError(d: Diagnostic): SyntaxError {
  if (!d.span) return Object.assign(new SyntaxError(renderDiagnostic(d, { color: false })), { code: d.code });
  const start = positionAt(d.span.file, d.span.start);
  const end = positionAt(d.span.file, d.span.end);
  const message = [`${d.severity}[${d.code}]: ${d.message}`, `  --> ${location(d.span)}`, ...(d.hint ? [`  = hint: ${d.hint}`] : [])].join("\n");
  return Object.assign(new SyntaxError(message), { code: d.code, loc: { start, end } });
}

export const parsers: Record<string, Parser<FlowRoot>> = {
  lawflow: {
    astFormat: "lawflow-ast",
    parse: (text, options) => ({ type: "flow-root", start: 0, end: text.length, document: parseForFormat(text, options.filepath) }),
    locStart: (node) => node.start,
    locEnd: (node) => node.end,
  },
};

export const printers: Record<string, Printer<FlowRoot>> = {
  "lawflow-ast": {
    print: (path) => printFlow(path.node.document),
  },
};

/** A flow's lines are sentences; 120 columns keeps most asks on one line. */
export const defaultOptions = { printWidth: 120 };

const plugin: Plugin<FlowRoot> = { languages, parsers, printers, defaultOptions };
export default plugin;
