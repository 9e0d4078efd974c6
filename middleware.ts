import { auth, middlewareOptions } from './app/_lib/auth';

export default auth.middleware(middlewareOptions);

// Next reads `matcher` statically, so the library's DEFAULT_MATCHER is spelled out here: every
// path but Next's build assets, image optimiser and metadata files. Access never depends on it.
export const config = {
  matcher: ['/((?!_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|sitemap\\.xml$).*)'],
};
