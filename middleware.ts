// The middleware-only entry: the bundle Next ships for every request carries no route handlers.
import { createAuthMiddleware } from 'next-cognito-session/middleware';
import { middlewareOptions, runnerOptions } from './app/_lib/auth-options';

export default createAuthMiddleware(runnerOptions, middlewareOptions);

// Next reads `matcher` statically, so the library's DEFAULT_MATCHER is spelled out here: every
// path but Next's build assets, image optimiser and metadata files. Access never depends on it.
export const config = {
  matcher: ['/((?!_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|sitemap\\.xml$).*)'],
};
