/**
 * Every generated module passes `tsc --strict` — with
 * noUncheckedIndexedAccess and exactOptionalPropertyTypes too — and the type
 * tests beside this file hold: each `@ts-expect-error` line fails to compile
 * (an unused directive is itself an error) and every other line compiles.
 * `lawflow/runtime` is mapped to runtime/index.ts, as a user's bundler would.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { stressMachines } from "../golden/stress.ts";
import { emitTypeScript } from "../../compiler/codegen/index.ts";
import { goldenFlows } from "../golden/pipeline.ts";

const root = join(import.meta.dirname, "..", "..");
const temp = mkdtempSync(join(tmpdir(), "lawflow-types-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const options: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  noEmit: true,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  baseUrl: root,
  paths: { "lawflow/runtime": ["runtime/index.ts"] },
};

/**
 * Every diagnostic, the runtime's included: its types are shipped as source,
 * so a user compiling with these options type-checks it too. As `file:line TSxxxx: message`.
 */
function check(files: readonly string[]): string[] {
  const program = ts.createProgram(files, options);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => {
      const where = d.file ? `${d.file.fileName.replace(root + "/", "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

describe("tsc --strict", () => {
  // One program for all files: the runtime is checked once.
  const goldens = [...goldenFlows.map((f) => `${f}.ts`), join(root, "test/types/lead.types.ts")];
  const stress = Object.entries(stressMachines).map(([name, machine]) => {
    const file = join(temp, `${name}.flow.ts`);
    writeFileSync(file, emitTypeScript(machine));
    return file;
  });
  const diagnostics = check([...goldens, ...stress]);

  it("accepts every golden module and the type tests, and rejects each @ts-expect-error line", () => {
    expect(diagnostics.filter((d) => !d.startsWith(temp.replace(root + "/", "")))).toEqual([]);
  });

  it("accepts every stress module (reserved words, escapes, 10,000-character names, wide unions)", () => {
    expect(diagnostics).toEqual([]);
  });
});
