/**
 * Getting a protected page rendered without the auth middleware deciding. The old default
 * matcher let the client skip the middleware: it excluded requests carrying a prefetch header
 * and paths ending in an asset extension — both the client's choice — so `Next-Router-Prefetch: 1`
 * on /admin answered the admin page to a non-admin, and `/admin/42.png` rendered the protected
 * dynamic segment `/admin/[id]` to anyone.
 *
 * Here, under `next start` of both builds (edge middleware.ts, node proxy.ts), signed out and
 * signed in without ADMINS: every header Next or browsers use for prefetch, RSC and data requests,
 * Next's internal headers (`x-middleware-subrequest`, the CVE-2025-29927 skip), asset-like
 * suffixes, trailing and doubled slashes, HEAD, percent-encoded, case-changed, transport-form
 * (`.rsc`, `.segments/…`, `/_next/data/…`) and dot-segment spellings, sent as raw bytes, and a
 * path past the length the middleware matches. None may answer 2xx or show protected content.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { DEFAULT_MATCHER } from '../../src/next/middleware';
import { MAX_MATCHED_PATH_LENGTH } from '../../src/next/request-path';
import { signInBrowser } from '../integration/support/browser';
import { APP_VARIANTS, appEnv, REPO, startNext, type NextServer } from '../integration/support/next-server';
import { rawRequest, type RawResponse } from './support/raw-http';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;

/** Markers only the protected pages render (HTML attributes, or the same names in RSC payloads). */
const PROTECTED_CONTENT = /admin-user|admin-record|access-jti/;

const ROUTER_STATE = encodeURIComponent(JSON.stringify(['', { children: ['__PAGE__', {}] }, null, null, true]));

/** Headers that mark prefetch, RSC and data requests, or that Next uses internally. */
const HEADER_SETS: Record<string, Record<string, string>> = {
  'Next-Router-Prefetch': { 'next-router-prefetch': '1' },
  'Next-Router-Prefetch + RSC': { 'next-router-prefetch': '1', rsc: '1' },
  'segment prefetch': { rsc: '1', 'next-router-prefetch': '1', 'next-router-segment-prefetch': '/_tree' },
  'RSC navigation with a router state tree': { rsc: '1', 'next-router-state-tree': ROUTER_STATE },
  'RSC with Next-Url': { rsc: '1', 'next-url': '/' },
  'Accept: text/x-component': { accept: 'text/x-component' },
  'Purpose: prefetch': { purpose: 'prefetch' },
  'Sec-Purpose: prefetch': { 'sec-purpose': 'prefetch' },
  'Sec-Purpose: prefetch;prerender': { 'sec-purpose': 'prefetch;prerender' },
  'X-Purpose: preview': { 'x-purpose': 'preview' },
  'X-Moz: prefetch': { 'x-moz': 'prefetch' },
  'x-nextjs-data': { 'x-nextjs-data': '1' },
  'x-middleware-prefetch': { 'x-middleware-prefetch': '1' },
  'x-middleware-subrequest: middleware ×5': { 'x-middleware-subrequest': Array(5).fill('middleware').join(':') },
  'x-middleware-subrequest: src/middleware ×5': {
    'x-middleware-subrequest': Array(5).fill('src/middleware').join(':'),
  },
  'x-middleware-subrequest: proxy ×5': { 'x-middleware-subrequest': Array(5).fill('proxy').join(':') },
  'x-middleware-subrequest: pages/_middleware': { 'x-middleware-subrequest': 'pages/_middleware' },
  'x-middleware-skip': { 'x-middleware-skip': '1' },
  'x-middleware-next': { 'x-middleware-next': '1' },
  'x-middleware-invoke': { 'x-middleware-invoke': '1' },
  'x-invoke-path': { 'x-invoke-path': '/', 'x-invoke-query': '{}', 'x-invoke-output': '/' },
  'x-matched-path': { 'x-matched-path': '/' },
  'x-now-route-matches': { 'x-now-route-matches': 'nxtPid=42' },
  'x-prerender-revalidate': { 'x-prerender-revalidate': '1' },
  'Next-Action': { 'next-action': '0'.repeat(40) },
};

/** The protected dynamic segment and page, spelled every way a client can choose. */
const SPELLINGS = [
  // Asset-like suffixes: all of them are just an `[id]` to the App Router.
  '/admin/42.png',
  '/admin/x.js',
  '/admin/r.css',
  '/admin/app.js.map',
  '/admin/logo.svg',
  '/admin/42.webp',
  '/admin/42.ico',
  '/admin/42.json',
  '/admin/42.woff2',
  '/admin/favicon.ico',
  '/admin/robots.txt',
  '/admin/sitemap.xml',
  // Slashes.
  '/admin/',
  '/admin/42/',
  '//admin',
  '/admin//42',
  '/admin/42//',
  // Case and encodings.
  '/ADMIN',
  '/Admin/42',
  '/%61dmin',
  '/%61dmin/42',
  '/%41DMIN',
  '/admin%2F42',
  '/admin/%34%32',
  '/admin/42%00',
  '/admin;x',
  '/admin/42;jsessionid=1',
  '/admin%3B',
  '/admin/42%20',
  // App Router and Pages Router transport forms.
  '/admin.rsc',
  '/admin/42.rsc',
  '/admin.segments/_tree.segment.rsc',
  '/admin/42.segments/__PAGE__.segment.rsc',
  '/admin?_rsc=1',
  '/admin/42?__nextDataReq=1',
  '/_next/data/x/admin.json',
  '/_next/data/x/admin/42.json',
  '/admin/index',
  '/admin/42/index',
  // Dot segments, raw, including through the matcher's own exclusions.
  '/x/../admin',
  '/admin/./42',
  '/_next/static/../../admin',
  '/_next/static/%2e%2e/%2e%2e/admin/42',
  '/_next/image/../admin',
  '/favicon.ico/../admin',
  '/robots.txt/../admin/42',
];

const IDENTITIES = ['signed out', 'signed in without ADMINS'] as const;

function expectRefused(response: RawResponse, label: string): void {
  const summary = `${label} → ${response.status} ${String(response.headers.location ?? '')}`;
  expect(response.status >= 200 && response.status < 300, summary).toBe(false);
  expect(PROTECTED_CONTENT.test(response.body), `${summary}: protected content in the body`).toBe(false);
}

describe('the matcher', () => {
  it('matcher-copies-agree: every spelled-out matcher is DEFAULT_MATCHER, with no header condition and no extension list', () => {
    const literal = `'${DEFAULT_MATCHER[0]!.replaceAll('\\', '\\\\')}'`;
    for (const file of [
      'middleware.ts',
      'test/fixtures/proxy-app/proxy.ts',
      'test/fixtures/next15-app/middleware.ts',
      'test/fixtures/next16-app/proxy.ts',
      'README.md',
    ]) {
      const text = readFileSync(join(REPO, file), 'utf8');
      expect(text, file).toContain(literal);
      expect(text, file).not.toMatch(/missing:\s*\[/);
      expect(text, file).not.toContain('png|jpg');
    }
    expect(DEFAULT_MATCHER).toHaveLength(1);
  });
});

describe.each(APP_VARIANTS)('$name', ({ dir }) => {
  let idp: RunningIdp;
  let app: NextServer;
  let demoCookie: string;

  beforeAll(async () => {
    idp = await startIdp({ port: 0, log: () => {} });
    app = await startNext(dir, appEnv(idp));
    demoCookie = (await signInBrowser(idp, demo)).header();
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  const send = (
    identity: (typeof IDENTITIES)[number],
    path: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ) =>
    rawRequest(app.url, path, {
      method,
      headers: identity === 'signed out' ? headers : { ...headers, cookie: demoCookie },
    });

  it('prefetch-header-bypass: the issue’s reproductions are answered by the middleware', async () => {
    const admin = await send('signed in without ADMINS', '/admin', { 'next-router-prefetch': '1' });
    expect(admin.status, app.output().slice(-1500)).toBe(403);
    expect((await send('signed in without ADMINS', '/admin', { purpose: 'prefetch' })).status).toBe(403);
    const dashboard = await send('signed out', '/dashboard', { 'next-router-prefetch': '1' });
    expect(dashboard.status).toBe(307);
    expect(new URL(dashboard.headers.location!, app.url).pathname).toBe('/sign-in');
  });

  it('asset-suffix-bypass: /admin/42.png, /admin/x.js, /admin/r.css reach the middleware, not the page', async () => {
    for (const path of ['/admin/42.png', '/admin/x.js', '/admin/r.css']) {
      const anonymous = await send('signed out', path);
      expect(anonymous.status, path).toBe(307);
      expect(new URL(anonymous.headers.location!, app.url).searchParams.get('returnTo')).toBe(path);
      expect((await send('signed in without ADMINS', path)).status, path).toBe(403);
    }
  });

  it('over-long-path: a path past the matched bound is refused with 414, never rendered', async () => {
    for (const identity of IDENTITIES) {
      const response = await send(identity, `/admin/${'a'.repeat(MAX_MATCHED_PATH_LENGTH)}`);
      expect(response.status, identity).toBe(414);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'PathTooLong' } });
    }
  });

  describe.each(IDENTITIES)('%s', (identity) => {
    const pages = identity === 'signed out' ? ['/admin', '/admin/42', '/dashboard'] : ['/admin', '/admin/42'];

    it.each(Object.keys(HEADER_SETS))('header %s on a protected page: never 2xx', async (name) => {
      for (const page of pages) expectRefused(await send(identity, page, HEADER_SETS[name]), `${name} ${page}`);
    });

    it.each(SPELLINGS)('spelling %s: never 2xx, with or without prefetch headers', async (path) => {
      expectRefused(await send(identity, path), path);
      expectRefused(await send(identity, path, HEADER_SETS['Next-Router-Prefetch + RSC']), `${path} (prefetch)`);
    });

    it('HEAD: never 2xx', async () => {
      for (const path of ['/admin', '/admin/42', '/admin/42.png', '/admin/']) {
        expectRefused(await send(identity, path, {}, 'HEAD'), `HEAD ${path}`);
        expectRefused(
          await send(identity, path, HEADER_SETS['Next-Router-Prefetch']!, 'HEAD'),
          `HEAD ${path} (prefetch)`,
        );
      }
    });
  });

  it('members still get the protected pages (the refusals above are about identity, not broken pages)', async () => {
    const admin = seed.users.find((u) => u.username === 'admin@example.com')!;
    const cookie = (await signInBrowser(idp, admin)).header();
    for (const path of ['/admin', '/admin/42', '/admin/42.png']) {
      const response = await rawRequest(app.url, path, { headers: { cookie } });
      expect(response.status, path).toBe(200);
      expect(response.body).toMatch(PROTECTED_CONTENT);
    }
  });
});
