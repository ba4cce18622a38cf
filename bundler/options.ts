/**
 * The options of Lawflow's bundler plugins. Apart from plugin.ts so that an
 * app's type-check reads these and its own bundler's types, never unplugin's
 * (which name every bundler unplugin supports).
 */
export interface LawflowPluginOptions {
  /**
   * Write `<name>.flow.d.ts` beside each imported flow, so that TypeScript
   * and editors see its types. Default `true`; turn it off when another
   * step (`lawflow compile --emit js`) writes them.
   */
  readonly declarations?: boolean;
  /** The module the generated code imports the runtime from. Default `lawflow/runtime`. */
  readonly runtimeImport?: string;
}
