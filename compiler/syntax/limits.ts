/**
 * What Lawflow reads at most. An editor re-reads a file on every keystroke,
 * so a hostile or broken file must never make it wait: inputs past these
 * limits are refused with a diagnostic that names the limit, and everything
 * within them costs at most n log n (test/limits/ doubles each input family
 * and compares).
 */
export const limits = {
  /** Characters in one source file (10 MiB; a 200,000-line flow is about 9.8 MB). */
  sourceLength: 10 * 1024 * 1024,
  /** Characters in one name. Names are identifiers in generated code and keys in stored data. */
  nameLength: 256,
  /** LF101 reports per file; more stray characters add nothing a user can act on. */
  lexicalErrors: 50,
  /** Levels of parentheses and `not` in one condition. */
  conditionDepth: 100,
} as const;

/** `12.3 MB`, `980 kB`: a size in the units people read. */
export function sizeText(characters: number): string {
  if (characters >= 1024 * 1024) return `${(characters / (1024 * 1024)).toFixed(1)} MiB`;
  if (characters >= 1024) return `${(characters / 1024).toFixed(1)} KiB`;
  return `${characters} characters`;
}
