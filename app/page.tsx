import Link from 'next/link';
import { serverSessionState } from './_lib/session';
import { signOutWarning } from './_components/messages';

export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { warning } = await searchParams;
  const state = await serverSessionState();
  const session = state.status === 'signedIn' ? state.session : null;
  const warningText = signOutWarning(typeof warning === 'string' ? warning : undefined);

  return (
    <main>
      <h1>next-cognito-session</h1>
      <p className="lead">
        Amazon Cognito sessions in cookies for the Next.js App Router. This reference app signs in against a local
        Cognito-compatible identity provider; the cookies use the same names and format as the aws-amplify browser
        client, so both can share one session.
      </p>

      {warningText ? (
        <p className="notice" role="status" data-testid="sign-out-warning">
          {warningText}
        </p>
      ) : null}

      <section className="card" data-testid="home-session" data-status={state.status}>
        <h2>Your session</h2>
        {session ? (
          <>
            <p>
              You are signed in as <strong>{session.user.email ?? session.user.username}</strong>
              {session.user.groups.length > 0 ? (
                <>
                  {' '}
                  in{' '}
                  {session.user.groups.map((group) => (
                    <span className="pill" key={group}>
                      {group}
                    </span>
                  ))}
                </>
              ) : null}
              .
            </p>
            <div className="actions">
              <Link className="button" href="/dashboard">
                Open the dashboard
              </Link>
              {session.user.groups.includes('ADMINS') ? (
                <Link className="button secondary" href="/admin">
                  Admin area
                </Link>
              ) : null}
            </div>
          </>
        ) : state.status === 'error' ? (
          <p role="alert">
            The session could not be checked right now ({state.error.code}). Your sign-in is kept; try again shortly.
          </p>
        ) : (
          <>
            <p>You are signed out.</p>
            <div className="actions">
              <Link className="button" href="/sign-in">
                Sign in
              </Link>
            </div>
          </>
        )}
      </section>

      <section className="card">
        <h2>What to try</h2>
        <ul>
          <li>
            <Link href="/dashboard">Dashboard</Link> — every claim of both tokens, a live expiry countdown, the session
            as a client component sees it, and a server action.
          </li>
          <li>
            <Link href="/admin">Admin</Link> — only for the <code>ADMINS</code> group; the middleware enforces it.
          </li>
          <li>
            <a href="/api/me">/api/me</a> — a route handler answering the session as JSON.
          </li>
        </ul>
        <p className="muted">
          Demo users: <code>demo@example.com</code> / <code>Passw0rd!demo</code> and <code>admin@example.com</code> /{' '}
          <code>Passw0rd!admin</code> (ADMINS).
        </p>
      </section>
    </main>
  );
}
