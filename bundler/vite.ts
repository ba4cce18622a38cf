/**
 * `lawflow/vite`: import `.flow` files in a Vite app.
 *
 *   import lawflow from "lawflow/vite";
 *   export default defineConfig({ plugins: [lawflow()] });
 */
import type { Plugin } from "vite";
import type { LawflowPluginOptions } from "./options.ts";
import { lawflowUnplugin } from "./plugin.ts";

export type { LawflowPluginOptions };

export default function lawflow(options?: LawflowPluginOptions): Plugin {
  return lawflowUnplugin.vite(options) as Plugin;
}
