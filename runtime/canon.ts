/**
 * Canonical JSON: object keys sorted, no whitespace, undefined members left
 * out. Everything that is hashed (receipts, snapshots) is hashed in this form,
 * so the same content always has the same hash.
 */
export function canon(x: unknown): string {
  if (Array.isArray(x)) return "[" + x.map(canon).join() + "]";
  if (x && typeof x == "object")
    return (
      "{" +
      Object.keys(x)
        .sort()
        .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
        .map((k) => JSON.stringify(k) + ":" + canon((x as Record<string, unknown>)[k]))
        .join() +
      "}"
    );
  return JSON.stringify(x);
}
