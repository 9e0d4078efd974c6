import { parse } from 'cookie';
import { describe, expect, it } from 'vitest';
import { parseCookieHeader } from './cookie-header.js';

describe('parseCookieHeader', () => {
  it('keeps every pair in order, duplicates included', () => {
    expect(parseCookieHeader('a=1; b=2; a=3')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
      { name: 'a', value: '3' },
    ]);
  });

  it('decodes values like the `cookie` package: percent-decoding, the raw text when that fails', () => {
    const header = ' n%40x = v%40l ;bad=%E0%A4%A; q="x"; e=; \ttab\t=1\t';
    expect(parseCookieHeader(header)).toEqual([
      { name: 'n%40x', value: 'v@l' },
      { name: 'bad', value: '%E0%A4%A' },
      { name: 'q', value: '"x"' },
      { name: 'e', value: '' },
      { name: 'tab', value: '1' },
    ]);
    // Same values as the package gives (it keeps only the first of a name; there is none twice here).
    expect(Object.fromEntries(parseCookieHeader(header).map((c) => [c.name, c.value]))).toEqual({ ...parse(header) });
  });

  it('skips pairs without "=" or without a name, and is empty for no header', () => {
    expect(parseCookieHeader('flag; =v; ok=1;;')).toEqual([{ name: 'ok', value: '1' }]);
    expect(parseCookieHeader(null)).toEqual([]);
    expect(parseCookieHeader('')).toEqual([]);
  });

  it('is safe with names like __proto__', () => {
    expect(parseCookieHeader('__proto__=1; constructor=2')).toEqual([
      { name: '__proto__', value: '1' },
      { name: 'constructor', value: '2' },
    ]);
  });
});
