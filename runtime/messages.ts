/**
 * Short English messages for refused answers, naming what is wanted
 * ("Please give your email address.", "Please pick one of: Basic, Pro,
 * Enterprise."). A separate entry (`lawflow/runtime/messages`): a host that
 * shows its own texts (translations) or only the codes does not download it.
 *
 * ```ts
 * import { englishMessages } from "lawflow/runtime/messages";
 * createConversation(machine, { messages: englishMessages });
 * ```
 */
import type { FieldDef } from "./machine.ts";
import type { RefusalCode } from "./types.ts";

/** The message for a refusal at a field (none at a consent request). */
export const englishMessages = (code: RefusalCode, field?: FieldDef): string =>
  code === "too_long" || code === "out_of_range"
    ? `That is ${code.replace("_", " ")}.`
    : !field
      ? "Please answer yes or no."
      : field.type.kind === "choice"
        ? "Please pick one of: " + field.type.options.map((o) => o.label).join(", ") + "."
        : `Please give ${field.label}${field.type.kind === "date" ? " (YYYY-MM-DD)" : ""}.`;
