import { describe, expect, it } from 'vitest';
import { decodeUnverified } from './decode.js';
import { unsignedJwt } from '../../test/support/test-idp.js';

describe('decodeUnverified', () => {
  it('reads exp and username without a key', () => {
    const raw = unsignedJwt({ alg: 'RS256', kid: 'k' }, { exp: 123, username: 'ålice@example.com', sub: 7 }, 'c2ln');
    const { header, payload } = decodeUnverified(raw);
    expect(header.kid).toBe('k');
    expect(payload.exp).toBe(123);
    expect(payload.username).toBe('ålice@example.com'); // UTF-8, not latin-1
    expect(payload.sub).toBeUndefined(); // wrong type: dropped rather than mistyped
  });

  it.each([
    ['empty', ''],
    ['two segments', 'e30.e30'],
    ['bad base64', 'e30.e3*.c2ln'],
    ['not JSON', `${btoa('nope')}.e30.c2ln`],
    ['JSON array', `${btoa('[]')}.e30.c2ln`],
    ['bad UTF-8', `e30.${btoa('\xff\xfe').replace(/=+$/, '')}.c2ln`],
  ])('refuses %s with InvalidToken', (_name, raw) => {
    expect(() => decodeUnverified(raw)).toThrow(expect.objectContaining({ code: 'InvalidToken' }));
  });
});
