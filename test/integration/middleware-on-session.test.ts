/**
 * `onSession` returning its own response: the real middleware function (NextRequest from
 * next/server) against the real IdP. A refresh in that request must still reach both audiences —
 * the browser (Set-Cookie) and this request's pages and handlers, through Next's request-header
 * override protocol (`x-middleware-override-headers` + `x-middleware-request-<name>`, the headers
 * `NextResponse.next({ request: { headers } })` writes and Next's router applies).
 */
import { NextRequest, NextResponse } from 'next/server';
import { describe, expect, it } from 'vitest';
import { createAuthMiddleware, type AuthMiddlewareOptions } from '../../src/next/middleware';
import { BrowserCookies, jtiOf } from './support/browser';
import { createCore, signedInCookies, useIdpPerTest } from './support/session-harness';

const env = useIdpPerTest();

/** The request headers Next hands on after this middleware response, as its router applies them. */
function forwardedHeaders(response: Response, original: Headers): Map<string, string> {
  const list = response.headers.get('x-middleware-override-headers');
  if (list === null) return new Map(original);
  return new Map(
    list
      .split(',')
      .map((name) => name.trim())
      .map((name) => [name, response.headers.get(`x-middleware-request-${name}`) ?? ''] as const),
  );
}

async function expiredSessionRequest(path = '/dashboard') {
  const core = createCore(env.idp, env.clock);
  const cookies = new BrowserCookies(await signedInCookies(core));
  env.clock.advance(3600 + 60); // both tokens expired; the refresh token is good for 30 days
  const headers = new Headers({ cookie: cookies.header(), accept: 'text/html', 'x-request-id': 'req-1' });
  return { core, cookies, headers, request: new NextRequest(`http://localhost:3000${path}`, { headers }) };
}

function middlewareWith(core: ReturnType<typeof createCore>, onSession: AuthMiddlewareOptions['onSession']) {
  return createAuthMiddleware(core, { protect: ['/dashboard'], onSession });
}

describe('onSession returning a response', () => {
  it('next-with-headers: refreshed cookies reach the browser and this request, other request headers kept', async () => {
    const { core, cookies, headers, request } = await expiredSessionRequest();
    const middleware = middlewareWith(core, () => NextResponse.next({ headers: { 'x-frame-options': 'DENY' } }));
    const response = await middleware(request);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const browser = cookies.clone();
    browser.apply(response);
    const newJti = jtiOf(browser.get('.accessToken'));
    expect(newJti).toBeDefined();
    expect(newJti).not.toBe(jtiOf(cookies.get('.accessToken')));

    const forwarded = forwardedHeaders(response, headers);
    expect(forwarded.get('accept')).toBe('text/html');
    expect(forwarded.get('x-request-id')).toBe('req-1');
    // The page of this very request reads the new tokens, not the expired ones.
    const pageCookies = new BrowserCookies(
      forwarded
        .get('cookie')!
        .split('; ')
        .map((pair) => {
          const at = pair.indexOf('=');
          return { name: pair.slice(0, at), value: decodeURIComponent(pair.slice(at + 1)) };
        }),
    );
    expect(jtiOf(pageCookies.get('.accessToken'))).toBe(newJti);
    expect(pageCookies.get('.refreshToken')).toBe(browser.get('.refreshToken'));
  });

  it('app-overrides-kept: request headers the app set itself survive, only the Cookie header is replaced', async () => {
    const { core, headers, request } = await expiredSessionRequest();
    const middleware = middlewareWith(core, ({ request: incoming }) => {
      const appHeaders = new Headers(incoming.headers);
      appHeaders.set('x-tenant', 'acme');
      appHeaders.delete('x-request-id');
      return NextResponse.next({ request: { headers: appHeaders } });
    });
    const response = await middleware(request);
    const forwarded = forwardedHeaders(response, headers);
    expect(forwarded.get('x-tenant')).toBe('acme');
    expect(forwarded.has('x-request-id')).toBe(false);
    expect(forwarded.get('cookie')).not.toBe(headers.get('cookie'));
    expect(forwarded.get('cookie')).toContain('.accessToken=');
  });

  it('rewrite: a rewrite forwards the refreshed cookies too', async () => {
    const { core, headers, request } = await expiredSessionRequest();
    const middleware = middlewareWith(core, ({ request: incoming }) =>
      NextResponse.rewrite(new URL('/dashboard/v2', incoming.url)),
    );
    const response = await middleware(request);
    expect(response.headers.get('x-middleware-rewrite')).toBe('http://localhost:3000/dashboard/v2');
    expect(response.headers.getSetCookie().some((line) => line.includes('.accessToken='))).toBe(true);
    expect(forwardedHeaders(response, headers).get('cookie')).not.toBe(headers.get('cookie'));
  });

  it('redirect: a response that ends the request gets Set-Cookie only, no request override', async () => {
    const { core, request } = await expiredSessionRequest();
    const middleware = middlewareWith(core, ({ request: incoming }) =>
      NextResponse.redirect(new URL('/welcome', incoming.url)),
    );
    const response = await middleware(request);
    expect(response.status).toBe(307);
    expect(response.headers.get('x-middleware-override-headers')).toBeNull();
    expect(response.headers.getSetCookie().some((line) => line.includes('.accessToken='))).toBe(true);
  });

  it('valid-session-untouched: without a refresh the app response is passed on as it is', async () => {
    const core = createCore(env.idp, env.clock);
    const cookies = new BrowserCookies(await signedInCookies(core));
    const custom = NextResponse.next({ headers: { 'x-frame-options': 'DENY' } });
    const middleware = middlewareWith(core, () => custom);
    const response = await middleware(
      new NextRequest('http://localhost:3000/dashboard', { headers: { cookie: cookies.header() } }),
    );
    expect(response).toBe(custom);
    expect(response.headers.get('x-middleware-override-headers')).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
