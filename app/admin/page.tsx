import type { Metadata } from 'next';
import Link from 'next/link';
import { serverSessionState } from '../_lib/session';

export const metadata: Metadata = { title: 'Admin' };

/** Only members of ADMINS get here: the middleware answers everyone else with 403 first. */
export default async function Admin() {
  const state = await serverSessionState();
  // As getServerSession() would: an outage is an error page here, not an anonymous admin page.
  if (state.status === 'error') throw state.error;
  const session = state.status === 'signedIn' ? state.session : null;
  const tenant = session?.claims['custom:tenant'];
  return (
    <main>
      <h1>Admin</h1>
      <p className="lead">
        Welcome, <strong data-testid="admin-user">{session?.user.email}</strong>. You can see this page because
        your access token lists the <span className="pill">ADMINS</span> group.
      </p>
      <section className="card">
        <h2>How this page is protected</h2>
        <ul>
          <li>
            The middleware checks <code>cognito:groups</code> in the verified access token before the page renders;
            signed-out visitors go to sign-in, others get 403.
          </li>
          <li>
            The same rule covers <a href="/api/admin/report">/api/admin/report</a>, which answers JSON 401/403 instead
            of redirecting.
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
