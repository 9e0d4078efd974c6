import type { AuthMiddlewareOptions, ServerRunnerOptions } from 'next-cognito-session/middleware';

/**
 * The runner's options, shared by the pages' runner (auth.ts) and the middleware, which builds
 * its own from them through `next-cognito-session/middleware`. Empty: everything comes from env
 * vars (see .env for the local IdP defaults).
 */
export const runnerOptions: ServerRunnerOptions = {};

/** Shared by middleware.ts (edge) and the proxy.ts build (node) so both protect the same paths. */
export const middlewareOptions: AuthMiddlewareOptions = {
  protect: [
    '/dashboard/:path*',
    '/api/me',
    { path: '/admin/:path*', groups: ['ADMINS'] },
    { path: '/api/admin/:path*', groups: ['ADMINS'] },
  ],
  signInPath: '/sign-in',
};
