'use client';
import { useSession } from 'next-cognito-session/client';

/** The same session from the browser's side, through `useSession()` and GET /api/auth/session. */
export function ClientSession() {
  const { status, user, error, refresh } = useSession();
  return (
    <div data-testid="client-session" data-status={status}>
      {status === 'loading' ? <p className="muted">Loading…</p> : null}
      {status === 'signedIn' && user ? (
        <dl className="facts">
          <dt>User</dt>
          <dd data-testid="client-user">{user.email ?? user.username}</dd>
          <dt>Groups</dt>
          <dd>{user.groups.join(', ') || 'none'}</dd>
        </dl>
      ) : null}
      {status === 'signedOut' ? <p>The browser sees no session.</p> : null}
      {status === 'error' && error ? (
        <p role="alert">
          Could not check the session ({error.code}). {error.message}
        </p>
      ) : null}
      <div className="actions" style={{ marginTop: '0.75rem' }}>
        <button type="button" className="secondary" onClick={() => void refresh()} data-testid="client-refresh">
          Check again
        </button>
      </div>
    </div>
  );
}
