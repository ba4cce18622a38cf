/**
 * Layout through Prettier's own document builders and printer
 * (`prettier/doc`): the code generator builds, for each construct it writes,
 * the document Prettier's TypeScript printer builds for it, so the module is
 * exactly what `prettier.format(module, { parser: "typescript" })` returns
 * and compiling needs no formatting pass. `prettier/doc` is a small module
 * of its own, without Prettier's parsers, and is bundled into the CLI.
 */
import { builders, printer } from "prettier/doc";

export type Doc = builders.Doc;

export const { align, breakParent, conditionalGroup, group, hardline, ifBreak, indent, indentIfBreak, join, line, softline } = builders;

/** Prints a document as Prettier's defaults do: 80 columns, two-space indentation. */
export function printDoc(doc: Doc): string {
  return printer.printDocToString(doc, { printWidth: 80, tabWidth: 2, useTabs: false }).formatted;
}
