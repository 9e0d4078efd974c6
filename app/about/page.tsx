import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'About' };

/**
 * Rendered once at build time: Next answers it with `Cache-Control: s-maxage=31536000`, for CDNs.
 * The middleware still runs here and refreshes an expiring session; when it does, the response
 * carries Set-Cookie and must say `private, no-store` instead (test/hostile/shared-cache.test.ts).
 */
export const dynamic = 'force-static';

export default function About() {
  return (
    <main>
      <h1 data-testid="about">About this app</h1>
      <p className="lead">
        A static page. It is the same for everyone, so a CDN may keep it — unless a response of it carries your
        refreshed session cookies, which the middleware then marks <code>private, no-store</code>.
      </p>
    </main>
  );
}
