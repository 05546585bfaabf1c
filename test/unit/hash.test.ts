// The core's own MD5, SHA-1 and SHA-2 (engine/hash.ts, no node:crypto) give node:crypto's digests,
// and the published test vectors; States.Hash uses them and stays fast on its largest input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compileIntrinsic, type IntrinsicEnv } from '../../server/src/core/engine/intrinsics';
import { HASH_ALGORITHMS, hashBytes, hashText, isHashAlgorithm, type HashAlgorithm } from '../../server/src/core/engine/hash';
import { NOTHING } from '../../server/src/core/engine/paths';
import { seededRandom, type Random } from '../../server/src/core/engine/random';
import { parseIntrinsic } from '../../server/src/core/intrinsics/parser';

const NODE_NAME: Record<HashAlgorithm, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
const RUNS = 2000;
const MAX_BYTES = 300;
// Where padding changes shape: the length field fits or spills into another block (64-byte blocks
// for MD5/SHA-1/SHA-256, 128-byte blocks for SHA-384/512).
const BOUNDARY_LENGTHS = [55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129];
// States.Hash takes at most 10,000 characters (intrinsics.ts); its largest input, 10 KB of ASCII.
const LARGEST_INPUT = 10_000;
const PERF_RUNS = 20;
// A generous bound for a loaded machine; the measured figure is printed.
const MAX_MS_PER_HASH = 100;

const reference = (alg: HashAlgorithm, data: Uint8Array | string) => createHash(NODE_NAME[alg]).update(data).digest('hex');

function randomBytes(rng: Random, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rng() * 256);
  return out;
}

// Text from a pool that covers 1-, 2-, 3- and 4-byte UTF-8 and lone surrogates (U+FFFD in UTF-8).
const POOL = [
  'a',
  'Z',
  '0',
  ' ',
  '\n',
  '\u0000',
  'é',
  'ß',
  '\u07ff',
  '\u0800',
  '€',
  '日',
  '\uffff',
  '😀',
  '\u{10ffff}',
  '\ud800',
  '\udc00',
];
function randomText(rng: Random, maxUnits: number): string {
  let s = '';
  const n = Math.floor(rng() * (maxUnits + 1));
  while (s.length < n) s += POOL[Math.floor(rng() * POOL.length)];
  return s;
}

test('every length 0..300 and the block boundaries of random bytes match node:crypto, for every algorithm', () => {
  const rng = seededRandom(11);
  for (const alg of HASH_ALGORITHMS) {
    for (let n = 0; n <= MAX_BYTES; n++) {
      const bytes = randomBytes(rng, n);
      assert.equal(hashBytes(alg, bytes), reference(alg, bytes), `${alg}, ${n} bytes`);
    }
    for (const n of BOUNDARY_LENGTHS) {
      for (const fill of [0x00, 0xff, 0x80]) {
        const bytes = new Uint8Array(n).fill(fill);
        assert.equal(hashBytes(alg, bytes), reference(alg, bytes), `${alg}, ${n} bytes of ${fill}`);
      }
    }
  }
});

test('thousands of random texts (non-ASCII, lone surrogates) of random lengths match node:crypto over UTF-8', () => {
  const rng = seededRandom(23);
  for (let i = 0; i < RUNS; i++) {
    const text = randomText(rng, MAX_BYTES);
    const bytes = randomBytes(rng, Math.floor(rng() * (MAX_BYTES + 1)));
    for (const alg of HASH_ALGORITHMS) {
      // Node's 'utf8' encoding, as the engine used before (a lone surrogate becomes EF BF BD).
      assert.equal(hashText(alg, text), createHash(NODE_NAME[alg]).update(text, 'utf8').digest('hex'), `${alg}: ${JSON.stringify(text)}`);
      assert.equal(hashBytes(alg, bytes), reference(alg, bytes), `${alg}: ${bytes.length} random bytes`);
    }
  }
});

test('the RFC 1321 test suite (appendix A.5)', () => {
  const vectors: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ];
  for (const [text, digest] of vectors) assert.equal(hashText('MD5', text), digest, JSON.stringify(text));
});

test('the FIPS 180 examples (NIST CSRC example values): one block, two blocks, a million a', () => {
  const ONE = 'abc';
  const TWO_448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
  const TWO_896 = 'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';
  const MILLION = 'a'.repeat(1_000_000);
  const vectors: [HashAlgorithm, string, string][] = [
    ['SHA-1', ONE, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['SHA-1', TWO_448, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['SHA-1', MILLION, '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
    ['SHA-256', ONE, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['SHA-256', TWO_448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['SHA-256', MILLION, 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
    ['SHA-384', ONE, 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
    ['SHA-384', TWO_896, '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039'],
    ['SHA-384', MILLION, '9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985'],
    [
      'SHA-512',
      ONE,
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
    [
      'SHA-512',
      TWO_896,
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    ],
    [
      'SHA-512',
      MILLION,
      'e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b',
    ],
  ];
  for (const [alg, text, digest] of vectors) assert.equal(hashText(alg, text), digest, `${alg} of ${text.length} characters`);
});

test('only the five names are algorithms (not an inherited property such as toString)', () => {
  assert.deepEqual(HASH_ALGORITHMS.filter(isHashAlgorithm), [...HASH_ALGORITHMS]);
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'md5', 'SHA-3', 'SHA256', ''])
    assert.equal(isHashAlgorithm(name), false, name);
});

test(`States.Hash of its largest input (${LARGEST_INPUT} characters) takes well under ${MAX_MS_PER_HASH} ms`, () => {
  const env: IntrinsicEnv = { context: () => ({}), variable: () => NOTHING, rng: seededRandom(1) };
  const data = 'x'.repeat(LARGEST_INPUT);
  for (const alg of HASH_ALGORITHMS) {
    const text = `States.Hash($.data, '${alg}')`;
    const parsed = parseIntrinsic(text);
    assert.ok(parsed.ast, parsed.error?.message);
    const fn = compileIntrinsic(parsed.ast, text);
    assert.equal(fn({ data }, env), reference(alg, data), alg);
    const start = performance.now();
    for (let i = 0; i < PERF_RUNS; i++) fn({ data }, env);
    const ms = (performance.now() - start) / PERF_RUNS;
    console.log(`States.Hash ${alg}, ${LARGEST_INPUT} characters: ${ms.toFixed(2)} ms`);
    assert.ok(ms < MAX_MS_PER_HASH, `${alg}: ${ms} ms`);
  }
});
