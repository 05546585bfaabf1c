/**
 * MD5 (RFC 1321), SHA-1 and SHA-2 (FIPS 180-4) over the UTF-8 bytes of a text, as lowercase hex:
 * what States.Hash and JSONata's $hash return. Pure TypeScript so that the core needs no Node
 * module (node:crypto); the inputs are bounded by the intrinsic's own limits, so speed matters
 * less than being correct on every host (test/unit/hash.test.ts compares with node:crypto).
 * Words are 32-bit ints (`| 0`); SHA-512's 64-bit words are (high, low) pairs.
 */

/** The algorithms by the names States.Hash takes (AWS's order in its error text). */
export const HASH_ALGORITHMS = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

const encoder = new TextEncoder();

/** The hex digest of the text's UTF-8 bytes (a lone surrogate becomes U+FFFD, as with Buffer). */
export function hashText(algorithm: HashAlgorithm, text: string): string {
  return hashBytes(algorithm, encoder.encode(text));
}

/** Whether `name` is one of HASH_ALGORITHMS (own names only: not `toString` and the like). */
export function isHashAlgorithm(name: string): name is HashAlgorithm {
  return (HASH_ALGORITHMS as readonly string[]).includes(name);
}

export function hashBytes(algorithm: HashAlgorithm, bytes: Uint8Array): string {
  switch (algorithm) {
    case 'MD5':
      return md5(bytes);
    case 'SHA-1':
      return sha1(bytes);
    case 'SHA-256':
      return sha256(bytes);
    case 'SHA-384':
      return sha512(bytes, SHA384_H, SHA384_WORDS);
    case 'SHA-512':
      return sha512(bytes, SHA512_H, SHA512_H.length);
  }
}

const BLOCK_64 = 64;
const BLOCK_128 = 128;
const LENGTH_64_BITS = 8;
const LENGTH_128_BITS = 16;
const END_MARK = 0x80;
const TWO_32 = 0x100000000;
/** Bytes per 2^32 bits: the high word of a bit length is bytes / 2^29. */
const BYTES_PER_HIGH_BIT_WORD = 0x20000000;
/** SHA-384 is SHA-512 with other initial values, cut to six 64-bit words (12 ints). */
const SHA384_WORDS = 12;

/**
 * The message, the 0x80 mark, zeros, and the bit length in the last `lengthBytes` (big-endian for
 * SHA, little-endian 64 bits for MD5), to a whole number of blocks.
 */
function pad(bytes: Uint8Array, block: number, lengthBytes: number, littleEndian: boolean): Uint8Array {
  const n = bytes.length;
  const total = Math.ceil((n + 1 + lengthBytes) / block) * block;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[n] = END_MARK;
  const lo = (n * 8) >>> 0;
  const hi = Math.floor(n / BYTES_PER_HIGH_BIT_WORD) >>> 0;
  if (littleEndian) {
    putWordLE(out, total - 8, lo);
    putWordLE(out, total - 4, hi);
  } else {
    putWordBE(out, total - 8, hi);
    putWordBE(out, total - 4, lo);
  }
  return out;
}

function putWordLE(b: Uint8Array, at: number, w: number): void {
  b[at] = w;
  b[at + 1] = w >>> 8;
  b[at + 2] = w >>> 16;
  b[at + 3] = w >>> 24;
}

function putWordBE(b: Uint8Array, at: number, w: number): void {
  b[at] = w >>> 24;
  b[at + 1] = w >>> 16;
  b[at + 2] = w >>> 8;
  b[at + 3] = w;
}

function wordBE(b: Uint8Array, at: number): number {
  return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}

function hexBE(words: ArrayLike<number>, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += (words[i] >>> 0).toString(16).padStart(8, '0');
  return out;
}

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

// ---- MD5 (RFC 1321 §3.4) ----

/** Per-round shift amounts, four per round (RFC 1321 §3.4). */
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** floor(2^32 * abs(sin(i + 1))), written out: Math.sin is not exact on every host. */
const MD5_K = new Int32Array([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1,
  0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453,
  0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942,
  0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
  0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d,
  0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

function md5(bytes: Uint8Array): string {
  const m = pad(bytes, BLOCK_64, LENGTH_64_BITS, true);
  const h = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  const x = new Int32Array(16);
  for (let off = 0; off < m.length; off += BLOCK_64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      x[i] = m[j] | (m[j + 1] << 8) | (m[j + 2] << 16) | (m[j + 3] << 24);
    }
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const t = d;
      d = c;
      c = b;
      b = (b + rotl((a + f + MD5_K[i] + x[g]) | 0, MD5_S[((i >> 4) << 2) | (i & 3)])) | 0;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
  }
  // MD5's digest is its words little-endian.
  let out = '';
  for (let i = 0; i < 4; i++) for (let k = 0; k < 32; k += 8) out += ((h[i] >>> k) & 0xff).toString(16).padStart(2, '0');
  return out;
}

// ---- SHA-1 (FIPS 180-4 §6.1) ----

const SHA1_K = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6];

function sha1(bytes: Uint8Array): string {
  const m = pad(bytes, BLOCK_64, LENGTH_64_BITS, false);
  const h = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const w = new Int32Array(80);
  for (let off = 0; off < m.length; off += BLOCK_64) {
    for (let i = 0; i < 16; i++) w[i] = wordBE(m, off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let e = h[4];
    for (let i = 0; i < 80; i++) {
      const round = (i / 20) | 0;
      const f = round === 0 ? (b & c) | (~b & d) : round === 2 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const t = (rotl(a, 5) + f + e + SHA1_K[round] + w[i]) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  return hexBE(h, h.length);
}

// ---- SHA-256 (FIPS 180-4 §6.2); the constants of §4.2.2 and §5.3.3 ----

const SHA256_K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const SHA256_H = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

function sha256(bytes: Uint8Array): string {
  const m = pad(bytes, BLOCK_64, LENGTH_64_BITS, false);
  const h = SHA256_H.slice();
  const w = new Int32Array(64);
  for (let off = 0; off < m.length; off += BLOCK_64) {
    for (let i = 0; i < 16; i++) w[i] = wordBE(m, off + i * 4);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let e = h[4];
    let f = h[5];
    let g = h[6];
    let k = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
  }
  return hexBE(h, h.length);
}

// ---- SHA-512 and SHA-384 (FIPS 180-4 §6.4, §6.5); constants of §4.2.3, §5.3.4, §5.3.5 as (high, low) ----

const SHA512_K = new Int32Array([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc, 0x3956c25b, 0xf348b538, 0x59f111f1,
  0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118, 0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c,
  0x550c7dc3, 0xd5ffb4e2, 0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694, 0xe49b69c1,
  0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65, 0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483,
  0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5, 0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7,
  0xbeef0ee4, 0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70, 0x27b70a85, 0x46d22ffc,
  0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df, 0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e,
  0x47edaee6, 0x92722c85, 0x1482353b, 0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8, 0x19a4c116, 0xb8d2d0c8, 0x1e376c08,
  0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8, 0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373,
  0x682e6ff3, 0xd6b2b8a3, 0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec, 0x90befffa,
  0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b, 0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207,
  0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178, 0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35,
  0x131c471b, 0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c, 0x4cc5d4be, 0xcb3e42b6,
  0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);
const SHA512_H = new Int32Array([
  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1, 0x510e527f, 0xade682d1, 0x9b05688c,
  0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
]);
const SHA384_H = new Int32Array([
  0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939, 0x67332667, 0xffc00b31, 0x8eb44a87,
  0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4,
]);

// A 64-bit rotation right by n (0 < n < 64, n !== 32) of (hi, lo): the high and the low half.
function rotrHi(hi: number, lo: number, n: number): number {
  return n < 32 ? (hi >>> n) | (lo << (32 - n)) : (lo >>> (n - 32)) | (hi << (64 - n));
}
function rotrLo(hi: number, lo: number, n: number): number {
  return n < 32 ? (lo >>> n) | (hi << (32 - n)) : (hi >>> (n - 32)) | (lo << (64 - n));
}
// A 64-bit shift right by n < 32: the low half (the high half is hi >>> n).
function shrLo(hi: number, lo: number, n: number): number {
  return (lo >>> n) | (hi << (32 - n));
}

/**
 * SHA-512 over (high, low) int pairs: a sum keeps its low halves as unsigned doubles (exact below
 * 2^53) and carries their overflow into the high half.
 */
function sha512(bytes: Uint8Array, initial: Int32Array, outInts: number): string {
  const m = pad(bytes, BLOCK_128, LENGTH_128_BITS, false);
  const h = initial.slice();
  const w = new Int32Array(160);
  const v = new Int32Array(16);
  for (let off = 0; off < m.length; off += BLOCK_128) {
    for (let i = 0; i < 32; i++) w[i] = wordBE(m, off + i * 4);
    for (let i = 16; i < 80; i++) {
      const xh = w[2 * (i - 15)];
      const xl = w[2 * (i - 15) + 1];
      const yh = w[2 * (i - 2)];
      const yl = w[2 * (i - 2) + 1];
      const s0h = rotrHi(xh, xl, 1) ^ rotrHi(xh, xl, 8) ^ (xh >>> 7);
      const s0l = rotrLo(xh, xl, 1) ^ rotrLo(xh, xl, 8) ^ shrLo(xh, xl, 7);
      const s1h = rotrHi(yh, yl, 19) ^ rotrHi(yh, yl, 61) ^ (yh >>> 6);
      const s1l = rotrLo(yh, yl, 19) ^ rotrLo(yh, yl, 61) ^ shrLo(yh, yl, 6);
      const lo = (w[2 * (i - 16) + 1] >>> 0) + (s0l >>> 0) + (w[2 * (i - 7) + 1] >>> 0) + (s1l >>> 0);
      w[2 * i] = w[2 * (i - 16)] + s0h + w[2 * (i - 7)] + s1h + Math.floor(lo / TWO_32);
      w[2 * i + 1] = lo;
    }
    v.set(h);
    for (let i = 0; i < 80; i++) {
      const ah = v[0],
        al = v[1],
        bh = v[2],
        bl = v[3],
        ch = v[4],
        cl = v[5],
        dh = v[6],
        dl = v[7];
      const eh = v[8],
        el = v[9],
        fh = v[10],
        fl = v[11],
        gh = v[12],
        gl = v[13],
        kh = v[14],
        kl = v[15];
      const S1h = rotrHi(eh, el, 14) ^ rotrHi(eh, el, 18) ^ rotrHi(eh, el, 41);
      const S1l = rotrLo(eh, el, 14) ^ rotrLo(eh, el, 18) ^ rotrLo(eh, el, 41);
      const chh = (eh & fh) ^ (~eh & gh);
      const chl = (el & fl) ^ (~el & gl);
      const t1l = (kl >>> 0) + (S1l >>> 0) + (chl >>> 0) + (SHA512_K[2 * i + 1] >>> 0) + (w[2 * i + 1] >>> 0);
      const t1h = (kh + S1h + chh + SHA512_K[2 * i] + w[2 * i] + Math.floor(t1l / TWO_32)) | 0;
      const S0h = rotrHi(ah, al, 28) ^ rotrHi(ah, al, 34) ^ rotrHi(ah, al, 39);
      const S0l = rotrLo(ah, al, 28) ^ rotrLo(ah, al, 34) ^ rotrLo(ah, al, 39);
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
      const t2l = (S0l >>> 0) + (majl >>> 0);
      const t2h = (S0h + majh + Math.floor(t2l / TWO_32)) | 0;
      const t1lo = t1l >>> 0;
      const el2 = (dl >>> 0) + t1lo;
      const al2 = t1lo + (t2l >>> 0);
      // Shift the eight words down one place; e and a take the new values.
      v.copyWithin(2, 0, 14);
      v[8] = dh + t1h + Math.floor(el2 / TWO_32);
      v[9] = el2;
      v[0] = t1h + t2h + Math.floor(al2 / TWO_32);
      v[1] = al2;
    }
    for (let i = 0; i < 16; i += 2) {
      const lo = (h[i + 1] >>> 0) + (v[i + 1] >>> 0);
      h[i] = h[i] + v[i] + Math.floor(lo / TWO_32);
      h[i + 1] = lo;
    }
  }
  return hexBE(h, outInts);
}
