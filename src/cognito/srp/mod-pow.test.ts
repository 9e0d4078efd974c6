import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigInvalid } from '../../errors.js';
import { modPowBigInt } from './bigint.js';
import { N } from './group.js';
import { modPow, nativeMethod, nativeModPow, SRP_MATH_ENV, srpMath, type DiffieHellmanFactory } from './mod-pow.js';

// @types/node types key input as Buffer; node:crypto takes any Uint8Array at run time.
const nodeCrypto = crypto as unknown as DiffieHellmanFactory;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** A non-negative integer of at most `bits` bits, biased towards both small and full-width values. */
const uint = (bits: number) =>
  fc
    .uint8Array({ minLength: 0, maxLength: Math.ceil(bits / 8) })
    .map((bytes) => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n));

/** The bases where OpenSSL's DH refuses the value as a public key, or where reduction matters. */
const edgeBases = fc.constantFrom(0n, 1n, 2n, N - 2n, N - 1n, N, N + 1n, 2n * N, -1n, -N, -(N + 2n));
const edgeExponents = fc.constantFrom(0n, 1n, 2n, N - 1n, N, N + 1n, N * N);

describe('native (OpenSSL) and BigInt modPow agree', () => {
  it('on N, SRP’s modulus, for random and edge bases and exponents', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          uint(3200),
          edgeBases,
          uint(3072).map((value) => -value),
        ),
        fc.oneof(uint(4000), edgeExponents),
        (base, exponent) => {
          const expected = modPowBigInt(base, exponent, N);
          expect(modPow(base, exponent, N)).toBe(expected);
          const native = nativeModPow(nodeCrypto, base, exponent, N);
          const reduced = ((base % N) + N) % N;
          // Inside OpenSSL's domain the native path must really answer (a Node whose DH
          // silently stopped working would otherwise pass on BigInt alone).
          const inDomain = exponent > 0n && reduced >= 2n && reduced <= N - 2n;
          if (inDomain && expected > 1n && expected < N - 1n) expect(native).toBe(expected);
          else if (!inDomain) expect(native).toBeUndefined();
          else if (native !== undefined) expect(native).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('on random odd moduli within OpenSSL’s DH bounds (512 to 4096 bits)', () => {
    const modulus = fc
      .integer({ min: 512, max: 4096 })
      .chain((bits) =>
        uint(bits).map((value) => (value & ((1n << BigInt(bits)) - 1n)) | (1n << BigInt(bits - 1)) | 1n),
      );
    let answeredNatively = 0;
    fc.assert(
      fc.property(modulus, uint(4200), uint(1200), (m, base, exponent) => {
        const expected = modPowBigInt(base, exponent, m);
        expect(modPow(base, exponent, m)).toBe(expected);
        const native = nativeModPow(nodeCrypto, base, exponent, m);
        if (native !== undefined) {
          answeredNatively++;
          expect(native).toBe(expected);
        }
      }),
      { numRuns: 25 },
    );
    expect(answeredNatively).toBeGreaterThan(0);
  });

  it('leaves moduli OpenSSL cannot take (even, under 512 bits, over 10,000 bits) to BigInt', () => {
    const big = (1n << 10_001n) + 1n;
    for (const m of [7n, (1n << 511n) - 1n, N + 1n, big]) {
      expect(nativeModPow(nodeCrypto, 3n, 5n, m)).toBeUndefined();
      expect(modPow(3n, 5n, m)).toBe(243n % m);
    }
    expect(modPow(5n, 0n, 1n)).toBe(0n);
  });

  it(`asks OpenSSL the way that is fast and total on this Node (${process.version})`, () => {
    expect(nativeMethod('20.20.2')).toBe('dh-object');
    expect(['22.23.5', '24.22.3', '26.12.1'].map(nativeMethod)).toEqual(Array(3).fill('key-agreement'));
    // A base outside the prime-order subgroup (2 generates it; -2 mod N does not): half of SRP's
    // values are like it, and the chosen method must answer for them natively.
    const outside = N - 2n;
    const exponent = (1n << 1023n) + 12345n;
    const method = nativeMethod(process.versions.node);
    expect(nativeModPow(nodeCrypto, outside, exponent, N, method)).toBe(modPowBigInt(outside, exponent, N));
  });

  it('refuses a negative exponent and a modulus that is not positive', () => {
    expect(() => modPow(2n, -1n, N)).toThrow(RangeError);
    expect(() => modPow(2n, 3n, 0n)).toThrow(RangeError);
  });
});

describe(`${SRP_MATH_ENV}`, () => {
  it('defaults to native on Node and can force either maths', () => {
    vi.stubEnv(SRP_MATH_ENV, '');
    expect(srpMath()).toBe('native');
    vi.stubEnv(SRP_MATH_ENV, 'bigint');
    expect(srpMath()).toBe('bigint');
    vi.stubEnv(SRP_MATH_ENV, 'native');
    expect(srpMath()).toBe('native');
    expect(modPow(3n, N - 1n, N)).toBe(modPowBigInt(3n, N - 1n, N));
  });

  it('is a configuration error when misspelt, not a silent choice', () => {
    vi.stubEnv(SRP_MATH_ENV, 'openssl');
    expect(() => srpMath()).toThrow(ConfigInvalid);
    expect(() => modPow(2n, 3n, N)).toThrow(/NEXT_COGNITO_SRP_MATH must be "bigint" or "native"/);
  });

  it('computes in BigInt on the edge runtime, where `process` functions are stubs that throw', () => {
    vi.stubGlobal('EdgeRuntime', 'edge-runtime');
    expect(srpMath({})).toBe('bigint');
    expect(srpMath({ [SRP_MATH_ENV]: 'native' })).toBe('bigint');
    expect(modPow(2n, 1000n, N)).toBe(modPowBigInt(2n, 1000n, N));
  });
});
