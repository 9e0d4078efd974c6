import { auth } from '../../_lib/auth';

export async function GET() {
  const session = await auth.getServerSession();
  if (!session)
    return Response.json({ error: { code: 'NotAuthenticated', message: 'not signed in' } }, { status: 401 });
  return Response.json({
    user: session.user,
    accessTokenJti: session.tokens.accessToken.payload.jti,
    claims: session.claims,
  });
}
