/**
 * The RS256 signature of a compact JWS (RFC 7515 §5.2, RFC 7518 §3.3) against one issuer JWK:
 * node:crypto's synchronous verify on Node (proxy.ts, route handlers, server components) and
 * WebCrypto on the edge — no JWT library in the middleware bundle. Everything around it (which
 * key, which `alg`, the claims) is decided by the verifier before and after: this module only
 * answers "did this key sign these bytes?".
 *
 * @example
 *   const keys = new ImportedKeys();
 *   if (!(await verifyRs256(raw, await keys.get(jwk)))) throw new InvalidSignature('…');
 */
import { base64Decode } from '../cognito/srp/encoding.js';
import { InvalidToken } from '../errors.js';
import { nodeCrypto, type NodeCrypto, type NodeKeyObject } from '../node-crypto.js';
import type { RsaJwk } from './jwks.js';

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/**
 * One issuer key, imported for the runtime at hand: on Node a KeyObject for node:crypto's
 * synchronous verify (no thread-pool hop: bench P2, "ours cold"), elsewhere a WebCrypto key.
 */
export type VerifyKey = { readonly node: NodeKeyObject; readonly crypto: NodeCrypto } | { readonly web: CryptoKey };

/**
 * Imported keys per JWK object, on the verifier that owns them. The JWKS cache hands out the
 * same object for a kid until it reloads, so a key is imported once per JWKS load, and a
 * retired key's import goes with its JWK.
 */
export class ImportedKeys {
  readonly #keys = new WeakMap<RsaJwk, Promise<VerifyKey>>();
  readonly #node: NodeCrypto | undefined;

  constructor(node: NodeCrypto | undefined = nodeCrypto()) {
    this.#node = node;
  }

  get(jwk: RsaJwk): Promise<VerifyKey> {
    let key = this.#keys.get(jwk);
    if (!key) {
      key = this.#import(jwk);
      // A key the backend refuses (odd modulus, bad exponent) is not cached: the JWKS may be fixed.
      key.catch(() => this.#keys.delete(jwk));
      this.#keys.set(jwk, key);
    }
    return key;
  }

  async #import(jwk: RsaJwk): Promise<VerifyKey> {
    if (!this.#node) {
      return { web: await crypto.subtle.importKey('jwk', { ...jwk, ext: true }, RS256, false, ['verify']) };
    }
    const key = this.#node.createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
    // node:crypto's verify follows the key's type: only an RSA key may stand for RS256.
    if (key.asymmetricKeyType !== 'rsa') throw new InvalidToken(`JWK ${jwk.kid} is not an RSA key`);
    return { node: key, crypto: this.#node };
  }
}

/**
 * `raw` must have passed `splitCompact` (three base64url segments). A crypto backend choking on
 * attacker-shaped input fails closed as a bad token, the original kept for the logs.
 */
export async function verifyRs256(raw: string, key: Promise<VerifyKey>): Promise<boolean> {
  const dot = raw.lastIndexOf('.');
  const signature = base64Decode(raw.slice(dot + 1));
  if (!signature) throw new InvalidToken('JWT signature is not base64url');
  const signed = new TextEncoder().encode(raw.slice(0, dot));
  try {
    const imported = await key;
    if ('web' in imported) return await crypto.subtle.verify(RS256, imported.web, signature, signed);
    // PKCS#1 v1.5 is node:crypto's padding for RSA keys: RSASSA-PKCS1-v1_5 with SHA-256.
    return imported.crypto.verify('sha256', signed, imported.node, signature);
  } catch (cause) {
    throw new InvalidToken('token could not be verified', { cause });
  }
}
