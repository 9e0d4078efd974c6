/**
 * `auth.routeHandlers()`: the app's auth endpoints as one dynamic route.
 *
 * @example
 *   // app/api/auth/[slug]/route.ts
 *   export const { GET, POST } = auth.routeHandlers();
 *
 * | slug               | method | does                                                        |
 * |--------------------|--------|-------------------------------------------------------------|
 * | `sign-in`          | POST   | username/password (SRP) or `newPassword`; form or JSON      |
 * | `sign-in`          | GET    | `?provider=hosted`: hosted UI with PKCE                      |
 * | `sign-in-callback` | GET    | hosted UI's return: code exchange, session cookies           |
 * | `sign-out`         | POST   | clear cookies, revoke; `global` signs out everywhere         |
 * | `session`          | GET    | `{ user, claims, … }` or `{ user: null }`                    |
 * | `refresh`          | POST   | rotate now, answer `{ expiresAt }` (+ `accessToken` if exposed) |
 *
 * Handlers take a plain `Request` (a `NextRequest` is one) and answer `Cache-Control: private, no-store`.
 * POSTs must come from the app's own origin (see same-origin.ts); GETs never change a session
 * except to deliver refreshed cookies.
 */
import { createCognitoClient } from '../../cognito/client.js';
import { isAuthError, type AuthError } from '../../errors.js';
import type { AuthCore } from '../../session/core.js';
import { bodyKind } from './body.js';
import { createRouteContext, type RouteContext, type RouteHandler } from './context.js';
import { internalError, RouteError } from './errors.js';
import { hostedSignIn } from './hosted-sign-in.js';
import { resolveRouteOptions, type RouteHandlerOptions } from './options.js';
import { refresh } from './refresh.js';
import { jsonFailure } from './replies.js';
import { checkSameOrigin } from './same-origin.js';
import { session } from './session.js';
import { signInCallback } from './sign-in-callback.js';
import { signIn } from './sign-in.js';
import { signOut } from './sign-out.js';
import { createTransactionCookies } from './transaction-cookie.js';

export type { RouteHandlerOptions } from './options.js';
export { RouteError, type RouteErrorCode } from './errors.js';

type Method = 'GET' | 'POST';

interface Route {
  handle: RouteHandler;
  /** State-changing: refuse unless the browser says the request came from the app itself. */
  sameOrigin?: boolean;
}

const ROUTES: ReadonlyMap<string, Readonly<Partial<Record<Method, Route>>>> = new Map([
  ['sign-in', { GET: { handle: hostedSignIn }, POST: { handle: signIn, sameOrigin: true } }],
  ['sign-in-callback', { GET: { handle: signInCallback } }],
  ['sign-out', { POST: { handle: signOut, sameOrigin: true } }],
  ['session', { GET: { handle: session } }],
  ['refresh', { POST: { handle: refresh, sameOrigin: true } }],
]);

/** What Next passes as the second argument of a `[slug]` route handler. */
export interface RouteHandlerContext {
  params: Promise<{ slug: string }>;
}

export type AuthRouteHandler = (request: Request, context: RouteHandlerContext) => Promise<Response>;

export interface AuthRouteHandlers {
  GET: AuthRouteHandler;
  POST: AuthRouteHandler;
}

export function createAuthRouteHandlers(core: AuthCore, options?: RouteHandlerOptions): AuthRouteHandlers {
  const resolved = resolveRouteOptions(options);
  const transactions = createTransactionCookies(core);
  const cognito = createCognitoClient(core.cognitoOptions);

  const dispatch = (method: Method): AuthRouteHandler =>
    async function authRoute(request, context) {
      const ctx = createRouteContext({ core, cognito, options: resolved, request, transactions });
      try {
        const { slug } = await context.params;
        const methods = ROUTES.get(slug);
        if (!methods)
          return jsonFailure(ctx, new RouteError('NotFound', `no auth route named ${JSON.stringify(slug)}`));
        const route = methods[method];
        if (!route) return methodNotAllowed(ctx, slug, methods);
        if (route.sameOrigin) {
          const refused = checkSameOrigin(request, bodyKind(request), resolved.trustedOrigins);
          if (refused) return jsonFailure(ctx, refused);
        }
        return await route.handle(ctx);
      } catch (error) {
        return jsonFailure(ctx, asAuthError(ctx, error));
      }
    };

  return { GET: dispatch('GET'), POST: dispatch('POST') };
}

function methodNotAllowed(ctx: RouteContext, slug: string, methods: Partial<Record<Method, Route>>): Response {
  const allow = Object.keys(methods).join(', ');
  const response = jsonFailure(ctx, new RouteError('MethodNotAllowed', `${slug} accepts ${allow} only`));
  response.headers.set('allow', allow);
  return response;
}

function asAuthError(ctx: RouteContext, error: unknown): AuthError {
  return isAuthError(error) ? error : internalError(error, ctx.log);
}
