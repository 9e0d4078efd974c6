/**
 * The local IdP's OAuth2 / hosted-UI endpoints, as one fetch-style handler the IdP's server
 * mounts at its origin root.
 *
 * @example
 *   const oauth = createOAuthHandler(backend, { cookieScope: '9229_us-east-1_LocalPool', origin: () => 'http://127.0.0.1:9229' });
 *   const response = (await oauth(request)) ?? notFound(); // undefined: not an OAuth2 path
 */
import { authorize } from './authorize.js';
import type { OAuthBackend, RequestHandler } from './backend.js';
import { createContext, type OAuthContext, type OAuthHandlerOptions } from './context.js';
import { isPreflight, preflight, withCors } from './cors.js';
import { html, json, methodNotAllowed } from './http.js';
import { renderErrorPage } from './html.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { revoke } from './revoke.js';
import { token } from './token.js';
import { userInfo } from './userinfo.js';

export type { OAuthBackend, OAuthClientInfo, IssuedTokens, PasswordCheck, RequestHandler } from './backend.js';
export type { OAuthHandlerOptions } from './context.js';

type Endpoint = (request: Request, ctx: OAuthContext) => Promise<Response>;

interface Route {
  methods: Partial<Record<string, Endpoint>>;
  /** Called by browser apps with fetch, so preflights and CORS headers apply. */
  cors: boolean;
  /** Pages answer failures in HTML for people; APIs in JSON for programs. */
  page: boolean;
}

const userInfoRoute: Route = { methods: { GET: userInfo, POST: userInfo }, cors: true, page: false };

const ROUTES: Readonly<Record<string, Route>> = {
  '/oauth2/authorize': { methods: { GET: authorize }, cors: false, page: true },
  // Cognito's own sign-in page URL takes the same parameters; the form posts back here.
  '/login': { methods: { GET: authorize, POST: login }, cors: false, page: true },
  '/logout': { methods: { GET: logout }, cors: false, page: true },
  '/oauth2/token': { methods: { POST: token }, cors: true, page: false },
  '/oauth2/revoke': { methods: { POST: revoke }, cors: true, page: false },
  '/oauth2/userInfo': userInfoRoute,
  // OIDC discovery documents often spell it in lower case.
  '/oauth2/userinfo': userInfoRoute,
};

/** The paths `createOAuthHandler` answers; anything else it leaves to the caller. */
export const OAUTH_PATHS: ReadonlySet<string> = new Set(Object.keys(ROUTES));

export function createOAuthHandler(backend: OAuthBackend, options: OAuthHandlerOptions): RequestHandler {
  const ctx = createContext(backend, options);
  return async (request) => {
    const route = ROUTES[new URL(request.url).pathname];
    if (!route) return undefined;
    if (route.cors && isPreflight(request)) return preflight(request);
    const response = await dispatch(route, request, ctx);
    return route.cors ? withCors(request, response) : response;
  };
}

async function dispatch(route: Route, request: Request, ctx: OAuthContext): Promise<Response> {
  const endpoint = route.methods[request.method];
  if (!endpoint) return methodNotAllowed(Object.keys(route.methods));
  try {
    return await endpoint(request, ctx);
  } catch (error) {
    // Endpoints answer client mistakes themselves; reaching here is a bug or a backend outage.
    console.error('[idp/oauth2] unexpected failure', error);
    return route.page
      ? html(renderErrorPage('Something went wrong', 'The sign-in service failed. Try again.'), 500)
      : json({ error: 'server_error', error_description: 'the identity provider failed' }, 500);
  }
}
