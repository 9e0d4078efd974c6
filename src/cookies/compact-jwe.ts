/**
 * Compact JWE (RFC 7516 §7.1) for exactly one algorithm pair: `alg: dir` with `enc: A256GCM`
 * (RFC 7518 §4.5, §5.3), on WebCrypto alone. That pair is all cookie sealing uses, and it is small:
 * the protected header is the AEAD's associated data, the encrypted key is empty, AES-GCM gives
 * ciphertext and a 128-bit tag. The output is the same bytes jose's `CompactEncrypt` produces, so
 * values sealed by earlier versions (which used jose) still open.
 *
 * Why not jose here: every JWE entry point of jose imports its `zip: DEF` support, which names
 * `CompressionStream`; Next 15's edge bundler flags any module in the middleware that mentions it
 * ("A Node.js API is used (CompressionStream …) which is not supported in the Edge Runtime") at
 * parse time, so apps saw the warning even with sealing off, and lazy `import()` does not help
 * (the chunk is parsed all the same).
 *
 * @example
 *   const key = await importCompactKey(crypto.getRandomValues(new Uint8Array(32)));
 *   const jwe = await encryptCompact(new TextEncoder().encode('secret'), key, { alg: 'dir', enc: 'A256GCM', kid });
 *   const { header, plaintext } = await decryptCompact(jwe, key); // throws on any tampering
 */
import { base64UrlEncode } from '../cognito/pkce.js';
import { base64Decode } from '../cognito/srp/encoding.js';

export interface CompactJweHeader {
  alg: 'dir';
  enc: 'A256GCM';
  [parameter: string]: unknown;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Unpadded base64url, as compact serialization requires (RFC 7515 §2). */
const SEGMENT = /^[A-Za-z0-9_-]*$/;

/** The AES-256-GCM key for `dir`, imported once so each seal or open does no key set-up. */
export function importCompactKey(bytes: Uint8Array): Promise<CryptoKey> {
  if (bytes.length !== KEY_BYTES) throw new TypeError(`A256GCM needs a ${KEY_BYTES}-byte key`);
  return crypto.subtle.importKey('raw', bytes as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function encryptCompact(plaintext: Uint8Array, key: CryptoKey, header: CompactJweHeader): Promise<string> {
  const encodedHeader = base64UrlEncode(new TextEncoder().encode(JSON.stringify(header)));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: ascii(encodedHeader), tagLength: TAG_BYTES * 8 },
      aes256(key),
      plaintext as Uint8Array<ArrayBuffer>,
    ),
  );
  const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  return `${encodedHeader}..${base64UrlEncode(iv)}.${base64UrlEncode(ciphertext)}.${base64UrlEncode(tag)}`;
}

/** The protected header, unverified: which key to decrypt with is read from it. */
export function decodeCompactHeader(jwe: string): Record<string, unknown> {
  const encodedHeader = jwe.split('.')[0] ?? '';
  const json = decodeSegment(encodedHeader, 'protected header');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new TypeError('JWE protected header is not JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new TypeError('JWE protected header is not a JSON object');
  }
  return header as Record<string, unknown>;
}

/**
 * @throws TypeError when the value is not a compact `dir`/`A256GCM` JWE, or does not decrypt under
 * `key` (wrong key, or any byte of header, IV, ciphertext or tag changed).
 */
export async function decryptCompact(
  jwe: string,
  key: CryptoKey,
): Promise<{ header: Record<string, unknown>; plaintext: Uint8Array }> {
  const parts = jwe.split('.');
  if (parts.length !== 5) throw new TypeError('not a compact JWE');
  const [encodedHeader, encryptedKey, encodedIv, encodedCiphertext, encodedTag] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const header = decodeCompactHeader(jwe);
  // Nothing else is accepted: an attacker must not pick the algorithm, and `zip` or `crit`
  // would ask for processing this module does not do (RFC 7516 §4.1.3, RFC 7515 §4.1.11).
  if (header['alg'] !== 'dir' || header['enc'] !== 'A256GCM') throw new TypeError('JWE is not dir/A256GCM');
  if ('zip' in header || 'crit' in header) throw new TypeError('JWE asks for zip or crit processing');
  // `dir` uses the shared key as is, so the encrypted key must be empty (RFC 7516 §5.2 step 10).
  if (encryptedKey !== '') throw new TypeError('JWE with alg dir carries an encrypted key');
  const iv = decodeSegment(encodedIv, 'IV');
  const tag = decodeSegment(encodedTag, 'tag');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TypeError('JWE IV or tag has the wrong length');
  const ciphertext = decodeSegment(encodedCiphertext, 'ciphertext');
  const sealed = new Uint8Array(ciphertext.length + TAG_BYTES);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: ascii(encodedHeader), tagLength: TAG_BYTES * 8 },
      aes256(key),
      sealed,
    );
    return { header, plaintext: new Uint8Array(plaintext) };
  } catch {
    throw new TypeError('JWE failed to decrypt');
  }
}

/** WebCrypto would run AES-GCM with a 128-bit key just as well; A256GCM means 256. */
function aes256(key: CryptoKey): CryptoKey {
  const { name, length } = key.algorithm as AesKeyAlgorithm;
  if (name !== 'AES-GCM' || length !== KEY_BYTES * 8) throw new TypeError('A256GCM needs an AES-GCM key of 256 bits');
  return key;
}

function decodeSegment(segment: string, what: string): Uint8Array<ArrayBuffer> {
  const bytes = SEGMENT.test(segment) ? base64Decode(segment) : null;
  if (!bytes) throw new TypeError(`JWE ${what} is not base64url`);
  return bytes;
}

/** The AAD is the ASCII bytes of the encoded header (RFC 7516 §5.1 step 14). */
function ascii(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}
