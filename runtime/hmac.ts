/**
 * HMAC-SHA-256 (RFC 2104), pure and synchronous, for snapshots sealed with a
 * key. A separate entry (`lawflow/runtime/hmac`): only hosts that seal with
 * a key need it, and a host with a faster one (Node's `crypto`) hands that
 * in instead.
 *
 * ```ts
 * import { hmacSha256 } from "lawflow/runtime/hmac";
 * createConversation(machine, { key, hashes: { hmacSha256 } });
 * ```
 */
import { encoder, sha256 } from "./sha256.ts";

/** Bytes from hex. */
const unhex = (hex: string) => hex.match(/../g)!.map((x) => parseInt(x, 16));

/** HMAC-SHA-256 of a message under a key (both strings, UTF-8), as lowercase hex. */
export function hmacSha256(key: string, message: string): string {
  let k: ArrayLike<number> = encoder.encode(key);
  if (k.length > 64) k = unhex(sha256(k));
  // The key zero-padded to 64 bytes (undefined ^ x is x) XORed with the pad byte, then the tail.
  const pad = (x: number, tail: ArrayLike<number>) => [...Array(64).keys()].map((i) => k[i]! ^ x).concat(Array.from(tail));
  return sha256(pad(0x5c, unhex(sha256(pad(0x36, encoder.encode(message))))));
}
