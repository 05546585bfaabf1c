// The core's Base64 (States.Base64Encode/Decode without Node's Buffer) gives Buffer's answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64Decode, base64Encode } from '../../server/src/core/engine/base64';
import { seededRandom } from '../../server/src/core/engine/random';

const RUNS = 2000;
const MAX_LENGTH = 40;

test('encoding UTF-8 text matches Buffer, lone surrogates and a BOM included', () => {
  const rng = seededRandom(7);
  const samples = ['', 'a', 'ab', 'abc', 'Data to encode', 'é', '\uFEFFbom', '\uD800', 'x\uDC00y', '😀'];
  for (let r = 0; r < RUNS; r++) {
    let s = '';
    const n = Math.floor(rng() * MAX_LENGTH);
    // Code units from the whole range: ASCII, two- and three-byte characters, surrogates.
    for (let i = 0; i < n; i++) s += String.fromCharCode(rng() < 0.5 ? Math.floor(rng() * 0x80) : Math.floor(rng() * 0x10000));
    samples.push(s);
  }
  for (const s of samples) assert.equal(base64Encode(s), Buffer.from(s, 'utf8').toString('base64'), JSON.stringify(s));
});

test('decoding any bytes matches Buffer: invalid UTF-8 as U+FFFD, a leading BOM kept, spare bits dropped', () => {
  const rng = seededRandom(11);
  const samples = ['', 'QQ==', 'QUI=', 'QUJD', '77u/Ym9t', 'QR==', 'QUJ=', '/w==', '7aCA'];
  for (let r = 0; r < RUNS; r++) {
    const bytes = Buffer.alloc(Math.floor(rng() * MAX_LENGTH));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng() * 256);
    samples.push(bytes.toString('base64'));
  }
  for (const b64 of samples) assert.equal(base64Decode(b64), Buffer.from(b64, 'base64').toString('utf8'), b64);
});
