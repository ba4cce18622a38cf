/**
 * Chevrotain validates a grammar when it is built. That is worth its cost in
 * tests (a broken grammar fails loudly) and wasted in the shipped CLI, so it is
 * on only under vitest or NODE_ENV=test.
 */
export const validateGrammar: boolean =
  typeof process !== "undefined" &&
  typeof process.env === "object" &&
  (!!process.env.VITEST || process.env.NODE_ENV === "test");
