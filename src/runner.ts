/**
 * `createServerRunner`: the one object an app creates (in `lib/auth.ts`) and imports everywhere.
 * It owns its config, caches and single-flight; nothing is module-global, so two runners for
 * two pools coexist.
 *
 * @example
 *   export const auth = createServerRunner(); // COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, …
 *   const session = await auth.getServerSession();
 */
import type { ResolvedConfig } from './config.js';
import { createCoreFromOptions, type DefaultAccess, type DefaultId, type ServerRunnerOptions } from './runner-core.js';
import { createCookieSealer as cookieSealing } from './cookies/seal.js';
import type { AuthCore } from './session/core.js';
import {
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  type AuthSession,
  type CurrentUser,
} from './session/operations.js';
import { createServerContext, type NextServerContext, type ServerContext } from './session/server-context.js';
import type { Session, SessionState } from './session/types.js';
import type { AccessClaimsOf, AccessClaimsSchema, IdClaimsOf, IdClaimsSchema } from './tokens/index.js';
import { createAuthMiddleware, type AuthMiddleware, type AuthMiddlewareOptions } from './next/middleware.js';
import { getServerSessionState, withRequestHeaders } from './next/get-server-session.js';
import { requireSessionIn, type RequireSessionOptions } from './next/require-session.js';
import {
  withAuthIn,
  type GuardedRouteHandler,
  type SessionRouteHandler,
  type WithAuthOptions,
} from './next/with-auth.js';
import {
  createAuthRouteHandlers,
  type AuthRouteHandlers,
  type RouteHandlerOptions,
} from './next/route-handlers/index.js';

export type { ServerRunnerOptions } from './runner-core.js';

/** The session as typed by the runner's claims schemas. */
export type RunnerSession<A extends AccessClaimsSchema = DefaultAccess, I extends IdClaimsSchema = DefaultId> = Session<
  AccessClaimsOf<A>,
  IdClaimsOf<I>
>;
type RunnerSessionState<A extends AccessClaimsSchema, I extends IdClaimsSchema> = SessionState<
  AccessClaimsOf<A>,
  IdClaimsOf<I>
>;

export interface ServerRunner<A extends AccessClaimsSchema = DefaultAccess, I extends IdClaimsSchema = DefaultId> {
  readonly config: ResolvedConfig;
  runWithServerContext<T>(input: {
    nextServerContext: NextServerContext;
    operation: (ctx: ServerContext) => T | Promise<T>;
  }): Promise<T>;
  fetchAuthSession(ctx: ServerContext, options?: { forceRefresh?: boolean }): Promise<AuthSession>;
  getCurrentUser(ctx: ServerContext): Promise<CurrentUser>;
  fetchUserAttributes(ctx: ServerContext): Promise<Record<string, string>>;
  /**
   * The session in server components, route handlers and server actions, from `cookies()`.
   * Null when signed out; throws the typed error for outages and misconfiguration. Never
   * refreshes: the middleware did that for this request and forwarded the new cookies.
   */
  getServerSession(): Promise<RunnerSession<A, I> | null>;
  /** Like getServerSession, with the reason when there is no session. */
  getServerSessionState(): Promise<RunnerSessionState<A, I>>;
  /**
   * The session, or Next's answer instead of the page: no session → redirect to
   * `signInPath?returnTo=…` (with `&error=<code>` in an outage); a group or scope missing →
   * `notFound()`. Decides exactly as the middleware does, so a page that calls it stays
   * protected when a request gets around the middleware.
   */
  requireSession(options?: RequireSessionOptions): Promise<RunnerSession<A, I>>;
  middleware(options?: AuthMiddlewareOptions): AuthMiddleware;
  /**
   * A route handler that guards itself — for API paths no middleware or proxy runs on. Verifies
   * and refreshes like the middleware (rotated cookies go out on the handler's response), answers
   * JSON 401/403/503 without calling the handler, else calls it with the session.
   */
  withAuth<C = unknown>(
    handler: SessionRouteHandler<RunnerSession<A, I>, C>,
    options?: WithAuthOptions,
  ): GuardedRouteHandler<C>;
  /** `export const { GET, POST } = auth.routeHandlers()` in app/api/auth/[slug]/route.ts. */
  routeHandlers(options?: RouteHandlerOptions): AuthRouteHandlers;
  /** Internals for route handlers and tests. */
  readonly core: AuthCore;
}

export function createServerRunner<A extends AccessClaimsSchema = DefaultAccess, I extends IdClaimsSchema = DefaultId>(
  options: ServerRunnerOptions<A, I> = {},
): ServerRunner<A, I> {
  // Pages and route handlers carry every feature anyway; only the middleware entry leaves
  // sealing to the app.
  const core = createCoreFromOptions({ sealing: cookieSealing, ...options });
  const { config } = core;
  // The verifier parsed the payloads with the runner's own schemas, so their types hold.
  const typedState = () => getServerSessionState(core) as Promise<RunnerSessionState<A, I>>;

  return {
    config,
    core,
    async runWithServerContext({ nextServerContext, operation }) {
      return operation(await createServerContext(core, withRequestHeaders(nextServerContext)));
    },
    fetchAuthSession: (ctx, opts) => fetchAuthSession(ctx, opts),
    getCurrentUser: (ctx) => getCurrentUser(ctx),
    fetchUserAttributes: (ctx) => fetchUserAttributes(core, ctx),
    async getServerSession() {
      const state = await typedState();
      if (state.status === 'error') throw state.error;
      return state.status === 'signedIn' ? state.session : null;
    },
    getServerSessionState: typedState,
    requireSession: async (requireOptions) => requireSessionIn(await typedState(), requireOptions),
    middleware: (middlewareOptions) => createAuthMiddleware(core, middlewareOptions),
    // Typed by the runner's schemas, as `typedState` above.
    withAuth: <C>(handler: SessionRouteHandler<RunnerSession<A, I>, C>, guardOptions?: WithAuthOptions) =>
      withAuthIn<C>(core, handler as SessionRouteHandler<Session, C>, guardOptions),
    routeHandlers: (handlerOptions) => createAuthRouteHandlers(core, { fetch: core.fetch, ...handlerOptions }),
  };
}
