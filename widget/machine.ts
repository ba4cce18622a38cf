/** Looking things up in the compiled machine by the names the runtime and the transcript use. */
import type { MachineDefinition } from "lawflow/runtime";

/** The machine's field named `name`. */
export const fieldOf = (machine: MachineDefinition, name: string) => machine.fields.find((f) => f.name === name);

/** The machine's purpose named `name`. */
export const purposeOf = (machine: MachineDefinition, name: string) => machine.purposes.find((p) => p.name === name);
