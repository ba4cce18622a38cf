import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256 } from "./sha256.ts";
import { hmacSha256 as hmac } from "./hmac.ts";

const ref = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("sha256", () => {
  it("matches the FIPS 180-4 examples", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("matches node:crypto at every padding boundary", () => {
    for (let n = 0; n < 200; n++) expect(sha256("a".repeat(n))).toBe(ref("a".repeat(n)));
  });

  it("matches node:crypto on random unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => sha256(s) === ref(s)), { seed: 7, numRuns: 300 });
  });

  it("hashes a megabyte", () => {
    const s = "x".repeat(1 << 20);
    expect(sha256(s)).toBe(ref(s));
  });

  it("computes HMAC like node:crypto, short and long keys", () => {
    for (const key of ["", "k", "key".repeat(30)]) {
      for (const msg of ["", "hello", "é".repeat(100)]) {
        expect(hmac(key, msg)).toBe(createHmac("sha256", key).update(msg, "utf8").digest("hex"));
      }
    }
  });
});
