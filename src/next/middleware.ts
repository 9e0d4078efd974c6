/**
 * The auth middleware: one handler for `middleware.ts` (edge) and Next 16's `proxy.ts` (node).
 *
 * @example
 *   // middleware.ts
 *   export default auth.middleware({ protect: ['/dashboard/:path*', { path: '/admin/:path*', groups: ['ADMINS'] }] });
 *   export const config = { matcher: DEFAULT_MATCHER };
 *
 * Per request: read the session cookies, verify (cached — no I/O for a valid session), refresh
 * ahead of expiry, then write rotated cookies twice: as Set-Cookie on whatever response leaves
 * (next, redirect, 401/403) and into the forwarded request's Cookie header, because route
 * handlers and server components of THIS request otherwise still see the old cookie.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { clearSessionCookies, createMemoryJar, type CookieStorage } from '../cookies';
import { Forbidden, NotAuthenticated, type AuthError } from '../errors';
import type { AuthCore } from '../session/core';
import { tokenScopes } from '../session/build-session';
import { resolveSession } from '../session/resolve-session';
import { RevocationCheck } from '../session/revocation-check';
import type { SessionState } from '../session/types';
import { continueWithCookies, forwardIntoRequest, withCookieWrites } from './forward-cookies';
import { publicError } from './public-error';
import { retryAfterReuse } from './reuse-retry';
import { compileRules, findRule, missingRequirement, patternToRegExp, type ProtectRule } from './route-rules';

export interface AuthMiddlewareOptions {
  /** Paths that need a session; per rule optionally `groups` (any of) and `scopes` (all of). */
  protect?: ProtectRule[];
  /** Where signed-out visitors of protected pages go, with `?returnTo=<path>`. Default `/sign-in`. */
  signInPath?: string;
  /** Paths answered with JSON 401/403/503 instead of redirects. Default `['/api/:path*']`. */
  apiPaths?: string[];
  /** Refresh when a token expires within this many seconds. Default: the runner's (60). */
  refreshMargin?: number;
  /**
   * Runs after the session is decided and access rules passed. Return a response to answer
   * with it, or nothing to continue. Refreshed cookies reach both audiences either way: they are
   * added to it as Set-Cookie, and a `NextResponse.next()` / `.rewrite()` also forwards them to
   * this request's pages and handlers (request headers it overrides are kept).
   */
  onSession?: (input: { request: NextRequest; state: SessionState }) => Response | void | Promise<Response | void>;
  /**
   * Ask the IdP (GetUser) whether the access token was revoked — a global sign-out elsewhere —
   * instead of trusting it until `exp`. One call per token per `ttlSeconds` (default 30).
   */
  checkRevocation?: boolean | { ttlSeconds?: number };
}

/**
 * Skips Next's static assets, image optimisation, metadata files and router prefetches —
 * requests whose answers never depend on the session. Copy it into `export const config`:
 * Next reads `matcher` statically, so it cannot be imported there.
 */
export const DEFAULT_MATCHER = [
  {
    source: '/((?!_next/static|_next/image|favicon.ico|robots.txt|sitemap.xml|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico|css|js|map)$).*)',
    missing: [
      { type: 'header', key: 'next-router-prefetch' },
      { type: 'header', key: 'purpose', value: 'prefetch' },
    ],
  },
];

export type AuthMiddleware = (request: NextRequest) => Promise<Response>;

export function createAuthMiddleware(core: AuthCore, options: AuthMiddlewareOptions = {}): AuthMiddleware {
  const rules = compileRules(options.protect ?? []);
  const apiPatterns = (options.apiPaths ?? ['/api/:path*']).map(patternToRegExp);
  const signInPath = options.signInPath ?? '/sign-in';
  const marginSeconds = options.refreshMargin;
  const revocation = options.checkRevocation
    ? new RevocationCheck(core.cognito, {
        ttlMs: (typeof options.checkRevocation === 'object' ? options.checkRevocation.ttlSeconds ?? 30 : 30) * 1000,
        now: core.now,
      })
    : undefined;

  return async function authMiddleware(request) {
    // The raw header, not `request.cookies` (one value per name): see cookie-header.ts.
    const jar = createMemoryJar(request.headers.get('cookie'));
    const storage = core.storage(jar, request);
    let state = await resolveSession(core, storage, { mode: 'auto', marginSeconds });
    if (revocation && state.status === 'signedIn' && !state.refreshed) {
      state = await applyRevocationCheck(core, storage, revocation, state);
    }
    const { pathname } = request.nextUrl;
    const isApi = apiPatterns.some((pattern) => pattern.test(pathname));
    const rule = findRule(rules, pathname);

    const retry = retryAfterReuse(core.config, request, jar, state, isApi);
    if (retry) return withCookieWrites(retry, jar);

    const denial = rule ? deny(state, rule, isApi, request, signInPath) : undefined;
    if (denial) return withCookieWrites(denial, jar);

    const custom = await options.onSession?.({ request, state });
    if (custom) return withCookieWrites(forwardIntoRequest(custom, request, jar), jar);
    return withCookieWrites(continueWithCookies(request, jar), jar);
  };
}

async function applyRevocationCheck(
  core: AuthCore,
  storage: CookieStorage,
  revocation: RevocationCheck,
  state: Extract<SessionState, { status: 'signedIn' }>,
): Promise<SessionState> {
  const verdict = await revocation.check(state.session.tokens.accessToken);
  if (!verdict.revoked) return verdict.warning ? { ...state, warning: verdict.warning } : state;
  core.logger.warn(`${verdict.error.message}; clearing the session`);
  await clearSessionCookies(storage, core.config.clientId);
  return { status: 'signedOut', reason: verdict.error };
}

function deny(
  state: SessionState,
  rule: NonNullable<ReturnType<typeof findRule>>,
  isApi: boolean,
  request: NextRequest,
  signInPath: string,
): Response | undefined {
  if (state.status === 'signedIn') {
    const { session } = state;
    const missing = missingRequirement(rule, {
      groups: session.user.groups,
      scopes: tokenScopes(session.tokens.accessToken.payload),
    });
    if (!missing) return undefined;
    const error = new Forbidden(`${request.nextUrl.pathname} ${missing}`);
    return isApi ? jsonError(error) : forbiddenPage(error);
  }
  const error: AuthError =
    state.status === 'error'
      ? state.error
      : new NotAuthenticated(state.reason ? `not signed in: ${state.reason.message}` : 'not signed in');
  if (isApi) return jsonError(error);
  return NextResponse.redirect(signInUrl(request, signInPath, state.status === 'error' ? state.error.code : undefined));
}

function signInUrl(request: NextRequest, signInPath: string, errorCode?: string): URL {
  const url = new URL(signInPath, request.url);
  url.searchParams.set('returnTo', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // The sign-in page can say "the sign-in service is unavailable" instead of a bare form.
  if (errorCode) url.searchParams.set('error', errorCode);
  return url;
}

/**
 * `{ error: { code, message } }` with the error's status; never a stack trace, and for outages
 * and misconfiguration a fixed text (the real message, with internal URLs, goes to the log).
 */
export function jsonError(error: AuthError): Response {
  return Response.json(
    { error: publicError(error) },
    { status: error.status, headers: { 'cache-control': 'no-store' } },
  );
}

function forbiddenPage(error: Forbidden): Response {
  const body = `<!doctype html><meta charset="utf-8"><title>Forbidden</title><h1>403 — Forbidden</h1><p>${escapeHtml(error.message)}</p>`;
  return new Response(body, {
    status: 403,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
