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
import { clearSessionCookies, createMemoryJar, type CookieStorage } from '../cookies/index.js';
import { isAuthError, type AuthError, type Forbidden } from '../errors.js';
import type { AuthCore } from '../session/core.js';
import { resolveSession } from '../session/resolve-session.js';
import { RevocationCheck } from '../session/revocation-check.js';
import type { SessionState } from '../session/types.js';
import { decideAccess, DEFAULT_SIGN_IN_PATH, signInLocation } from './access.js';
import { PRIVATE_NO_STORE, privateResponse } from './cache-policy.js';
import { continueWithCookies, forwardIntoRequest, withCookieWrites } from './forward-cookies.js';
import { compilePattern } from './path-pattern.js';
import { publicError } from './public-error.js';
import { requestPath, type RequestPath } from './request-path.js';
import { retryAfterReuse } from './reuse-retry.js';
import { compileRules, findRule, matchesPath, type CompiledRule, type ProtectRule } from './route-rules.js';

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
 * Runs the middleware on every path except Next's build assets (`/_next/static/…`), its image
 * optimiser and the three metadata files — answers that never depend on the session. Copy it
 * into `export const config`: Next reads `matcher` statically, so it cannot be imported there.
 *
 * No exclusion a client can reach: no `missing` header condition (prefetch and RSC headers are
 * the client's to send or omit, so skipping on them let any request skip the middleware) and no
 * extension list (`/admin/42.png` is a dynamic segment, not an image). The lookahead is anchored
 * (`favicon\.ico$`, not `favicon.ico`) so no longer path can borrow an exclusion. The
 * middleware's cost on an asset or a prefetch with a valid session is a cache lookup.
 */
export const DEFAULT_MATCHER = ['/((?!_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|sitemap\\.xml$).*)'];

export type AuthMiddleware = (request: NextRequest) => Promise<Response>;

export function createAuthMiddleware(core: AuthCore, options: AuthMiddlewareOptions = {}): AuthMiddleware {
  const rules = compileRules(options.protect ?? []);
  const apiPatterns = (options.apiPaths ?? ['/api/:path*']).map((pattern) => compilePattern(pattern, 'apiPaths'));
  const signInPath = options.signInPath ?? DEFAULT_SIGN_IN_PATH;
  const marginSeconds = options.refreshMargin;
  const revocation = options.checkRevocation
    ? new RevocationCheck(core.cognito, {
        ttlMs: (typeof options.checkRevocation === 'object' ? (options.checkRevocation.ttlSeconds ?? 30) : 30) * 1000,
        now: core.now,
      })
    : undefined;

  return async function authMiddleware(request) {
    const path = parsePath(request.nextUrl.pathname);
    if (isAuthError(path)) return jsonError(path); // before any work: the path decides nothing
    // The raw header, not `request.cookies` (one value per name): see cookie-header.ts.
    const jar = createMemoryJar(request.headers.get('cookie'));
    const storage = core.storage(jar, request);
    let state = await resolveSession(core, storage, { mode: 'auto', marginSeconds });
    if (revocation && state.status === 'signedIn' && !state.refreshed) {
      state = await applyRevocationCheck(core, storage, revocation, state);
    }
    const isApi = apiPatterns.some((pattern) => matchesPath(pattern, path));
    const rule = findRule(rules, path);
    // A protected answer depends on the session, whatever it is: no shared cache may keep it.
    const deliver = (response: Response) => {
      const sent = withCookieWrites(response, jar);
      return rule ? privateResponse(sent) : sent;
    };

    const retry = retryAfterReuse(core.config, request, jar, state, isApi);
    if (retry) return deliver(retry);

    const denial = rule ? deny(state, rule, isApi, request, signInPath) : undefined;
    if (denial) return deliver(denial);

    const custom = await options.onSession?.({ request, state });
    if (custom) return deliver(forwardIntoRequest(custom, request, jar));
    return deliver(continueWithCookies(request, jar));
  };
}

function parsePath(pathname: string): RequestPath | AuthError {
  try {
    return requestPath(pathname);
  } catch (error) {
    if (isAuthError(error)) return error;
    throw error;
  }
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
  // So that every instance sharing the store refuses the family without asking the IdP again.
  await core.revokedFamilies.record(state.session.tokens.accessToken.payload);
  await clearSessionCookies(storage, core.config.clientId);
  return { status: 'signedOut', reason: verdict.error };
}

function deny(
  state: SessionState,
  rule: CompiledRule,
  isApi: boolean,
  request: NextRequest,
  signInPath: string,
): Response | undefined {
  const { pathname, search } = request.nextUrl;
  const decision = decideAccess(state, rule, pathname);
  if (decision.outcome === 'allow') return undefined;
  if (isApi) return jsonError(decision.error);
  if (decision.outcome === 'forbid') return forbiddenPage(decision.error);
  return NextResponse.redirect(new URL(signInLocation(signInPath, `${pathname}${search}`, decision), request.url));
}

/**
 * `{ error: { code, message } }` with the error's status; never a stack trace, and for outages
 * and misconfiguration a fixed text (the real message, with internal URLs, goes to the log).
 */
export function jsonError(error: AuthError): Response {
  return Response.json(
    { error: publicError(error) },
    { status: error.status, headers: { 'cache-control': PRIVATE_NO_STORE } },
  );
}

function forbiddenPage(error: Forbidden): Response {
  const body = `<!doctype html><meta charset="utf-8"><title>Forbidden</title><h1>403 — Forbidden</h1><p>${escapeHtml(error.message)}</p>`;
  return new Response(body, {
    status: 403,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': PRIVATE_NO_STORE },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
