/**
 * Minting forged JWTs with jose: foreign keys, confused algorithms, hostile headers, and the raw
 * segment surgery (alg none, truncation, bad base64) that no signing library will do for us.
 */
import {
  base64url,
  CompactSign,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';

export type Claims = Record<string, unknown>;
export type Header = Record<string, unknown>;

const utf8 = new TextEncoder();

export function segment(value: unknown): string {
  return base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** `header.payload.signature` from parts, nothing checked. */
export function compact(header: unknown, payload: unknown, signature = 'c2lnbmF0dXJl'): string {
  return `${segment(header)}.${segment(payload)}.${signature}`;
}

export function parts(token: string): { header: Header; payload: Claims; signature: string } {
  const [h, p, s] = token.split('.');
  return {
    header: JSON.parse(new TextDecoder().decode(base64url.decode(h!))),
    payload: JSON.parse(new TextDecoder().decode(base64url.decode(p!))),
    signature: s!,
  };
}

/** Signs with jose; `header.alg` picks the algorithm, every other member is passed through. */
export async function sign(header: Header, payload: Claims, key: CryptoKey | Uint8Array): Promise<string> {
  return new CompactSign(utf8.encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(key);
}

export interface ForeignKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function foreignKey(alg = 'RS256', kid = `attacker-${alg.toLowerCase()}`): Promise<ForeignKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateKey, publicJwk };
}

/** The IdP's published key for `kid` as PEM (what HS256-confusion attacks use as the secret). */
export async function publicKeyPem(jwk: JWK): Promise<string> {
  const key = (await importJWK({ ...jwk, ext: true }, 'RS256')) as CryptoKey;
  return exportSPKI(key);
}

export function bytes(text: string): Uint8Array {
  return utf8.encode(text);
}
