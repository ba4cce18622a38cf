/**
 * The transcript: what was said, in order, without the answers themselves.
 * A visitor's answer is kept as the name of its field and shown as the value
 * held now; a bot line that quotes answers ("Thanks, {company}!") is kept as
 * its step and filled in again when drawn. So a withdrawn or erased value
 * leaves the screen and the stored transcript as it leaves the runtime.
 */
import type { ExportData, FieldValue, MachineDefinition, TextTemplate } from "lawflow/runtime";
import { fieldOf } from "./machine.ts";
import { ENGLISH, type Words } from "./words.ts";

export interface Entry {
  readonly by: "bot" | "you" | "note";
  /** Epoch milliseconds. */
  readonly at: number;
  /** A bot line: the step whose text it is (filled in when drawn). */
  readonly node?: number;
  /** A visitor's answer: the field that holds it. */
  readonly field?: string;
  /** Anything else: the text as said. */
  readonly text?: string;
  /** A question: the purposes it was asked for, for "Why are we asking?". */
  readonly why?: readonly string[];
}

/** The value held for each field, as a person reads it (a choice's label, Yes or No). */
export function heldTexts(machine: MachineDefinition, data: ExportData, w: Words = ENGLISH): Map<string, string> {
  const texts = new Map<string, string>();
  for (const held of data.data) texts.set(held.field, valueText(machine, held.field, held.value, w));
  return texts;
}

function valueText(machine: MachineDefinition, field: string, value: FieldValue, w: Words): string {
  const type = fieldOf(machine, field)?.type;
  if (type?.kind === "choice") return type.options.find((o) => o.value === value)?.label ?? String(value);
  return typeof value === "boolean" ? (value ? w.yes : w.no) : String(value);
}

/** A template filled with what is held now; an unheld field is left empty, as the runtime does. */
export const fill = (template: TextTemplate, held: Map<string, string>): string =>
  template.map((part) => (typeof part === "string" ? part : (held.get(part.field) ?? ""))).join("");

/** The step of the machine whose text, filled in now, is `text` (so it can be filled in again later). */
export function nodeOf(machine: MachineDefinition, text: string, held: Map<string, string>, step?: string | null): number | undefined {
  const i = machine.nodes.findIndex((n) => (step ? "id" in n && n.id === step : n.kind === "say" && fill(n.text, held) === text));
  return i < 0 ? undefined : i;
}

const isEntry = (e: Entry, machine: MachineDefinition): boolean =>
  (e.by === "bot" || e.by === "you" || e.by === "note") &&
  Number.isFinite(e.at) &&
  (e.node === undefined || (Number.isInteger(e.node) && "text" in (machine.nodes[e.node] ?? {}))) &&
  (e.field === undefined || typeof e.field === "string") &&
  (e.text === undefined || typeof e.text === "string") &&
  (e.why === undefined || (Array.isArray(e.why) && e.why.every((p) => typeof p === "string")));

/** A stored transcript, with anything malformed left out (it is only what was shown; the snapshot is the record). */
export const readTranscript = (x: unknown, machine: MachineDefinition): Entry[] =>
  Array.isArray(x) ? x.filter((e) => e && typeof e === "object" && isEntry(e as Entry, machine)) : [];
