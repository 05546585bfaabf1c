/**
 * Base64 of UTF-8 text, as States.Base64Encode/Decode need it, without Node's Buffer (the core
 * runs on any host: its tsconfig loads no Node types). The decoder takes text that already
 * passed the intrinsic's own check (length a multiple of 4, padding only at the end).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = '=';
const BITS_PER_CHAR = 6;
const BYTE_MASK = 0xff;
const CHAR_MASK = 0x3f;
const NOT_BASE64 = -1;

const VALUE = new Int8Array(128).fill(NOT_BASE64);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF as a character, as Buffer's toString does.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The Base64 of the text's UTF-8 bytes (a lone surrogate becomes U+FFFD, as with Buffer). */
export function base64Encode(text: string): string {
  const bytes = encoder.encode(text);
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & CHAR_MASK] + ALPHABET[(n >> BITS_PER_CHAR) & CHAR_MASK] + ALPHABET[n & CHAR_MASK];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & CHAR_MASK] + PAD + PAD;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & CHAR_MASK] + ALPHABET[(n >> BITS_PER_CHAR) & CHAR_MASK] + PAD;
  }
  return out;
}

/**
 * The text whose UTF-8 bytes the Base64 holds; a byte sequence that is not UTF-8 decodes to
 * U+FFFD, and bits past the last whole byte are dropped, as with Buffer.
 */
export function base64Decode(b64: string): string {
  let end = b64.length;
  while (end > 0 && b64[end - 1] === PAD) end--;
  const bytes = new Uint8Array(Math.floor((end * BITS_PER_CHAR) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    acc = (acc << BITS_PER_CHAR) | VALUE[b64.charCodeAt(i)];
    bits += BITS_PER_CHAR;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & BYTE_MASK;
    }
    acc &= (1 << bits) - 1;
  }
  return decoder.decode(bytes);
}
