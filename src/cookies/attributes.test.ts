import { describe, expect, it } from 'vitest';
import { ConfigInvalid } from '../errors.js';
import { deletionAttributes, isHttpsRequest, resolveCookieAttributes } from './attributes.js';

const req = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe('resolveCookieAttributes', () => {
  it('uses Path=/, SameSite=Lax, 30 days, and no Secure on http', () => {
    expect(resolveCookieAttributes({}, req('http://localhost:3000/x'))).toEqual({
      path: '/',
      sameSite: 'lax',
      secure: false,
      httpOnly: false,
      maxAge: 30 * 24 * 60 * 60,
    });
  });

  it('sets Secure on https, from the URL or from x-forwarded-proto', () => {
    expect(resolveCookieAttributes({}, req('https://app.example/')).secure).toBe(true);
    expect(
      resolveCookieAttributes({}, req('http://10.0.0.5:3000/', { 'x-forwarded-proto': 'https, http' })).secure,
    ).toBe(true);
    expect(isHttpsRequest(req('https://app.example/', { 'x-forwarded-proto': 'http' }))).toBe(false);
    expect(isHttpsRequest(undefined)).toBe(false);
  });

  it('honours explicit options', () => {
    const attrs = resolveCookieAttributes(
      { secure: true, httpOnly: true, sameSite: 'strict', domain: 'example.com', maxAge: 3600 },
      req('http://localhost/'),
    );
    expect(attrs).toEqual({
      path: '/',
      sameSite: 'strict',
      secure: true,
      httpOnly: true,
      maxAge: 3600,
      domain: 'example.com',
    });
    expect(Object.isFrozen(attrs)).toBe(true);
  });

  it('refuses SameSite=None without Secure and a non-positive Max-Age', () => {
    expect(() => resolveCookieAttributes({ sameSite: 'none' }, req('http://x/'))).toThrow(ConfigInvalid);
    expect(() => resolveCookieAttributes({ maxAge: 0 })).toThrow(ConfigInvalid);
  });

  it('deletes with the same Path and Domain and Max-Age 0', () => {
    const attrs = resolveCookieAttributes({ domain: 'example.com' }, req('https://example.com/'));
    expect(deletionAttributes(attrs)).toMatchObject({ path: '/', domain: 'example.com', maxAge: 0 });
  });
});
