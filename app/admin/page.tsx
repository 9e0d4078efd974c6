import { auth } from '../_lib/auth';

export default async function Admin() {
  const session = await auth.getServerSession();
  return (
    <main>
      <h1>Admin</h1>
      <p data-testid="admin-user">{session?.user.email}</p>
    </main>
  );
}
