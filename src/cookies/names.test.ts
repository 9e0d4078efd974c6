import { CookieStorage } from 'aws-amplify/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeCookieName,
  decodeCookieValue,
  encodeCookieName,
  encodeCookieValue,
  lastAuthUserKey,
  parseUserKey,
  tokenKey,
} from './names.js';

/** Records what Amplify's browser CookieStorage (js-cookie underneath) assigns to document.cookie. */
let assigned: string[] = [];

async function jsCookieLine(name: string, value: string): Promise<string> {
  await new CookieStorage().setItem(name, value);
  return assigned.at(-1)!.split('; ')[0]!;
}

describe('cookie names', () => {
  beforeEach(() => {
    assigned = [];
    (globalThis as { document?: unknown }).document = {
      get cookie() {
        return '';
      },
      set cookie(line: string) {
        assigned.push(line);
      },
    };
  });
  afterEach(() => {
    delete (globalThis as { document?: unknown }).document;
  });

  const table: Array<[username: string, encoded: string]> = [
    ['demo@example.com', 'demo%40example.com'],
    ['a+b', 'a+b'],
    ['#$&^`|', '#$&^`|'],
    ['100%', '100%25'],
    ['zoë 日本', 'zo%C3%AB%20%E6%97%A5%E6%9C%AC'],
    ['we(ird)', 'we%28ird%29'],
    ['semi;colon=eq,comma', 'semi%3Bcolon%3Deq%2Ccomma'],
  ];

  it.each(table)('encodes %j like js-cookie', async (username, encoded) => {
    const key = tokenKey('client1', username, 'accessToken');
    const name = encodeCookieName(key);
    expect(name).toBe(`CognitoIdentityServiceProvider.client1.${encoded}.accessToken`);
    expect((await jsCookieLine(key, 'v')).split('=')[0]).toBe(name);
    expect(decodeCookieName(name)).toBe(key);
  });

  it('decodes names adapter-nextjs wrote without escaping parentheses', () => {
    expect(decodeCookieName('x.we(ird).idToken')).toBe('x.we(ird).idToken');
    expect(decodeCookieName('bad%E0%A4%A')).toBeNull();
  });

  it.each([
    'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    '{"loginId":"demo@example.com","authFlowType":"USER_SRP_AUTH"}',
    'semi;colon "quoted" 100% zoë',
  ])('encodes and decodes value %j like js-cookie', async (value) => {
    const line = await jsCookieLine('k', value);
    expect(line.slice(2)).toBe(encodeCookieValue(value));
    expect(decodeCookieValue(encodeCookieValue(value))).toBe(value);
    expect(decodeCookieValue(encodeURIComponent(value))).toBe(value);
  });

  it('splits per-user keys whatever dots the username holds', () => {
    expect(parseUserKey('c', tokenKey('c', 'a.b@c.d', 'refreshToken'))).toEqual({
      username: 'a.b@c.d',
      kind: 'refreshToken',
    });
    expect(parseUserKey('c', lastAuthUserKey('c'))).toBeNull();
    expect(parseUserKey('other', tokenKey('c', 'u', 'idToken'))).toBeNull();
  });
});
