/**
 * The module in one of three forms: `ts` one TypeScript module; `js` the same
 * module as plain JavaScript, and `dts` its declarations — the pair a
 * JavaScript app or a bundler plugin needs (`X.flow.js` + `X.flow.d.ts`).
 */
export type ModuleForm = "ts" | "js" | "dts";

export interface EmitTypeScriptOptions {
  /** Which form of the module to print. Default `ts`. */
  readonly form?: ModuleForm;
  /** The module specifier of the runtime. Default `lawflow/runtime`. */
  readonly runtimeImport?: string;
  /** The `.flow` file the machine came from, named in the header comment. */
  readonly sourcePath?: string;
}
