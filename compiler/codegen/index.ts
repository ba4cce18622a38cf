/**
 * Code generation: a machine definition → the TypeScript module that holds
 * it with its precise types. The one entry point is {@link emitTypeScript};
 * module.ts lays out the module, values.ts prints the machine as data,
 * literals.ts and names.ts are the doors author text passes through.
 */
import type { MachineDefinition } from "../../runtime/machine.ts";
import { printDoc } from "./doc.ts";
import { moduleDoc } from "./module.ts";
import type { EmitTypeScriptOptions } from "./options.ts";

export type { EmitTypeScriptOptions, ModuleForm } from "./options.ts";

/** The generated module's text in the form asked for (`ts` by default), formatted as Prettier formats it. Pure. */
export function emitTypeScript(machine: MachineDefinition, options: EmitTypeScriptOptions = {}): string {
  return printDoc(moduleDoc(machine, options));
}
