/**
 * `lawflow/rollup`: import `.flow` files in a Rollup build.
 *
 *   import lawflow from "lawflow/rollup";
 *   export default { input: "app.js", plugins: [lawflow(), nodeResolve()] };
 */
import type { Plugin } from "rollup";
import type { LawflowPluginOptions } from "./options.ts";
import { lawflowUnplugin } from "./plugin.ts";

export type { LawflowPluginOptions };

export default function lawflow(options?: LawflowPluginOptions): Plugin {
  return lawflowUnplugin.rollup(options) as Plugin;
}
