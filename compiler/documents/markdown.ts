/**
 * Markdown escaping, the one door author text goes through into a Markdown
 * document (the notice, the record).
 */

/**
 * Escapes text inside a Markdown line: every character that could start
 * inline markup is backslash-escaped (CommonMark allows it before any ASCII
 * punctuation), and `<`/`&` so that no author string becomes HTML or an
 * entity when the Markdown is rendered. Line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, " ")
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** Escapes text that starts a line: also what would open a heading, a list or a rule there. */
export function escapeMarkdownBlock(text: string): string {
  return escapeMarkdown(text)
    .replace(/^(\d+)([.)])/, "$1\\$2")
    .replace(/^([#+=-])/, "\\$1");
}
