/**
 * `auth.withAuth(handler, { groups, scopes })`: a route handler that guards itself, for API
 * routes no middleware or proxy runs in front of — Next runs neither for a path outside the
 * matcher, and skipping them is the cheapest way to serve an API (bench figure P1h).
 *
 * @example
 *   // app/api/orders/route.ts — no middleware/proxy on this path
 *   export const GET = auth.withAuth(async (request, { session }) =>
 *     Response.json({ orders: await ordersOf(session.user.userId) }),
 *   );
 *
 * Per request it does what the middleware does for an API path, in the handler itself: read the
 * session from the raw Cookie header, verify (cached), refresh ahead of expiry — a route handler
 * can deliver cookies, so unlike `getServerSession()` this one refreshes — and decide access as
 * `decideAccess` does everywhere. Then:
 * - no session → 401 `{ error: { code: 'NotAuthenticated', … } }`; a group or scope missing →
 *   403 `Forbidden`; IdP or JWKS outage → 503 with its code, cookies kept. The handler never runs.
 * - otherwise the handler runs with the session the guard verified (and maybe refreshed), and
 *   whatever it returns leaves with the rotated cookies as Set-Cookie and `private, no-store`.
 *   `auth.getServerSession()` inside it would still read the request's old cookies: use `session`.
 *
 * Only the Cookie header is read: no other header, nor the path, decides anything here.
 */
import type { NextRequest } from 'next/server';
import { createMemoryJar } from '../cookies/index.js';
import { isAuthError } from '../errors.js';
import type { AuthCore } from '../session/core.js';
import { resolveSession } from '../session/resolve-session.js';
import type { Session } from '../session/types.js';
import { decideAccess } from './access.js';
import { privateResponse } from './cache-policy.js';
import { withCookieWrites } from './forward-cookies.js';
import { jsonError } from './middleware.js';

export interface WithAuthOptions {
  /** The user must belong to at least one of these Cognito groups. */
  groups?: string[];
  /** The access token must carry every one of these scopes. */
  scopes?: string[];
  /** Refresh when a token expires within this many seconds. Default: the runner's (60). */
  refreshMargin?: number;
}

/**
 * The app's handler: Next's second argument (`{ params }` on dynamic routes) plus the session.
 * Name `C` to type params: `auth.withAuth<{ params: Promise<{ id: string }> }>(…)`.
 */
export type SessionRouteHandler<S, C = unknown> = (
  request: NextRequest,
  context: C & { session: S },
) => Response | Promise<Response>;

/** What to export as `GET`/`POST`/…: a plain Next route handler. */
export type GuardedRouteHandler<C = unknown> = (request: NextRequest, context: C) => Promise<Response>;

export function withAuthIn<C>(
  core: AuthCore,
  handler: SessionRouteHandler<Session, C>,
  options: WithAuthOptions = {},
): GuardedRouteHandler<C> {
  const requirement = { groups: options.groups ?? [], scopes: options.scopes ?? [] };
  return async function guardedRoute(request, context) {
    const jar = createMemoryJar(request.headers.get('cookie'));
    const storage = core.storage(jar, request);
    const state = await resolveSession(core, storage, { mode: 'auto', marginSeconds: options.refreshMargin });
    // The answer depends on the session, whatever it is: no shared cache may keep it.
    const deliver = (response: Response) => privateResponse(withCookieWrites(response, jar));
    const decision = decideAccess(state, requirement, 'this API');
    if (decision.outcome !== 'allow') return deliver(jsonError(decision.error));
    try {
      return deliver(await handler(request, { ...(context as C), session: decision.session }));
    } catch (error) {
      // A typed failure from the runner inside the handler (e.g. fetchUserAttributes during an
      // outage) answers like the guard does, with its cookies; anything else is the app's bug.
      if (!isAuthError(error)) throw error;
      if (error.status >= 500) core.logger.warn(`API route failed (${error.code}): ${error.message}`);
      return deliver(jsonError(error));
    }
  };
}
