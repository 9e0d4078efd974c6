import { auth, middlewareOptions } from './app/_lib/auth';

export default auth.middleware(middlewareOptions);

// Next reads `matcher` statically, so it is spelled out here (same as the library's DEFAULT_MATCHER).
export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|robots.txt|sitemap.xml|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico|css|js|map)$).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
