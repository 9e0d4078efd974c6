import { NextRequest, NextResponse } from 'next/server';
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
  it('parses a raw Cookie header, keeping every copy of a name', () => {
    const jar = createMemoryJar('a=1; b=x%40y; a=2');
    expect(jar.getAll()).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'x@y' },
      { name: 'a', value: '2' },
    ]);
    jar.setAll([set('a', '3')]);
    expect(jar.getAll()).toEqual([
      { name: 'a', value: '3' },
      { name: 'b', value: 'x@y' },
    ]);
  });

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
  const headers = new Headers({ cookie: 'a=1' });

  function readOnlyStore(): NextCookieStoreLike {
    return {
      set() {
        // What Next's ReadonlyRequestCookies does in a server component.
        throw new Error('Cookies can only be modified in a Server Action or Route Handler.');
      },
    };
  }

  it('turns read-only on the first refused write, never throws, logs at debug', () => {
    const debug = vi.fn();
    const jar = createNextHeadersJar(readOnlyStore(), headers, { logger: { debug } });
    expect(jar.writable).toBe(true);
    expect(() => jar.setAll([set('b', '2')])).not.toThrow();
    expect(jar.writable).toBe(false);
    jar.setAll([set('c', '3')]);
    expect(debug).toHaveBeenCalledTimes(2);
    expect(jar.getAll()).toEqual([{ name: 'a', value: '1' }]);
  });

  it('writes through a mutable store and reads its own writes', () => {
    const calls: unknown[][] = [];
    const jar = createNextHeadersJar({ set: (...args: unknown[]) => calls.push(args) }, headers);
    jar.setAll([set('b', '2'), del('a')]);
    expect(calls).toEqual([
      ['b', '2', { path: '/', maxAge: 60 }],
      ['a', '', { path: '/', maxAge: 0 }],
    ]);
    expect(jar.getAll()).toEqual([{ name: 'b', value: '2' }]);
  });

  it("reads the raw header, where Next's cookies() would have kept only the last copy", () => {
    const jar = createNextHeadersJar({ set() {} }, new Headers({ cookie: 'a=1; a=2' }));
    expect(jar.getAll()).toEqual([
      { name: 'a', value: '1' },
      { name: 'a', value: '2' },
    ]);
  });
});

describe('createNextMiddlewareJar', () => {
  it('writes to the response and mirrors into the request cookies', () => {
    const requestCookies = new Map([
      ['a', '1'],
      ['old', 'x'],
    ]);
    const request: NextRequestLike = {
      headers: new Headers({ cookie: 'a=1; old=x; a=dup' }),
      cookies: {
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
    expect(requestCookies).toEqual(new Map([['a', '2']]));
  });

  it('reads every copy the request sent, even after Next rewrote its Cookie header', () => {
    const request = new NextRequest('http://x/', { headers: { cookie: 'a=1; b=2; a=3' } });
    const jar = createNextMiddlewareJar(request, NextResponse.next());
    jar.setAll([set('b', '4')]); // request.cookies.set rewrites the header from Next's map
    expect(request.headers.get('cookie')).toBe('a=3; b=4');
    expect(jar.getAll()).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '4' },
      { name: 'a', value: '3' },
    ]);
  });
});

describe('createHeadersJar', () => {
  it('parses the Cookie header (decoding values, keeping duplicates) and appends Set-Cookie lines', () => {
    const request = new Request('http://x/', { headers: { cookie: 'a=1; n%40x=v%40l; a=dup' } });
    const response = new Response(null);
    const jar = createHeadersJar(request, response);
    expect(jar.getAll()).toEqual([
      { name: 'a', value: '1' },
      { name: 'n%40x', value: 'v@l' },
      { name: 'a', value: 'dup' },
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
