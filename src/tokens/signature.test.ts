import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../node-crypto.js';
import type { RsaJwk } from './jwks.js';
import { ImportedKeys, verifyRs256 } from './signature.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const exported = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
const jwk: RsaJwk = { kty: 'RSA', kid: 'k1', n: exported.n, e: exported.e, use: 'sig', alg: 'RS256' };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signingInput = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'someone' })}`;
const token = `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
const tampered = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'someone-else' })}.${token.split('.')[2]}`;

describe.each([
  ['node:crypto (Node)', nodeCrypto()],
  ['WebCrypto (edge)', undefined],
])('RS256 through %s', (_name, node) => {
  it('accepts the key’s signature and refuses it over other bytes', async () => {
    const keys = new ImportedKeys(node);
    expect(await verifyRs256(token, keys.get(jwk))).toBe(true);
    expect(await verifyRs256(tampered, keys.get(jwk))).toBe(false);
  });
});

it('the Node backend is the one used on Node, and refuses a JWK that is not RSA', async () => {
  expect(nodeCrypto()).toBeDefined();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  // An EC key under an RSA-shaped record (a JWKS that lies about kty) must never verify RS256.
  const lying = { ...ec, kty: 'RSA', kid: 'k2', use: 'sig', alg: 'RS256' } as unknown as RsaJwk;
  await expect(new ImportedKeys().get(lying)).rejects.toThrow();
});
