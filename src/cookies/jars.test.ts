import type { NextRequest, NextResponse } from 'next/server';
import type { ReadonlyRequestCookies } from 'next/dist/server/web/spec-extension/adapters/request-cookies';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createHeadersJar } from './headers-jar.js';
import { createMemoryJar, type JarWrite } from './jar.js';
import {
  createNextHeadersJar,
  createNextMiddlewareJar,
  type NextCookieStoreLike,
  type NextRequestLike,
  type NextResponseLike,
} from './next-jars.js';

const set = (name: string, value: string): JarWrite => ({ name, value, options: { path: '/', maxAge: 60 } });
const del = (name: string): JarWrite => ({ name, value: '', options: { path: '/', maxAge: 0 } });

describe('structural Next types', () => {
  it("accept Next's own objects", () => {
    expectTypeOf<ReadonlyRequestCookies>().toExtend<NextCookieStoreLike>();
    expectTypeOf<NextRequest>().toExtend<NextRequestLike>();
    expectTypeOf<NextResponse>().toExtend<NextResponseLike>();
  });
});

describe('createMemoryJar', () => {
  it('applies writes and deletions, and records them', () => {
    const jar = createMemoryJar({ a: '1', b: '2' });
    jar.setAll([set('c', '3'), del('a')]);
    expect(jar.getAll()).toEqual([
      { name: 'b', value: '2' },
      { name: 'c', value: '3' },
    ]);
    expect(jar.writes.map((w) => w.name)).toEqual(['c', 'a']);
  });

  it('drops writes when read-only', () => {
    const jar = createMemoryJar({ a: '1' }, { writable: false });
    jar.setAll([set('a', '2')]);
    expect(jar.writable).toBe(false);
    expect(jar.getAll()).toEqual([{ name: 'a', value: '1' }]);
  });
});

describe('createNextHeadersJar', () => {
  function readOnlyStore(): NextCookieStoreLike {
    return {
      getAll: () => [{ name: 'a', value: '1' }],
      set() {
        // What Next's ReadonlyRequestCookies does in a server component.
        throw new Error('Cookies can only be modified in a Server Action or Route Handler.');
      },
    };
  }

  it('turns read-only on the first refused write, never throws, logs at debug', () => {
    const debug = vi.fn();
    const jar = createNextHeadersJar(readOnlyStore(), { logger: { debug } });
    expect(jar.writable).toBe(true);
    expect(() => jar.setAll([set('b', '2')])).not.toThrow();
    expect(jar.writable).toBe(false);
    jar.setAll([set('c', '3')]);
    expect(debug).toHaveBeenCalledTimes(2);
    expect(jar.getAll()).toEqual([{ name: 'a', value: '1' }]);
  });

  it('writes through a mutable store and reads its own writes', () => {
    const calls: unknown[][] = [];
    const jar = createNextHeadersJar({
      getAll: () => [{ name: 'a', value: '1' }],
      set: (...args: unknown[]) => calls.push(args),
    });
    jar.setAll([set('b', '2'), del('a')]);
    expect(calls).toEqual([
      ['b', '2', { path: '/', maxAge: 60 }],
      ['a', '', { path: '/', maxAge: 0 }],
    ]);
    expect(jar.getAll()).toEqual([{ name: 'b', value: '2' }]);
  });
});

describe('createNextMiddlewareJar', () => {
  it('writes to the response and mirrors into the request cookies', () => {
    const requestCookies = new Map([['a', '1'], ['old', 'x']]);
    const request: NextRequestLike = {
      cookies: {
        getAll: () => [...requestCookies].map(([name, value]) => ({ name, value })),
        set: (name, value) => requestCookies.set(name, value),
        delete: (name) => requestCookies.delete(name),
      },
    };
    const responseSets: unknown[][] = [];
    const response: NextResponseLike = { cookies: { set: (...args) => responseSets.push(args) } };
    const jar = createNextMiddlewareJar(request, response);
    jar.setAll([set('a', '2'), del('old')]);
    expect(responseSets).toEqual([
      ['a', '2', { path: '/', maxAge: 60 }],
      ['old', '', { path: '/', maxAge: 0 }],
    ]);
    expect(jar.getAll()).toEqual([{ name: 'a', value: '2' }]);
  });
});

describe('createHeadersJar', () => {
  it('parses the Cookie header (decoding values) and appends Set-Cookie lines', () => {
    const request = new Request('http://x/', { headers: { cookie: 'a=1; n%40x=v%40l; a=dup' } });
    const response = new Response(null);
    const jar = createHeadersJar(request, response);
    expect(jar.getAll()).toEqual([
      { name: 'a', value: '1' },
      { name: 'n%40x', value: 'v@l' },
    ]);
    jar.setAll([{ name: 'b', value: 'x y', options: { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 5 } }]);
    expect(response.headers.getSetCookie()).toEqual(['b=x%20y; Max-Age=5; Path=/; HttpOnly; SameSite=Lax']);
    expect(jar.getAll()).toContainEqual({ name: 'b', value: 'x y' });
  });

  it('is read-only without a response or with immutable headers', () => {
    const request = new Request('http://x/');
    expect(createHeadersJar(request).writable).toBe(false);
    const jar = createHeadersJar(request, Response.redirect('http://x/y'), { logger: { debug() {} } });
    expect(() => jar.setAll([set('a', '1')])).not.toThrow();
    expect(jar.writable).toBe(false);
  });
});
