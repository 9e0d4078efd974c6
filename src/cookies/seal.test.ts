import { compactDecrypt, CompactEncrypt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigInvalid, CookieCorrupt } from '../errors.js';
import { createCookieSealer } from './seal.js';

const A = 'a-secret-that-is-long-enough-000000';
const B = 'b-secret-that-is-long-enough-111111';
const KEY = 'CognitoIdentityServiceProvider.c.u.refreshToken';

describe('createCookieSealer', () => {
  it('round-trips as compact dir/A256GCM JWE with a key id', async () => {
    const sealer = createCookieSealer(A);
    const sealed = await sealer.seal(KEY, 'refresh-token-ü');
    expect(sealed.split('.')).toHaveLength(5);
    const header = decodeProtectedHeader(sealed);
    expect(header).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(header.kid).toMatch(/^[\w-]{8}$/);
    expect(await sealer.open(KEY, sealed)).toBe('refresh-token-ü');
  });

  it('rotates: seals with the first secret and opens with any listed', async () => {
    const old = await createCookieSealer(B).seal(KEY, 'v');
    const rotated = createCookieSealer([A, B]);
    expect(await rotated.open(KEY, old)).toBe('v');
    const fresh = await rotated.seal(KEY, 'v');
    expect(decodeProtectedHeader(fresh).kid).not.toBe(decodeProtectedHeader(old).kid);
    await expect(createCookieSealer(B).open(KEY, fresh)).rejects.toThrow(/no longer configured/);
  });

  it('rejects tampering, foreign values and values moved between cookies', async () => {
    const sealer = createCookieSealer(A);
    const sealed = await sealer.seal(KEY, 'v');
    const parts = sealed.split('.');
    parts[3] = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    await expect(sealer.open(KEY, parts.join('.'))).rejects.toBeInstanceOf(CookieCorrupt);
    await expect(sealer.open(KEY, 'eyJhbGciOiJSUzI1NiJ9.e30.sig')).rejects.toBeInstanceOf(CookieCorrupt);
    await expect(sealer.open(KEY, 'plain')).rejects.toBeInstanceOf(CookieCorrupt);
    await expect(sealer.open(KEY.replace('refreshToken', 'accessToken'), sealed)).rejects.toThrow(/another cookie/);
  });

  it('rejects a forged header even when kid and ck are copied', async () => {
    const sealer = createCookieSealer(A);
    const header = decodeProtectedHeader(await sealer.seal(KEY, 'v'));
    const forged = await new CompactEncrypt(new TextEncoder().encode('evil'))
      .setProtectedHeader(header as { alg: string; enc: string })
      .encrypt(new Uint8Array(32));
    await expect(sealer.open(KEY, forged)).rejects.toBeInstanceOf(CookieCorrupt);
    await expect(compactDecrypt(forged, new Uint8Array(32))).resolves.toBeTruthy();
  });

  it('refuses short or missing secrets', () => {
    expect(() => createCookieSealer('short')).toThrow(ConfigInvalid);
    expect(() => createCookieSealer([])).toThrow(ConfigInvalid);
  });
});
