import type { Metadata } from 'next';
import { serverSessionState } from '../_lib/session';
import { ClaimsTable } from '../_components/claims-table';
import { AwsCard } from './aws-card';
import { ClientSession } from './client-session';
import { Countdown } from './countdown';
import { ServerActionButton } from './server-action-button';
import { SignOutButtons } from './sign-out-buttons';

export const metadata: Metadata = { title: 'Dashboard' };

/** The middleware already refused anonymous visitors; this page only renders what it verified. */
export default async function Dashboard() {
  const state = await serverSessionState();
  if (state.status !== 'signedIn') {
    return (
      <main>
        <h1>Dashboard</h1>
        <p role="alert">
          {state.status === 'error'
            ? `The session could not be checked right now (${state.error.code}). Please try again shortly.`
            : 'Not signed in.'}
        </p>
      </main>
    );
  }
  const { user, tokens, expiresAt } = state.session;
  const access = tokens.accessToken.payload;
  const id = tokens.idToken.payload;

  return (
    <main>
      <h1>Dashboard</h1>
      <p className="lead">Rendered on the server from the verified session cookies.</p>

      <div className="grid">
        <section className="card">
          <h2>You</h2>
          <dl className="facts">
            <dt>Signed in as</dt>
            <dd>
              <strong data-testid="username">{user.email ?? user.username}</strong>
            </dd>
            <dt>Username</dt>
            <dd>
              <code>{user.username}</code>
            </dd>
            <dt>User id (sub)</dt>
            <dd>
              <code data-testid="user-id">{user.userId}</code>
            </dd>
            <dt>Groups</dt>
            <dd data-testid="groups">{user.groups.join(', ') || 'none'}</dd>
            {user.signInDetails?.authFlowType ? (
              <>
                <dt>Signed in with</dt>
                <dd>
                  <code>{user.signInDetails.authFlowType}</code>
                </dd>
              </>
            ) : null}
          </dl>
        </section>

        <section className="card">
          <h2>Tokens</h2>
          <dl className="facts">
            <dt>Access jti</dt>
            <dd>
              <code data-testid="access-jti">{access.jti}</code>
            </dd>
            <dt>ID jti</dt>
            <dd>
              <code data-testid="id-jti">{id.jti}</code>
            </dd>
            <dt>Access expires</dt>
            <dd>
              <time data-testid="access-exp" dateTime={new Date(access.exp * 1000).toISOString()}>
                {new Date(access.exp * 1000).toISOString()}
              </time>
            </dd>
            <dt>Session expires</dt>
            <dd>
              <Countdown expiresAt={expiresAt} />
            </dd>
          </dl>
        </section>
      </div>

      <div className="grid">
        <section className="card">
          <h2>In a client component</h2>
          <ClientSession />
        </section>

        <section className="card">
          <h2>In a server action</h2>
          <ServerActionButton />
        </section>
      </div>

      <AwsCard />

      <section className="card">
        <h2>Sign out</h2>
        <p className="muted">
          “Sign out everywhere” also ends your sessions on other devices and browsers (Cognito GlobalSignOut).
        </p>
        <SignOutButtons />
      </section>

      <section className="card">
        <h2>Access token claims</h2>
        <ClaimsTable claims={access} caption="Access token" testId="claims-access" />
      </section>

      <section className="card">
        <h2>ID token claims</h2>
        <ClaimsTable claims={id} caption="ID token" testId="claims-id" />
      </section>
    </main>
  );
}
