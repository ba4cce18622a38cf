/**
 * Formatting a `.flow` text with Prettier's standalone core and Lawflow's
 * plugin: what `lawflow fmt` and the language server call.
 */
import { format } from "prettier/standalone";
import plugin from "./index.ts";

/**
 * The canonical layout of `text`. Throws a SyntaxError (its message a rendered diagnostic) when it does not parse.
 * Line endings stay as the file has them (a checkout with CRLF, as Git gives it on Windows, stays CRLF), so
 * `lawflow fmt --check` does not call every file of such a checkout unformatted.
 */
export function formatFlow(text: string, path = "input.flow"): Promise<string> {
  return format(text, { parser: "lawflow", plugins: [plugin], filepath: path, endOfLine: "auto" });
}
