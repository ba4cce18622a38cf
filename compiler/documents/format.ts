/**
 * What a document format is: a name in the registry (formats.ts) and a
 * function from checked programs to the document's text. A format builds
 * what it needs itself — the documents model, the notice, the diagram — so
 * nothing is built that the format asked for does not read.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Program } from "../program.ts";

export interface DocumentFormat {
  /** What the format is, for help texts: "Markdown", "a Mermaid flowchart". */
  readonly description: string;
  /**
   * The document of the programs, each a flow that passed every check. A
   * notice or a record covers them all; a diagram draws the first. A format
   * that cannot write the document of these programs throws
   * {@link DocumentRefused}.
   */
  readonly render: (programs: readonly Program[]) => string | Promise<string>;
}

/** The flow a diagram draws. A diagram of no flow is a bug in the caller. */
export function firstProgram(programs: readonly Program[]): Program {
  const first = programs[0];
  if (!first) throw new Error("internal: a diagram needs a flow, and none was given");
  return first;
}

/** A document a format will not write, with the diagnostic that says why and what to do instead. */
export class DocumentRefused extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = "DocumentRefused";
  }
}
