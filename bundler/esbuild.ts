/**
 * `lawflow/esbuild`: import `.flow` files in an esbuild build.
 *
 *   import lawflow from "lawflow/esbuild";
 *   await build({ entryPoints: ["app.ts"], bundle: true, plugins: [lawflow()] });
 */
import type { Plugin } from "esbuild";
import type { LawflowPluginOptions } from "./options.ts";
import { lawflowUnplugin } from "./plugin.ts";

export type { LawflowPluginOptions };

export default function lawflow(options?: LawflowPluginOptions): Plugin {
  return lawflowUnplugin.esbuild(options);
}
