/**
 * Import `.flow` files straight from a bundler: `import { startLead } from
 * "./lead.flow"` compiles the flow during the build and hands the bundler the
 * generated module as plain JavaScript. One plugin, written once against
 * unplugin, served to Vite, esbuild and Rollup (`lawflow/vite`,
 * `lawflow/esbuild`, `lawflow/rollup`).
 *
 * - Lawflow's diagnostics become build errors (and warnings) that carry the
 *   file, line and column, with the code frame and hint in the message.
 * - The files a flow `use`s are watched too, so a change to a policy file
 *   rebuilds every flow that uses it.
 * - Beside each flow it writes `<name>.flow.d.ts` (only when it changed), so
 *   the editor and `tsc` know the module's exact types.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { createUnplugin, type UnpluginBuildContext, type UnpluginContext } from "unplugin";
import { compileFile, location, renderDiagnostics, report as catalogued, type CompileResult, type Diagnostic } from "lawflow/compiler";
import type { LawflowPluginOptions } from "./options.ts";

/** `…/lead.flow?import` → `…/lead.flow`: bundlers add queries to ids. */
const withoutQuery = (id: string) => id.replace(/[?#].*$/, "");
const FLOW_ID = /\.flow(?:[?#].*)?$/;
const VITE_ASSET_QUERY = /\?(?:.*&)?(?:raw|url|inline|worker|sharedworker)(?:[=&#]|$)/;

export const lawflowUnplugin = createUnplugin((options: LawflowPluginOptions | undefined) => {
  const declarations = options?.declarations ?? true;
  return {
    name: "lawflow",
    enforce: "pre",
    load: {
      filter: { id: FLOW_ID },
      handler(this: UnpluginBuildContext & UnpluginContext, id: string) {
        // `support.flow?raw` (its text), `?url` (its address), `?inline`, `?worker`: Vite's own, not a module to compile.
        if (VITE_ASSET_QUERY.test(id)) return;
        const path = withoutQuery(id);
        // The header names the flow beside its declarations, never where the checkout lives, so the
        // `.flow.d.ts` an app commits (for `tsc` before a build) is the same on every machine.
        const result = compileFile(path, { emit: "js", runtimeImport: options?.runtimeImport, sourcePath: basename(path) });
        // Watch every file the flow read, so an edited policy file rebuilds it.
        for (const file of result.files) if (file.path !== path) this.addWatchFile(file.path);
        report(this, result);
        // Rollup and Vite stop at `error()`; esbuild collects errors and reports them with a module's contents.
        if (!result.ok) return "";
        if (declarations) {
          // The bundle does not need them: a source folder that cannot be written (a read-only checkout, a
          // directory in the way) is a warning that says what to do, and the build goes on.
          try {
            writeIfChanged(`${path}.d.ts`, result.declarations!);
          } catch (error) {
            const d = catalogued("write.declarations", { path: `${path}.d.ts`, reason: (error as { code?: string }).code ?? String(error) }, { path });
            this.warn(message(d, renderDiagnostics([d])));
          }
        }
        return result.javascript!;
      },
    },
    // esbuild guesses a loader from the extension, and `.flow` has none; the
    // filter keeps every other file of the build out of this plugin's callback.
    esbuild: { loader: "js", onLoadFilter: FLOW_ID },
  };
});

/**
 * A flow that compiles passes its warnings on one by one. A flow with errors
 * becomes one error at the place of the first, with every diagnostic (errors
 * first) in its message: most bundlers stop at the first error they are given.
 */
function report(context: UnpluginContext, result: CompileResult): void {
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const warnings = result.diagnostics.filter((d) => d.severity === "warning");
  if (errors.length === 0) {
    for (const d of warnings) context.warn(message(d, renderDiagnostics([d])));
    return;
  }
  context.error(message(errors[0]!, renderDiagnostics([...errors, ...warnings])));
}

function message(d: Diagnostic, text: string) {
  const place = d.span ? location(d.span) : undefined;
  const [file, line, column] = place ? splitLocation(place) : [d.path, undefined, undefined];
  return {
    message: text.trimEnd(),
    id: file,
    code: d.code,
    ...(file !== undefined && line !== undefined && column !== undefined ? { loc: { file, line, column } } : {}),
  };
}

/** `path:line:col` → its parts; the path may itself hold colons. */
function splitLocation(place: string): [string, number, number] {
  const match = /^(.*):(\d+):(\d+)$/.exec(place)!;
  return [match[1]!, Number(match[2]), Number(match[3])];
}

/** Rewriting an unchanged declaration file would wake every watcher on it. */
function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  writeFileSync(path, text);
}
