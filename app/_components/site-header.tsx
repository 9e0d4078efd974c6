import Link from 'next/link';
import type { SessionState } from 'next-cognito-session';

/**
 * Rendered by the root layout on every page from the server's view of the session. Sign-out
 * here is a plain form post, so it works before (or without) JavaScript.
 */
export function SiteHeader({ state }: { state: SessionState }) {
  const session = state.status === 'signedIn' ? state.session : null;
  const isAdmin = session?.user.groups.includes('ADMINS') ?? false;
  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand">
          next-cognito-session
        </Link>
        <nav className="nav-links" aria-label="Main">
          <Link href="/">Home</Link>
          <Link href="/dashboard">Dashboard</Link>
          {isAdmin ? <Link href="/admin">Admin</Link> : null}
        </nav>
        <div className="nav-session">
          {session ? (
            <>
              <span>
                Signed in as{' '}
                <strong data-testid="nav-signed-in-as">{session.user.email ?? session.user.username}</strong>
              </span>
              <form method="post" action="/api/auth/sign-out">
                <input type="hidden" name="returnTo" value="/" />
                <button type="submit" className="link" data-testid="nav-sign-out">
                  Sign out
                </button>
              </form>
            </>
          ) : state.status === 'error' ? (
            <span title={state.error.code}>Session unavailable</span>
          ) : (
            <Link href="/sign-in" data-testid="nav-sign-in">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
