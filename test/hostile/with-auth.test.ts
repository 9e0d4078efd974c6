/**
 * Getting past `auth.withAuth` when nothing else guards the route: test/fixtures/handler-app has
 * no middleware.ts and no proxy.ts, so the handler's own check is all there is. Under
 * `next start` against the real IdP: forged tokens (edited claims, `alg: none`, an attacker's key
 * under the pool's kid), a real session of another pool or another client, a real session in
 * cookies named for another client, and request headers that carry a valid token or claim to be
 * the forwarded cookies or a trusted upstream. None may reach the handler: 401 (or 403 for a real
 * session without the group — also where a refresh legitimately replaced an unreadable token with
 * the IdP's own), JSON with the error code, never 2xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { appEnv, HANDLER_APP_DIR, startNext, type NextServer } from '../integration/support/next-server';
import { compact, foreignKey, parts, sign, type ForeignKey } from './support/forge';
import { cookieHeader, passwordSignIn, readResponse, sessionCookies, type RealSession } from './support/hostile';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const OTHER_CLIENT = seed.clients[1]!.clientId;

interface Kit {
  clientId: string;
  demo: RealSession;
  foreignPool: RealSession;
  otherClient: RealSession;
  attacker: ForeignKey;
}

interface Attempt {
  name: string;
  path: string;
  /** The status the guard must answer with; the handler must not run. */
  status: 401 | 403;
  headers(kit: Kit): Promise<Record<string, string>> | Record<string, string>;
}

/**
 * The demo session's cookies with one token replaced. The refresh token stays, as a browser has
 * it, unless `refresh: false`: an unreadable token (alg none) is one a refresh may replace, and
 * then the guard answers for the tokens the IdP just issued — never the planted one.
 */
function withToken(
  kit: Kit,
  slot: 'accessToken' | 'idToken',
  token: string,
  options: { refresh?: boolean } = {},
): Record<string, string> {
  const { refreshToken, ...rest } = kit.demo;
  const tokens = { ...rest, ...(options.refresh === false ? {} : { refreshToken }), [slot]: token };
  return { cookie: cookieHeader(sessionCookies(kit.clientId, tokens)) };
}

function algNone(token: string, claims: Record<string, unknown>): string {
  const { header, payload } = parts(token);
  return compact({ ...header, alg: 'none' }, { ...payload, ...claims }, '');
}

function edited(token: string, claims: Record<string, unknown>): string {
  const { header, payload, signature } = parts(token);
  return compact(header, { ...payload, ...claims }, signature);
}

const ATTEMPTS: Attempt[] = [
  {
    name: 'id token claiming ADMINS, original signature',
    path: '/api/admins',
    status: 401,
    headers: (k) => withToken(k, 'idToken', edited(k.demo.idToken, { 'cognito:groups': ['ADMINS'] })),
  },
  {
    name: 'access token claiming ADMINS, original signature',
    path: '/api/admins',
    status: 401,
    headers: (k) => withToken(k, 'accessToken', edited(k.demo.accessToken, { 'cognito:groups': ['ADMINS'] })),
  },
  {
    name: 'access token with alg none claiming ADMINS, no refresh token',
    path: '/api/admins',
    status: 401,
    headers: (k) =>
      withToken(k, 'accessToken', algNone(k.demo.accessToken, { 'cognito:groups': ['ADMINS'] }), { refresh: false }),
  },
  {
    name: 'access token with alg none claiming ADMINS, beside the real refresh token',
    path: '/api/admins',
    status: 403,
    headers: (k) => withToken(k, 'accessToken', algNone(k.demo.accessToken, { 'cognito:groups': ['ADMINS'] })),
  },
  {
    name: "access token signed by an attacker's key under the pool's kid",
    path: '/api/admins',
    status: 401,
    headers: async (k) => {
      const { header, payload } = parts(k.demo.accessToken);
      const forged = await sign(
        { ...header, alg: 'RS256' },
        { ...payload, 'cognito:groups': ['ADMINS'] },
        k.attacker.privateKey,
      );
      return withToken(k, 'accessToken', forged);
    },
  },
  {
    name: "another pool's real session, in this client's cookies",
    path: '/api/guarded',
    status: 401,
    headers: (k) => ({ cookie: cookieHeader(sessionCookies(k.clientId, k.foreignPool)) }),
  },
  {
    name: "another client's real session, in this client's cookies",
    path: '/api/guarded',
    status: 401,
    headers: (k) => ({ cookie: cookieHeader(sessionCookies(k.clientId, k.otherClient)) }),
  },
  {
    name: 'a real session in cookies named for another client',
    path: '/api/guarded',
    status: 401,
    headers: (k) => ({ cookie: cookieHeader(sessionCookies(OTHER_CLIENT, k.demo)) }),
  },
  {
    name: 'a valid access token as Authorization: Bearer',
    path: '/api/guarded',
    status: 401,
    headers: (k) => ({ authorization: `Bearer ${k.demo.accessToken}` }),
  },
  {
    name: "the session as Next's forwarded-cookie header (x-middleware-request-cookie)",
    path: '/api/guarded',
    status: 401,
    headers: (k) => ({
      'x-middleware-override-headers': 'cookie',
      'x-middleware-request-cookie': cookieHeader(sessionCookies(k.clientId, k.demo)),
    }),
  },
  {
    name: 'x-middleware-subrequest (the CVE-2025-29927 skip) and upstream identity headers',
    path: '/api/guarded',
    status: 401,
    headers: (k) => ({
      'x-middleware-subrequest': Array(5).fill('proxy').join(':'),
      'x-amzn-oidc-data': k.demo.idToken,
      'x-forwarded-user': demo.username,
      'x-amzn-oidc-identity': demo.username,
    }),
  },
  {
    name: 'a real session without ADMINS, plus headers claiming the group',
    path: '/api/admins',
    status: 403,
    headers: (k) => ({
      cookie: cookieHeader(sessionCookies(k.clientId, k.demo)),
      'x-cognito-groups': 'ADMINS',
      'x-amzn-oidc-accesstoken': k.demo.accessToken,
    }),
  },
];

describe('withAuth-bypass: a handler-guarded API with no middleware or proxy in front', () => {
  let idp: RunningIdp;
  let foreignIdp: RunningIdp;
  let app: NextServer;
  let kit: Kit;

  beforeAll(async () => {
    idp = await startIdp({ port: 0, log: () => {} });
    foreignIdp = await startIdp({ port: 0, log: () => {} });
    app = await startNext(HANDLER_APP_DIR, appEnv(idp));
    const session = await passwordSignIn(idp, demo);
    kit = {
      clientId: idp.defaultClientId,
      demo: session,
      foreignPool: await passwordSignIn(foreignIdp, demo),
      otherClient: await passwordSignIn(idp, demo, OTHER_CLIENT),
      attacker: await foreignKey('RS256', String(parts(session.accessToken).header.kid)),
    };
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await foreignIdp?.close();
    await idp?.close();
  });

  it('the genuine session passes, so every refusal below is the guard deciding', async () => {
    const response = await fetch(`${app.url}/api/guarded`, {
      headers: { cookie: cookieHeader(sessionCookies(kit.clientId, kit.demo)) },
    });
    expect(response.status, app.output()).toBe(200);
    expect(((await response.json()) as { username: string }).username).toBe(demo.username);
  });

  it.each(ATTEMPTS)('$name → $status', async (attempt) => {
    const response = await fetch(`${app.url}${attempt.path}`, {
      redirect: 'manual',
      headers: await attempt.headers(kit),
    });
    const { status, json, text } = await readResponse(response);
    expect(status, text).toBe(attempt.status);
    expect(json?.error?.code).toBe(attempt.status === 401 ? 'NotAuthenticated' : 'Forbidden');
    // Only the guard's error body: nothing the handler would have answered.
    expect(Object.keys(json ?? {})).toEqual(['error']);
    expect(text).not.toContain(demo.username);
  });
});
