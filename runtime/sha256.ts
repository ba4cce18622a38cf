/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), pure and synchronous.
 *
 * Receipts and snapshots are hashed in the browser and in Node alike, in the
 * same call that records them, so neither WebCrypto (asynchronous) nor
 * node:crypto (not in browsers) will do.
 */

const K = new Int32Array(64);
const H: number[] = [];
// The constants are the first 32 bits of the fractional parts of the square
// (H) and cube (K) roots of the first primes; computing them is shorter than
// listing them.
for (let c = 2, i = 0; i < 64; c++) {
  let prime = 1;
  for (let d = 2; d * d <= c; d++) if (c % d === 0) prime = 0;
  if (prime) {
    if (i < 8) H[i] = (c ** 0.5 * 2 ** 32) | 0;
    K[i++] = (c ** (1 / 3) * 2 ** 32) | 0;
  }
}

const ror = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The SHA-256 digest of bytes. */
export function digest(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const total = (((n + 8) >> 6) + 1) << 6;
  const m = new Uint8Array(total);
  m.set(bytes);
  m[n] = 0x80;
  const dv = new DataView(m.buffer);
  dv.setUint32(total - 8, n / 2 ** 29);
  dv.setUint32(total - 4, n << 3);
  const h = Int32Array.from(H);
  const w = new Int32Array(64);
  for (let o = 0; o < total; o += 64) {
    let a = h[0]!,
      b = h[1]!,
      c = h[2]!,
      d = h[3]!,
      e = h[4]!,
      f = h[5]!,
      g = h[6]!,
      k = h[7]!;
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = dv.getInt32(o + i * 4);
      else {
        const x = w[i - 15]!;
        const y = w[i - 2]!;
        w[i] = w[i - 16]! + (ror(x, 7) ^ ror(x, 18) ^ (x >>> 3)) + w[i - 7]! + (ror(y, 17) ^ ror(y, 19) ^ (y >>> 10));
      }
    }
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0]! += a;
    h[1]! += b;
    h[2]! += c;
    h[3]! += d;
    h[4]! += e;
    h[5]! += f;
    h[6]! += g;
    h[7]! += k;
  }
  const out = new DataView(new ArrayBuffer(32));
  h.forEach((x, i) => out.setInt32(i * 4, x));
  return new Uint8Array(out.buffer);
}

const hex = (b: Uint8Array) => Array.from(b, (x) => (x + 256).toString(16).slice(1)).join("");

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export const sha256 = (s: string): string => hex(digest(utf8(s)));

/** HMAC-SHA-256 of a message under a key (both strings, UTF-8), as lowercase hex. */
export function hmac(key: string, message: string): string {
  let k = utf8(key);
  if (k.length > 64) k = digest(k);
  const msg = utf8(message);
  const pad = (x: number, tail: Uint8Array) => {
    const b = new Uint8Array(64 + tail.length);
    for (let i = 0; i < 64; i++) b[i] = (k[i] ?? 0) ^ x;
    b.set(tail, 64);
    return b;
  };
  return hex(digest(pad(0x5c, digest(pad(0x36, msg)))));
}
