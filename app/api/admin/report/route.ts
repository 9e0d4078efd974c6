import { auth } from '../../../_lib/auth';

/**
 * The middleware already refuses non-admins here, but a matcher change or a rewrite could route
 * around it; the handler checks the group itself before answering.
 */
export async function GET() {
  const session = await auth.getServerSession();
  if (!session)
    return Response.json({ error: { code: 'NotAuthenticated', message: 'not signed in' } }, { status: 401 });
  if (!session.user.groups.includes('ADMINS')) {
    return Response.json(
      { error: { code: 'Forbidden', message: 'this report is for the ADMINS group' } },
      { status: 403 },
    );
  }
  return Response.json({ report: 'ok', for: session.user.username });
}
