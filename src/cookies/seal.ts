/**
 * Optional sealing of cookie values as compact JWE (`dir` + `A256GCM`).
 *
 * @example
 *   const sealer = createCookieSealer([process.env.COOKIE_SECRET!, process.env.OLD_COOKIE_SECRET!]);
 *   const sealed = await sealer.seal(key, refreshToken);
 *   await sealer.open(key, sealed) === refreshToken;
 *
 * Keys: HKDF-SHA256 over each secret (WebCrypto, so it runs on the edge runtime as well as in
 * Node). The protected header carries `kid`, a separate HKDF output that names the secret without
 * revealing it, so rotation is "seal with the first, open with whichever `kid` matches". It also
 * carries `ck`, a tag of the storage key, and since the protected header is the AEAD's associated
 * data a sealed value cannot be moved from one cookie (say, `refreshToken`) into another.
 * The JWE itself is compact-jwe.ts (WebCrypto only; why not jose is said there).
 */

import { base64UrlEncode } from '../cognito/pkce.js';
import { ConfigInvalid, CookieCorrupt } from '../errors.js';
import { fnv1a } from './chunks.js';
import { decodeCompactHeader, decryptCompact, encryptCompact, importCompactKey } from './compact-jwe.js';

export interface CookieSealer {
  seal(key: string, value: string): Promise<string>;
  /** @throws CookieCorrupt when the value is not ours, tampered with, or sealed by an unknown secret. */
  open(key: string, sealed: string): Promise<string>;
}

/** Same floor as iron-session and Auth.js: short secrets make HKDF's output guessable offline. */
const MIN_SECRET_LENGTH = 32;
const SALT = new TextEncoder().encode('next-cognito-session cookie seal v1');

interface DerivedKey {
  kid: string;
  key: CryptoKey;
}

async function hkdf(ikm: CryptoKey, info: string, bits: number): Promise<Uint8Array> {
  const output = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: new TextEncoder().encode(info) },
    ikm,
    bits,
  );
  return new Uint8Array(output);
}

async function deriveKey(secret: string): Promise<DerivedKey> {
  const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveBits']);
  const [key, kid] = await Promise.all([hkdf(ikm, 'A256GCM key', 256), hkdf(ikm, 'key id', 48)]);
  return { key: await importCompactKey(key), kid: base64UrlEncode(kid) };
}

export function createCookieSealer(secrets: string | readonly string[]): CookieSealer {
  const list = typeof secrets === 'string' ? [secrets] : [...secrets];
  if (list.length === 0) throw new ConfigInvalid('cookies.encryptionSecret is an empty list');
  list.forEach((secret, i) => {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigInvalid(`cookies.encryptionSecret[${i}] must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  });
  // Derived lazily and kept on this sealer (not module-wide), so each runner owns its keys.
  let derived: Promise<DerivedKey[]> | undefined;
  const keys = () => (derived ??= Promise.all(list.map(deriveKey)));

  return {
    async seal(key, value) {
      const [current] = await keys();
      return encryptCompact(new TextEncoder().encode(value), current!.key, {
        alg: 'dir',
        enc: 'A256GCM',
        kid: current!.kid,
        ck: fnv1a(key),
      });
    },

    async open(key, sealed) {
      let header: Record<string, unknown>;
      try {
        header = decodeCompactHeader(sealed);
      } catch (cause) {
        throw new CookieCorrupt(`cookie ${key} is not a sealed value`, { cause });
      }
      const match = (await keys()).find((candidate) => candidate.kid === header['kid']);
      if (!match) throw new CookieCorrupt(`cookie ${key} was sealed with a secret no longer configured`);
      if (header['ck'] !== fnv1a(key)) throw new CookieCorrupt(`cookie ${key} holds a value sealed for another cookie`);
      try {
        const { plaintext } = await decryptCompact(sealed, match.key);
        return new TextDecoder().decode(plaintext);
      } catch (cause) {
        throw new CookieCorrupt(`cookie ${key} failed to decrypt`, { cause });
      }
    },
  };
}
