/**
 * SHA-256 (FIPS 180-4), pure and synchronous.
 *
 * Receipts and snapshots are hashed in the browser and in Node alike, in the
 * same call that records them, so neither WebCrypto (asynchronous) nor
 * node:crypto (not in browsers) will do. It ships in every page that runs a
 * flow, so it is written for size: a page hashes a few kilobytes per
 * message. A host that hashes much more (a bot server) hands in a faster
 * one (`options.hashes`, e.g. Node's `crypto`). HMAC-SHA-256 is a separate
 * entry (hmac.ts, `lawflow/runtime/hmac`).
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

export const encoder = new TextEncoder();

/**
 * SHA-256 of a string's UTF-8 bytes (or of bytes), as lowercase hex. The
 * working variables stay eight locals: keeping them in an array that shifts
 * each round is a dozen bytes smaller and five times slower.
 */
export function sha256(s: string | ArrayLike<number>): string {
  const m = typeof s == "string" ? encoder.encode(s) : s;
  const n = m.length;
  const M: number[] = [];
  const w: number[] = [];
  let h = H.slice();
  // Big-endian words of the message and 0x80, zeros to 14 mod 16 words, the length in bits as two words.
  for (let i = 0; i <= n; i++) M[i >> 2]! |= (i < n ? m[i]! : 128) << (24 - (i % 4) * 8);
  while ((M.length % 16) - 14) M.push(0);
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
