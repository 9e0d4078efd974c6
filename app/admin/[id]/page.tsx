import type { Metadata } from 'next';
import Link from 'next/link';
import { auth } from '../../_lib/auth';

export const metadata: Metadata = { title: 'Admin record' };

/**
 * A protected dynamic segment: any last segment renders here — `/admin/42`, and also
 * `/admin/42.png` or `/admin/app.js`, which is why the middleware's matcher must never skip paths
 * for looking like assets. Checks the group itself too, like the admin page.
 */
export default async function AdminRecord({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await auth.requireSession({ groups: ['ADMINS'], returnTo: `/admin/${encodeURIComponent(id)}` });
  return (
    <main>
      <h1>Admin record</h1>
      <p className="lead">
        Record <code data-testid="admin-record">{id}</code>, shown to{' '}
        <strong data-testid="admin-user">{session.user.email}</strong>.
      </p>
      <Link href="/admin">Back to the admin area</Link>
    </main>
  );
}
