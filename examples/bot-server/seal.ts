/**
 * The server's own integrity layer, keyed with secrets the server is given
 * at start (never stored beside the data they protect):
 *
 * - each conversation row is sealed with HMAC-SHA-256 over its id, machine
 *   version, capability hash and snapshot, so an edited snapshot, a snapshot
 *   moved to another row or a swapped capability is caught even by someone
 *   who recomputes every SHA-256 in it;
 * - each stored receipt is sealed the same way over its id, position and
 *   JSON, and its hash chain is checked again when it is served.
 *
 * Seals name the key that made them, so keys rotate: the first key of the
 * set seals new writes; the others still open what they sealed, and a
 * conversation moves to the current key on its next write.
 *
 * The runtime's own snapshot hash (SHA-256) still checks the snapshot's
 * structure and receipt chain; the runtime's `key` option is not used,
 * because a runtime snapshot cannot be re-sealed with a new key.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface SealKey {
  readonly id: string;
  readonly secret: string;
}

export class SealKeys {
  readonly current: SealKey;
  readonly #byId: Map<string, SealKey>;

  /** `keys[0]` seals; every key opens. */
  constructor(keys: readonly SealKey[]) {
    if (keys.length === 0) throw new SealKeyError("no seal key given");
    const byId = new Map<string, SealKey>();
    for (const k of keys) {
      if (!/^[A-Za-z0-9_.-]{1,32}$/.test(k.id)) throw new SealKeyError(`seal key id ${JSON.stringify(k.id)} must be 1–32 letters, digits, '.', '_' or '-'`);
      if (k.secret.length < 32)
        throw new SealKeyError(`seal key ${k.id} is ${k.secret.length} characters long; use at least 32 random characters (e.g. \`openssl rand -base64 32\`)`);
      if (byId.has(k.id)) throw new SealKeyError(`seal key id ${k.id} is given twice`);
      byId.set(k.id, k);
    }
    this.current = keys[0]!;
    this.#byId = byId;
  }

  /**
   * Reads `id=secret` pairs separated by commas or newlines, current key
   * first (`LAWFLOW_SEAL_KEYS="2026-12=…,2026-06=…"`). Blank lines and `#`
   * comments are ignored.
   */
  static parse(text: string): SealKeys {
    const keys = text
      .split(/[\n,]/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => {
        const eq = l.indexOf("=");
        if (eq <= 0) throw new SealKeyError("each seal key is written id=secret");
        return { id: l.slice(0, eq).trim(), secret: l.slice(eq + 1).trim() };
      });
    return new SealKeys(keys);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The MAC of `parts` with the current key. */
  seal(parts: readonly string[]): { keyId: string; mac: string } {
    return { keyId: this.current.id, mac: mac(this.current.secret, parts) };
  }

  /** The MAC of `parts` with each key, the current one first: values derived from a secret, which survive key rotation. */
  derive(parts: readonly string[]): string[] {
    return [this.current, ...[...this.#byId.values()].filter((k) => k !== this.current)].map((k) => mac(k.secret, parts));
  }

  /** Whether `claimed` is the MAC of `parts` with key `keyId` (constant time; false for an unknown key). */
  verify(keyId: string, parts: readonly string[], claimed: string): boolean {
    const key = this.#byId.get(keyId);
    return key !== undefined && sameHex(claimed, mac(key.secret, parts));
  }
}

export class SealKeyError extends Error {
  override readonly name = "SealKeyError";
}

/** Length-prefixed, so no two lists of parts give the same input. */
const mac = (secret: string, parts: readonly string[]) => {
  const h = createHmac("sha256", secret);
  for (const p of parts) h.update(`${Buffer.byteLength(p)}:`).update(p);
  return h.digest("hex");
};

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Compares two hex strings in time that does not depend on where they differ. */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  // Unequal lengths are compared against themselves so the time spent does not depend on the guess.
  return x.length === y.length ? timingSafeEqual(x, y) : (timingSafeEqual(y, y), false);
}

/** A capability: 256 random bits, base64url. Only its SHA-256 is stored; a token this long needs no slow hash. */
export const newToken = (): string => randomBytes(32).toString("base64url");

/** The parts a conversation row's seal covers. */
export const rowParts = (id: string, machine: string, tokenHash: string, snapshot: string): string[] => ["conversation", id, machine, tokenHash, snapshot];

/** The parts a stored receipt's seal covers. */
export const receiptParts = (id: string, seq: number, receiptJson: string): string[] => ["receipt", id, String(seq), receiptJson];

/** JSON with object keys sorted, the form a receipt's hash is of. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const ZERO = "0".repeat(64);

/**
 * Checks a conversation's stored receipts: each one's seal, its place, its
 * link to the one before and its own hash (the SHA-256 of its canonical
 * JSON without `hash`, as the runtime makes it). Returns the first problem,
 * or `undefined` if the chain is whole.
 */
export function verifyReceipts(
  keys: SealKeys,
  id: string,
  stored: readonly { seq: number; receipt: unknown; keyId: string; mac: string }[],
): string | undefined {
  let prev = ZERO;
  for (let i = 0; i < stored.length; i++) {
    const s = stored[i]!;
    if (s.seq !== i) return `receipt ${i} is missing`;
    if (!keys.verify(s.keyId, receiptParts(id, s.seq, JSON.stringify(s.receipt)), s.mac)) return `receipt ${i}'s seal does not match`;
    const r = s.receipt as { seq?: unknown; prev?: unknown; hash?: unknown } | null;
    if (r === null || typeof r !== "object" || r.seq !== i || r.prev !== prev) return `receipt ${i} is not linked to the one before`;
    const { hash, ...rest } = r;
    if (typeof hash !== "string" || hash !== sha256Hex(canonicalJson(rest))) return `receipt ${i}'s hash does not match its content`;
    prev = hash;
  }
  return undefined;
}
