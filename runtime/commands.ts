/**
 * Chat phrases recognised in raw input (`answerText`, through
 * `lawflow/runtime/chat`). Phrases are
 * compared after `norm`: lower case, every run of characters that are not
 * letters or digits made one space, trimmed — so "Forget me!" and "forget  me"
 * are the same phrase. The sets are deliberately small and documented in
 * docs/runtime.md. They are data of the machine (`phrases`), which the
 * compiler writes from `PHRASES` below: a page downloads them with its flow,
 * and the runtime holds no word lists of its own. A flow adds its own
 * withdrawal phrases with `withdraw on`.
 */
import type { ChatPhrases, MachineDefinition } from "./machine.ts";
import type { Command } from "./types.ts";

export type { Command };

/** Normalise a phrase for comparison. Linear: one character class, no backtracking. */
export const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/** The English phrases the compiler writes into every machine, each already normalised. */
export const PHRASES: ChatPhrases = {
  /** Art. 15 — right of access. */
  export: ["what do you know about me", "what data do you have", "show my data", "export my data", "my data"],
  /** Art. 17 — right to erasure. */
  erase: ["forget me", "delete my data", "erase my data", "delete me"],
  /** Declining an optional question. */
  skip: ["skip", "pass", "prefer not to say"],
  yes: ["yes", "y", "yeah", "yep", "sure", "ok", "okay", "true", "i agree"],
  no: ["no", "n", "nope", "no thanks", "false"],
};

/** `true` for a yes phrase, `false` for a no phrase, otherwise undefined. */
export function yesNo(s: string, phrases: ChatPhrases): boolean | undefined {
  const t = s.length < 100 ? norm(s) : "";
  return phrases.yes.includes(t) ? true : phrases.no.includes(t) ? false : undefined;
}

/**
 * The command a chat input is, if any. A flow's own `withdraw on` phrases come
 * first, so they work at any prompt (Art. 7(3): withdrawing is as easy as
 * giving). Long input, or input that is not a string, is never a command
 * and is not normalised.
 */
export function command(text: unknown, m: MachineDefinition): Command | undefined {
  if (typeof text != "string" || text.length > 200) return;
  const t = norm(text);
  if (!t) return;
  for (const p of m.purposes) if (p.withdrawOn.some((w) => norm(w) === t)) return { kind: "withdraw", purpose: p.name };
  // Art. 21: one phrase ("I object") may object to several purposes at once.
  const purposes = m.purposes.filter((p) => p.objectOn?.some((w) => norm(w) === t)).map((p) => p.name);
  if (purposes[0]) return { kind: "object", purposes };
  if (m.phrases.export.includes(t)) return { kind: "export" };
  if (m.phrases.erase.includes(t)) return { kind: "erase" };
}
