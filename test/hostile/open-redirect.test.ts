/**
 * Open-redirect payloads against every place a returnTo turns into a Location: `safeReturnTo`
 * itself (a corpus plus a property over arbitrary strings, judged by the WHATWG URL parser a
 * browser uses), the route handlers' sign-in and sign-out redirects, and the middleware's
 * sign-in redirect under `next start`, with raw request paths sent over node:http.
 */
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { safeReturnTo } from '../../src/next/return-to';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from '../integration/support/next-server';
import { APP, call, createAuthRouteHandlers, routeCore, type Handlers } from './support/route-driver';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;

const PAYLOADS = [
  '//evil.com',
  '///evil.com',
  '////evil.com',
  '/\\evil.com',
  '\\\\evil.com',
  '\\/evil.com',
  '/\\/evil.com',
  'https:evil.com',
  'https://evil.com',
  'http://evil.com/dashboard',
  'HTTPS://EVIL.COM',
  '//evil.com/%2F..',
  '%2F%2Fevil.com',
  '/%2F/evil.com',
  '/%2F%2Fevil.com',
  '%5C%5Cevil.com',
  '/%5Cevil.com',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '/\t/evil.com',
  '/\n/evil.com',
  '/\r\n/evil.com',
  '\t//evil.com',
  ' //evil.com',
  '/%09/evil.com',
  '/%0a/evil.com',
  '/%0d/evil.com',
  '/.//evil.com',
  '/./\\evil.com',
  '/../..//evil.com',
  '/dashboard/..//evil.com',
  '/%2e%2e//evil.com',
  '/\u2215\u2215evil.com',
  '\u2215\u2215evil.com',
  '/\uff0f/evil.com',
  '\uff0f\uff0fevil.com',
  '/\u3002evil.com',
  '//evil%E3%80%82com',
  '/@evil.com',
  '//user@evil.com',
  '@evil.com',
  'evil.com',
  '.evil.com',
  '?next=//evil.com',
  '#//evil.com',
  '/\u0000//evil.com',
  '/\u007f/evil.com',
  '//%09/evil.com',
  '/\u00a0/evil.com',
  '/ /evil.com',
  `/${'a'.repeat(5000)}`,
];

const ORIGIN = 'https://app.example';

/** Where a browser on ORIGIN would go for this Location. */
function browserTarget(location: string): URL {
  return new URL(location, `${ORIGIN}/some/page`);
}

function assertSameOriginPath(location: string): void {
  expect(location.startsWith('/'), location).toBe(true);
  expect(/^\/[\\/]/.test(location), location).toBe(false);
  expect(browserTarget(location).origin, location).toBe(ORIGIN);
}

describe('safeReturnTo', () => {
  it.each(PAYLOADS.map((p) => [JSON.stringify(p).slice(0, 60), p]))('%s stays on this origin', (_label, payload) => {
    const result = safeReturnTo(payload);
    assertSameOriginPath(result);
  });

  it('keeps genuine same-origin paths intact', () => {
    expect(safeReturnTo('/dashboard?tab=1#top')).toBe('/dashboard?tab=1#top');
    expect(safeReturnTo('/a/b/../c')).toBe('/a/c');
  });

  it('property: any string (full unicode, control and slash-like characters) ends up on this origin', () => {
    const slashy = fc.constantFrom(
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      '%2F',
      '%5C',
      '%09',
      '.',
      '..',
      ':',
      '@',
      '#',
      '?',
      '\u2215',
      '\uff0f',
      'evil.com',
      'javascript:',
    );
    const arbitrary = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(slashy, { maxLength: 12 }).map((xs) => xs.join('')),
      fc.array(slashy, { maxLength: 12 }).map((xs) => `/${xs.join('')}`),
    );
    fc.assert(
      fc.property(arbitrary, (raw) => {
        assertSameOriginPath(safeReturnTo(raw));
      }),
      { numRuns: 5000, seed: 31_337 },
    );
  });
});

describe('route handlers (createAuthRouteHandlers, plain Requests)', () => {
  let idp: RunningIdp;
  let handlers: Handlers;
  let localSignOut: Handlers;
  beforeAll(async () => {
    idp = await startIdp({ port: 0, log: () => {} });
    handlers = createAuthRouteHandlers(routeCore(idp));
    localSignOut = createAuthRouteHandlers(routeCore(idp), { hostedSignOut: false });
  });
  afterAll(async () => {
    await idp?.close();
  });

  it.each(PAYLOADS.slice(0, 30))('sign-in form with returnTo %j: 303 to a same-origin path', async (returnTo) => {
    const response = await call(handlers, 'sign-in', {
      form: { username: demo.username, password: demo.password, returnTo },
    });
    expect(response.status).toBe(303);
    assertSameOriginPath(response.headers.get('location')!);
  });

  it.each(PAYLOADS.slice(30))(
    'failed sign-in form with returnTo %j: the error redirect stays same-origin',
    async (returnTo) => {
      const response = await call(handlers, 'sign-in', {
        form: { username: demo.username, password: 'Wrong-pass1', returnTo },
      });
      expect(response.status).toBe(303);
      const location = response.headers.get('location')!;
      assertSameOriginPath(location);
      const echoed = browserTarget(location).searchParams.get('returnTo');
      if (echoed !== null) assertSameOriginPath(echoed);
    },
  );

  it.each(PAYLOADS)(
    'sign-out form with returnTo %j (hostedSignOut off): 303 to a same-origin path',
    async (returnTo) => {
      const response = await call(localSignOut, 'sign-out', { form: { returnTo } });
      // Over-long values too: a sign-out never fails over where to go afterwards.
      expect(response.status).toBe(303);
      assertSameOriginPath(response.headers.get('location')!);
    },
  );

  it.each(PAYLOADS.slice(0, 20))(
    'sign-out form with returnTo %j goes only to the IdP /logout, returnTo left behind',
    async (returnTo) => {
      const response = await call(handlers, 'sign-out', { form: { returnTo } });
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(`${idp.url}/logout`);
      expect([...location.searchParams]).toEqual([
        ['client_id', idp.defaultClientId],
        ['logout_uri', `${APP}/`],
      ]);
    },
  );

  it.each(PAYLOADS.slice(0, 20))(
    'hosted sign-in with returnTo %j goes only to the IdP, and remembers a safe path',
    async (returnTo) => {
      const response = await call(handlers, 'sign-in', { query: { provider: 'hosted', returnTo } });
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get('location')!).origin).toBe(idp.url);
    },
  );
});

describe('middleware sign-in redirect under next start (raw request paths)', () => {
  let idp: RunningIdp;
  let app: NextServer;
  beforeAll(async () => {
    idp = await startIdp({ port: 0, log: () => {} });
    app = await startNext(APP_VARIANTS[0].dir, appEnv(idp));
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  /** node:http sends the path exactly as given (fetch would normalise it first). */
  function rawGet(path: string): Promise<{ status: number; location?: string }> {
    const { hostname, port } = new URL(app.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}) }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  const RAW_PATHS = [
    '//evil.com/dashboard',
    '///evil.com/dashboard',
    '/dashboard//evil.com',
    '/dashboard/..//evil.com',
    '/dashboard/%2F%2Fevil.com',
    '/dashboard?returnTo=//evil.com',
    '/dashboard?returnTo=https://evil.com',
    '/dashboard/%5Cevil.com',
    '/dashboard/%09/evil.com',
    '/dashboard/.//evil.com',
    '/dashboard/%2e%2e//evil.com',
    '//dashboard',
    '/\\evil.com/dashboard',
    '/dashboard/\\evil.com',
    '/dashboard/%E2%88%95%E2%88%95evil.com',
    '/admin//evil.com',
    '/dashboard/@evil.com',
    '/dashboard#//evil.com',
  ];

  it.each(RAW_PATHS)('GET %s: any Location stays on the app origin, never a 5xx', async (path) => {
    const { status, location } = await rawGet(path);
    expect(status, app.output().slice(-1500)).toBeLessThan(500);
    if (!location) return;
    const target = new URL(location, app.url);
    expect(target.origin).toBe(app.url);
    const returnTo = target.searchParams.get('returnTo');
    if (returnTo !== null) {
      // What the sign-in page will do with it: a same-origin path, whatever the request was.
      expect(new URL(safeReturnTo(returnTo), app.url).origin).toBe(app.url);
      expect(returnTo.startsWith('/')).toBe(true);
    }
  });

  it('a protected path really is redirected to sign-in (the cases above can see a Location)', async () => {
    const { status, location } = await rawGet('/dashboard?returnTo=//evil.com');
    expect(status).toBe(307);
    const target = new URL(location!, app.url);
    expect(target.pathname).toBe('/sign-in');
    expect(target.searchParams.get('returnTo')).toBe('/dashboard?returnTo=%2F%2Fevil.com');
  });
});
