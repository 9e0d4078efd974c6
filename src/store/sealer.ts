/**
 * What makes a store safe to share: keys are HMACs of what they stand for (a refresh token, a
 * token family), values are sealed with AES-256-GCM, and the key is the seal's associated data,
 * so a value cannot be moved under another key. Whoever reads the store — a Redis dump, a
 * replica, a `MONITOR` — learns no token and cannot tell which token a key belongs to.
 *
 * Both keys come from one secret through HKDF (WebCrypto: Node and the edge runtime alike):
 * `AUTH_STORE_SECRET`, else the first cookie secret. A per-process store needs none (`inProcessSealer`).
 */
import { base64UrlEncode } from '../cognito/pkce.js';
import { base64Decode } from '../cognito/srp/encoding.js';

export interface StoreSealer {
  /** The store key for `value` in namespace `kind`: `<kind>:<HMAC>`. */
  keyFor(kind: string, value: string): Promise<string>;
  seal(key: string, value: string): Promise<string>;
  /** Undefined when the value was not sealed under this key and secret (or is damaged). */
  open(key: string, sealed: string): Promise<string | undefined>;
}

const SALT = new TextEncoder().encode('next-cognito-session store v1');
const IV_BYTES = 12;

export function createStoreSealer(secret: string): StoreSealer {
  let keys: Promise<{ hmac: CryptoKey; aead: CryptoKey }> | undefined;
  const derive = () => (keys ??= deriveKeys(secret));
  const encoder = new TextEncoder();

  return {
    async keyFor(kind, value) {
      const mac = await crypto.subtle.sign('HMAC', (await derive()).hmac, encoder.encode(`${kind}\0${value}`));
      return `${kind}:${base64UrlEncode(new Uint8Array(mac))}`;
    },
    async seal(key, value) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(key) },
        (await derive()).aead,
        encoder.encode(value),
      );
      const out = new Uint8Array(IV_BYTES + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), IV_BYTES);
      return base64UrlEncode(out);
    },
    async open(key, sealed) {
      try {
        const bytes = base64Decode(sealed);
        if (!bytes || bytes.length <= IV_BYTES) return undefined;
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(key) },
          (await derive()).aead,
          bytes.subarray(IV_BYTES),
        );
        return new TextDecoder().decode(plain);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * For a store that never leaves the process (the default memory store): nothing to hide from a
 * reader, so keys are the values they stand for and values are kept as they are. The revoked
 * family lookup runs on every request with a session; an HMAC there would be a WebCrypto call
 * per request for nothing (bench P1, P6s).
 */
export function inProcessSealer(): StoreSealer {
  return {
    keyFor: (kind, value) => Promise.resolve(`${kind}:${value}`),
    seal: (_key, value) => Promise.resolve(value),
    open: (_key, value) => Promise.resolve(value),
  };
}

async function deriveKeys(secret: string) {
  const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey']);
  const params = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: SALT,
    info: new TextEncoder().encode(info),
  });
  const [hmac, aead] = await Promise.all([
    crypto.subtle.deriveKey(params('key names'), ikm, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
    crypto.subtle.deriveKey(params('value seal'), ikm, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
  ]);
  return { hmac, aead };
}
