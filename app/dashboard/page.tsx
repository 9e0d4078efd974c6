import { auth } from '../_lib/auth';

export default async function Dashboard() {
  const session = await auth.getServerSession();
  if (!session) return <p>Not signed in.</p>;
  const access = session.tokens.accessToken.payload;
  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong data-testid="username">{session.user.email ?? session.user.username}</strong>
      </p>
      <p>
        Access token <code data-testid="access-jti">{access.jti}</code>, expires{' '}
        <time data-testid="access-exp">{new Date(access.exp * 1000).toISOString()}</time>
      </p>
      <p>Groups: <span data-testid="groups">{session.user.groups.join(', ') || 'none'}</span></p>
    </main>
  );
}
