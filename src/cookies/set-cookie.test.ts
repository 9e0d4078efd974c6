import { stringifySetCookie } from 'cookie';
import { describe, expect, it } from 'vitest';
import type { CookieWriteOptions } from './attributes.js';
import { serializeSetCookie } from './set-cookie.js';

describe('serializeSetCookie', () => {
  const expires = new Date('2030-01-02T03:04:05Z');
  const cases: [string, string, CookieWriteOptions][] = [
    ['CognitoIdentityServiceProvider.abc.LastAuthUser', 'demo@example.com', { path: '/', maxAge: 2592000 }],
    ['t', 'eyJ.a-b_c.d~e', { path: '/', sameSite: 'lax', secure: true, httpOnly: true, maxAge: 60 }],
    ['gone', '', { path: '/', domain: '.example.com', maxAge: 0, sameSite: 'strict' }],
    ['u', 'é ünïcode; and=more', { path: '/', sameSite: 'none', secure: true, expires }],
  ];

  it.each(cases)('writes %s exactly as the cookie package did', (name, value, options) => {
    expect(serializeSetCookie({ name, value, options })).toBe(stringifySetCookie(name, value, options));
  });

  it('refuses what would end the attribute or the header instead of passing it on', () => {
    expect(() => serializeSetCookie({ name: 'a;b', value: 'x', options: {} })).toThrow(TypeError);
    expect(() => serializeSetCookie({ name: 'a', value: 'x', options: { domain: 'x.com\r\nSet-Cookie: y' } })).toThrow(
      TypeError,
    );
    expect(() => serializeSetCookie({ name: 'a', value: 'x', options: { path: '/;Domain=evil' } })).toThrow(TypeError);
    expect(() => serializeSetCookie({ name: 'a', value: 'x', options: { maxAge: 1.5 } })).toThrow(TypeError);
    expect(serializeSetCookie({ name: 'a', value: '\r\n;', options: {} })).toBe('a=%0D%0A%3B');
  });
});
