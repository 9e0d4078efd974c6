import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it.each(['/', '/dashboard', '/dashboard?tab=claims#top', '/a/b/../c', '/%2F%2Fevil.com'])(
    'keeps same-origin path %j',
    (raw) => {
      const result = safeReturnTo(raw);
      expect(result.startsWith('/')).toBe(true);
      expect(result.startsWith('//')).toBe(false);
      expect(new URL(result, 'https://app.example').origin).toBe('https://app.example');
    },
  );

  it.each([
    '//evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    'https://evil.com',
    'https:evil.com',
    'javascript:alert(1)',
    '%2F%2Fevil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    '/.//evil.com',
    ' /dashboard',
    '',
    'dashboard',
  ])('refuses %j', (raw) => {
    expect(safeReturnTo(raw)).toBe('/');
  });

  it('refuses non-strings and absurd lengths', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo(['/a'])).toBe('/');
    expect(safeReturnTo('/' + 'a'.repeat(5000))).toBe('/');
  });

  it('uses the given fallback', () => {
    expect(safeReturnTo('//evil.com', '/home')).toBe('/home');
  });
});
