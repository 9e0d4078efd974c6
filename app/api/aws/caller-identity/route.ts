import { isAuthError } from 'next-cognito-session';
import { callerIdentity } from '../../../_lib/aws';

/** Who AWS says the visitor is, with the credentials the identity pool gave them. */
export async function GET() {
  try {
    const identity = await callerIdentity();
    if (!identity) {
      return Response.json(
        { error: { code: 'NotFound', message: 'no identity pool credentials for this visitor' } },
        { status: 404, headers: { 'cache-control': 'private, no-store' } },
      );
    }
    return Response.json(identity, { headers: { 'cache-control': 'private, no-store' } });
  } catch (error) {
    // Typed errors carry a stable code and a message meant for callers; anything else stays in the log.
    const code = isAuthError(error) ? error.code : 'InternalError';
    if (!isAuthError(error)) console.error(error);
    return Response.json(
      { error: { code, message: isAuthError(error) ? error.message : 'AWS could not be asked' } },
      { status: isAuthError(error) ? error.status : 502, headers: { 'cache-control': 'private, no-store' } },
    );
  }
}
