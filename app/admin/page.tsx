import type { Metadata } from 'next';
import Link from 'next/link';
import { auth } from '../_lib/auth';

export const metadata: Metadata = { title: 'Admin' };

/**
 * Only members of ADMINS get here. The middleware answers everyone else first (sign-in or 403);
 * the page checks again itself, so a request that gets around the middleware — a matcher edit, a
 * rewrite — still meets the same rule (signed out → sign-in, not an admin → 404).
 */
export default async function Admin() {
  const session = await auth.requireSession({ groups: ['ADMINS'], returnTo: '/admin' });
  const tenant = session.claims['custom:tenant'];
  return (
    <main>
      <h1>Admin</h1>
      <p className="lead">
        Welcome, <strong data-testid="admin-user">{session.user.email}</strong>. You can see this page because your
        access token lists the <span className="pill">ADMINS</span> group.
      </p>
      <section className="card">
        <h2>How this page is protected</h2>
        <ul>
          <li>
            The middleware checks <code>cognito:groups</code> in the verified access token before the page renders;
            signed-out visitors go to sign-in, others get 403.
          </li>
          <li>
            The page checks again with <code>auth.requireSession(&#123; groups: [&apos;ADMINS&apos;] &#125;)</code>, so
            it never rests on the middleware alone.
          </li>
          <li>
            The same rule covers <a href="/api/admin/report">/api/admin/report</a>, which answers JSON 401/403 instead
            of redirecting, and every page below /admin.
          </li>
          {typeof tenant === 'string' ? (
            <li>
              Your tenant (custom attribute <code>custom:tenant</code>): <code>{tenant}</code>
            </li>
          ) : null}
        </ul>
        <Link href="/dashboard">Back to the dashboard</Link>
      </section>
    </main>
  );
}
