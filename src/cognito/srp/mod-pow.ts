/**
 * base^exponent mod m for SRP, where a few 3072-bit exponentiations are the whole CPU cost of a
 * sign-in: ~21 ms each in BigInt, ~2 ms through OpenSSL, and both block the event loop. On Node
 * the exponentiation goes to node:crypto's Diffie-Hellman (with the exponent as private key,
 * `computeSecret(base)` is base^exponent mod m); elsewhere (the edge runtime, a browser) it is
 * BigInt square-and-multiply. Both give the same integer; mod-pow.test.ts checks one against
 * the other.
 *
 * node:crypto is reached through `process.getBuiltinModule` (Node ≥ 20.16), never an import, so
 * an edge bundle that carries this file (the middleware's holds the route handlers) names no
 * Node module and, should it ever run there, simply computes in BigInt.
 *
 * @example
 *   modPow(g, x, N)                        // OpenSSL on Node, BigInt elsewhere
 *   NEXT_COGNITO_SRP_MATH=bigint npm test  // force one maths (benchmarks, tests)
 */
import { ConfigInvalid } from '../../errors.js';
import { nodeCrypto, type NodeCrypto } from '../../node-crypto.js';
import { mod, modPowBigInt } from './bigint.js';
import { dhPrivateKeyDer, dhPublicKeyDer } from './dh-keys.js';
import { hexToBytes } from './encoding.js';

export type SrpMath = 'bigint' | 'native';

/** The env var that picks the maths; unset or empty means native where available. */
export const SRP_MATH_ENV = 'NEXT_COGNITO_SRP_MATH';

// OpenSSL's DH bounds: below 512 bits DH_compute_key fails and Node hands back zeros, above
// 10,000 it throws. Montgomery multiplication also needs an odd modulus. SRP's N is 3072 bits.
const MIN_NATIVE_BITS = 512;
const MAX_NATIVE_BITS = 10_000;

/** The part of node:crypto used here (src/node-crypto.ts). */
export type DiffieHellmanFactory = Pick<
  NodeCrypto,
  'createDiffieHellman' | 'createPrivateKey' | 'createPublicKey' | 'diffieHellman'
>;

/**
 * How OpenSSL is asked for base^exponent mod m, which differs by Node line (measured on
 * 20.20, 22.23, 24.22 and 26.12; docs/design.md "Node versions"):
 * - `dh-object` — `createDiffieHellman(m)`, exponent as private key, `computeSecret(base)`. On
 *   Node 20 it takes any base in ~2.5 ms. From Node 22 `computeSecret` refuses bases outside
 *   the prime-order subgroup (about half of SRP's values), and from Node 24 every
 *   `createDiffieHellman` proves m prime first: seconds for a 3072-bit m.
 * - `key-agreement` — `diffieHellman()` over imported DER keys (dh-keys.ts): any base, no
 *   primality proof, on Node 22 and later. Node 20's OpenSSL 3.0 refuses half the bases here.
 */
export type NativeMethod = 'dh-object' | 'key-agreement';

export function nativeMethod(nodeVersion: string): NativeMethod {
  return Number(nodeVersion.split('.')[0]) >= 22 ? 'key-agreement' : 'dh-object';
}

export function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  if (exponent < 0n) throw new RangeError('negative exponent');
  if (m <= 0n) throw new RangeError('the modulus must be positive');
  const crypto = chosenCrypto(envOf());
  const native = crypto ? nativeModPow(crypto, base, exponent, m) : undefined;
  return native ?? modPowBigInt(base, exponent, m);
}

/** The maths `modPow` uses with this env: what the variable asks for, native only where it exists. */
export function srpMath(env: Record<string, string | undefined> = envOf()): SrpMath {
  return chosenCrypto(env) ? 'native' : 'bigint';
}

/**
 * OpenSSL's answer, or `undefined` outside what OpenSSL's DH takes: a modulus that is even or
 * out of its size bounds, an exponent of 0, a base that reduces to 0, 1 or m − 1 (DH refuses
 * those as public keys), a result of 0, 1 or m − 1. Those cases BigInt answers.
 */
export function nativeModPow(
  crypto: DiffieHellmanFactory,
  base: bigint,
  exponent: bigint,
  m: bigint,
  method: NativeMethod = nativeMethod(globalThis.process?.versions?.node ?? '0'),
): bigint | undefined {
  const modulusHex = m.toString(16);
  const bits = (modulusHex.length - 1) * 4 + parseInt(modulusHex[0]!, 16).toString(2).length;
  if (m % 2n === 0n || bits < MIN_NATIVE_BITS || bits > MAX_NATIVE_BITS) return undefined;
  const b = mod(base, m);
  if (exponent <= 0n || b < 2n || b > m - 2n) return undefined;
  let secretHex: string;
  try {
    // Node left-pads the secret to the modulus length; the leading zeros do not change the value.
    secretHex =
      method === 'key-agreement'
        ? crypto
            .diffieHellman({
              privateKey: crypto.createPrivateKey({
                key: dhPrivateKeyDer(m, 2n, exponent),
                format: 'der',
                type: 'pkcs8',
              }),
              publicKey: crypto.createPublicKey({ key: dhPublicKeyDer(m, 2n, b), format: 'der', type: 'spki' }),
            })
            .toString('hex')
        : withPrivateKey(crypto.createDiffieHellman(bytesOf(m), 2), exponent)
            .computeSecret(bytesOf(b))
            .toString('hex');
  } catch {
    // OpenSSL also refuses a *result* of 0, 1 or m − 1 (SP 800-56A's check on a DH secret),
    // which an exponentiation may well have: BigInt computes it instead.
    return undefined;
  }
  return BigInt(`0x${secretHex}`);
}

function withPrivateKey<D extends { setPrivateKey(privateKey: Uint8Array): void }>(dh: D, exponent: bigint): D {
  dh.setPrivateKey(bytesOf(exponent));
  return dh;
}

function chosenCrypto(env: Record<string, string | undefined>): DiffieHellmanFactory | undefined {
  const wanted = env[SRP_MATH_ENV];
  if (wanted === 'bigint') return undefined;
  if (wanted !== undefined && wanted !== '' && wanted !== 'native') {
    throw new ConfigInvalid(`${SRP_MATH_ENV} must be "bigint" or "native", not "${wanted}"`);
  }
  return nodeCrypto();
}

function envOf(): Record<string, string | undefined> {
  return typeof process === 'undefined' ? {} : process.env;
}

function bytesOf(value: bigint): Uint8Array<ArrayBuffer> {
  const hex = value.toString(16);
  return hexToBytes(hex.length % 2 === 1 ? `0${hex}` : hex);
}
