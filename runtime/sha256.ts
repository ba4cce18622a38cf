/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), pure and synchronous.
 *
 * Receipts and snapshots are hashed in the browser and in Node alike, in the
 * same call that records them, so neither WebCrypto (asynchronous) nor
 * node:crypto (not in browsers) will do. It ships in every page that runs a
 * flow and runs on every receipt and snapshot, so it is written for both
 * size and speed: the message, the schedule and the state live in typed
 * arrays that are reused from call to call, so hashing allocates nothing but
 * the hex string it returns (a bot worker hashes every snapshot it stores).
 */

const K = new Int32Array(64);
const H = new Int32Array(8);
// The constants are the first 32 bits of the fractional parts of the square
// (H) and cube (K) roots of the first primes; computing them is shorter than
// listing them.
for (let c = 2, i = 0, d; i < 64; c++) {
  // The smallest divisor of c past 1 is c itself: a prime.
  for (d = 2; c % d; d++);
  if (d === c) {
    if (i < 8) H[i] = c ** 0.5 * 2 ** 32;
    K[i++] = c ** (1 / 3) * 2 ** 32;
  }
}

/** The message schedule and the running state. */
const W = new Int32Array(64);
const S = new Int32Array(8);
/** The message, padded; grown when a longer one comes. */
let bytes = new Uint8Array(1024);
let view = new DataView(bytes.buffer);
const encoder = new TextEncoder();

/** Each byte's two hex digits. */
const HEX = [...Array(256)].map((_, i) => (i + 256).toString(16).slice(1));

/** `x` rotated right by `n` bits. */
const r = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/**
 * The SHA-256 digest of the first `n` bytes of `bytes`, as lowercase hex.
 * Sums are kept to 32 bits at every step (`| 0`) so the engine never falls
 * back to floating point.
 */
function digest(n: number): string {
  // The bytes and 0x80, zeros to 56 mod 64 bytes, the length in bits as a 64-bit word.
  const end = (((n + 8) >> 6) + 1) << 6;
  bytes.fill(0, n, end)[n] = 128;
  view.setUint32(end - 8, n / 2 ** 29);
  view.setUint32(end - 4, n << 3);
  S.set(H);
  for (let o = 0; o < end; o += 64) {
    for (let i = 0, x, y; i < 64; i++)
      W[i] =
        i < 16
          ? view.getInt32(o + i * 4)
          : ((x = W[i - 15]!), (y = W[i - 2]!), ((((r(x, 7) ^ r(x, 18) ^ (x >>> 3)) + W[i - 16]!) | 0) + ((r(y, 17) ^ r(y, 19) ^ (y >>> 10)) + W[i - 7]!)) | 0);
    let a = S[0]!,
      b = S[1]!,
      c = S[2]!,
      d = S[3]!,
      e = S[4]!,
      f = S[5]!,
      g = S[6]!,
      h = S[7]!;
    for (let i = 0, x; i < 64; i++) {
      x = ((((r(e, 6) ^ r(e, 11) ^ r(e, 25)) + ((e & f) ^ (~e & g))) | 0) + ((h + ((K[i]! + W[i]!) | 0)) | 0)) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + x) | 0;
      d = c;
      c = b;
      b = a;
      a = (x + (((r(b, 2) ^ r(b, 13) ^ r(b, 22)) + ((b & c) ^ (b & d) ^ (c & d))) | 0)) | 0;
    }
    S[0]! += a;
    S[1]! += b;
    S[2]! += c;
    S[3]! += d;
    S[4]! += e;
    S[5]! += f;
    S[6]! += g;
    S[7]! += h;
  }
  let hex = "";
  for (const x of S) hex += HEX[x >>> 24]! + HEX[(x >> 16) & 255] + HEX[(x >> 8) & 255] + HEX[x & 255];
  return hex;
}

/** Put a string's UTF-8 bytes (or the given bytes) in `bytes` and return their number. */
function load(m: string | ArrayLike<number>): number {
  // Room for the longest UTF-8 form of the message and its padding.
  if (bytes.length < 3 * m.length + 72) view = new DataView((bytes = new Uint8Array(6 * m.length + 72)).buffer);
  if (typeof m == "string") {
    // Most of what is hashed is short ASCII JSON: copied here, that is quicker than a call into the engine.
    for (let i = 0, c; i < m.length; i++) if (i > 4095 || (bytes[i] = c = m.charCodeAt(i)) > 127) return encoder.encodeInto(m, bytes).written;
    return m.length;
  }
  bytes.set(m);
  return m.length;
}

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export const sha256 = (s: string | ArrayLike<number>): string => digest(load(s));

/** Bytes from hex. */
const unhex = (hex: string) => hex.match(/../g)!.map((x) => parseInt(x, 16));

/** HMAC-SHA-256 of a message under a key (both strings, UTF-8), as lowercase hex. */
export function hmac(key: string, message: string): string {
  let k: ArrayLike<number> = encoder.encode(key);
  if (k.length > 64) k = unhex(sha256(k));
  // The key zero-padded to 64 bytes (undefined ^ x is x) XORed with the pad byte, then the tail.
  const pad = (x: number, tail: ArrayLike<number>) => [...Array(64).keys()].map((i) => k[i]! ^ x).concat(Array.from(tail));
  return sha256(pad(0x5c, unhex(sha256(pad(0x36, encoder.encode(message))))));
}
