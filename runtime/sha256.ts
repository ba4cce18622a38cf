/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), pure and synchronous.
 *
 * Receipts and snapshots are hashed in the browser and in Node alike, in the
 * same call that records them, so neither WebCrypto (asynchronous) nor
 * node:crypto (not in browsers) will do. Written for size, as it ships in
 * every page that runs a flow, but not at any price: the working variables
 * stay eight locals (keeping them in an array that shifts each round is a
 * dozen bytes smaller and five times slower).
 */

const K: number[] = [];
const H: number[] = [];
// The constants are the first 32 bits of the fractional parts of the square
// (H) and cube (K) roots of the first primes; computing them is shorter than
// listing them.
for (let c = 2, i = 0, d; i < 64; c++) {
  // The smallest divisor of c past 1 is c itself: a prime.
  for (d = 2; c % d; d++);
  if (d === c) {
    if (i < 8) H[i] = (c ** 0.5 * 2 ** 32) | 0;
    K[i++] = (c ** (1 / 3) * 2 ** 32) | 0;
  }
}

/** `x` rotated right by `n` bits. */
const r = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** UTF-8 bytes of a string. */
const utf8 = (s: string) => new TextEncoder().encode(s);

/** The SHA-256 digest of bytes, as lowercase hex. */
function hash(m: ArrayLike<number>): string {
  const n = m.length;
  const M: number[] = [];
  const w: number[] = [];
  let h = H.slice();
  // Big-endian words of the message and 0x80, zeros to 14 mod 16 words, the length in bits as two words.
  for (let i = 0; i <= n; i++) M[i >> 2]! |= (i < n ? m[i]! : 128) << (24 - (i % 4) * 8);
  while (M.length % 16 - 14) M.push(0);
  M.push((n / 2 ** 29) | 0, n << 3);
  for (let o = 0; o < M.length; o += 16) {
    let [a, b, c, d, e, f, g, k] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      w[i] = i < 16 ? M[o + i]! : (w[i - 16]! + (r(w[i - 15]!, 7) ^ r(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3)) + w[i - 7]! + (r(w[i - 2]!, 17) ^ r(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10))) | 0;
      const t = k + (r(e, 6) ^ r(e, 11) ^ r(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!;
      const u = (r(a, 2) ^ r(a, 13) ^ r(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      k = g;
      g = f;
      f = e;
      e = (d + t) | 0;
      d = c;
      c = b;
      b = a;
      a = (t + u) | 0;
    }
    h = [a, b, c, d, e, f, g, k].map((x, i) => (x + h[i]!) | 0);
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, "0")).join("");
}

/** Bytes from hex. */
const bytes = (hex: string) => hex.match(/../g)!.map((x) => parseInt(x, 16));

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export const sha256 = (s: string): string => hash(utf8(s));

/** HMAC-SHA-256 of a message under a key (both strings, UTF-8), as lowercase hex. */
export function hmac(key: string, message: string): string {
  let k: ArrayLike<number> = utf8(key);
  if (k.length > 64) k = bytes(hash(k));
  // The key zero-padded to 64 bytes (undefined ^ x is x) XORed with the pad byte, then the tail.
  const pad = (x: number, tail: ArrayLike<number>) => [...Array(64).keys()].map((i) => k[i]! ^ x).concat(Array.from(tail));
  return hash(pad(0x5c, bytes(hash(pad(0x36, utf8(message))))));
}
