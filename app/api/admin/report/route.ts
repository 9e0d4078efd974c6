import { auth } from '../../../_lib/auth';

export async function GET() {
  const session = await auth.getServerSession();
  return Response.json({ report: 'ok', for: session?.user.username ?? null });
}
