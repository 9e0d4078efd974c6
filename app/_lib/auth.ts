import { createServerRunner, type AuthMiddlewareOptions } from 'next-cognito-session';

/** One runner for the app, configured from env vars (see .env for the local IdP defaults). */
export const auth = createServerRunner();

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
