/**
 * The RS256 signature of a compact JWS (RFC 7515 §5.2, RFC 7518 §3.3), checked with WebCrypto
 * against one issuer JWK — the same call in the edge runtime and in Node, and no JWT library in
 * the middleware bundle. Everything around it (which key, which `alg`, the claims) is decided by
 * the verifier before and after: this module only answers "did this key sign these bytes?".
 *
 * @example
 *   const keys = new ImportedKeys();
 *   if (!(await verifyRs256(raw, await keys.get(jwk)))) throw new InvalidSignature('…');
 */
import { base64Decode } from '../cognito/srp/encoding.js';
import { InvalidToken } from '../errors.js';
import type { RsaJwk } from './jwks.js';

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/**
 * Imported keys per JWK object, on the verifier that owns them. The JWKS cache hands out the
 * same object for a kid until it reloads, so a key is imported once per JWKS load, and a
 * retired key's CryptoKey goes with its JWK.
 */
export class ImportedKeys {
  readonly #keys = new WeakMap<RsaJwk, Promise<CryptoKey>>();

  get(jwk: RsaJwk): Promise<CryptoKey> {
    let key = this.#keys.get(jwk);
    if (!key) {
      key = crypto.subtle.importKey('jwk', { ...jwk, ext: true }, RS256, false, ['verify']);
      // A key WebCrypto refuses (odd modulus, bad exponent) is not cached: the JWKS may be fixed.
      key.catch(() => this.#keys.delete(jwk));
      this.#keys.set(jwk, key);
    }
    return key;
  }
}

/**
 * `raw` must have passed `splitCompact` (three base64url segments). A crypto backend choking on
 * attacker-shaped input fails closed as a bad token, the original kept for the logs.
 */
export async function verifyRs256(raw: string, key: Promise<CryptoKey>): Promise<boolean> {
  const dot = raw.lastIndexOf('.');
  const signature = base64Decode(raw.slice(dot + 1));
  if (!signature) throw new InvalidToken('JWT signature is not base64url');
  try {
    return await crypto.subtle.verify(RS256, await key, signature, new TextEncoder().encode(raw.slice(0, dot)));
  } catch (cause) {
    throw new InvalidToken('token could not be verified', { cause });
  }
}
