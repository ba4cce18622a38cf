/**
 * Canonical JSON: object keys sorted, no whitespace, undefined members left
 * out. Everything that is hashed (receipts, snapshots) is hashed in this form,
 * so the same content always has the same hash.
 *
 * Each object is rebuilt with its entries in sorted order for `JSON.stringify`
 * to print. `Object.fromEntries` defines own members, so even a `__proto__`
 * key stays data. (Integer-like keys would print in numeric order; the
 * runtime hashes none.)
 */
export const canon = (x: unknown): string =>
  JSON.stringify(x, (_, v) => (v && typeof v == "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort((a, b) => (a[0] < b[0] ? -1 : 1))) : v));
