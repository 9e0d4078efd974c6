import { auth } from '../../_lib/auth';

/**
 * What a browser needs to configure the Amplify client: public, the same for everyone, and
 * cacheable for five minutes — unless the middleware wrote session cookies onto this response,
 * which then must not be cached by anyone (test/hostile/shared-cache.test.ts).
 */
export function GET() {
  const { userPoolId, clientId } = auth.config;
  return Response.json(
    { userPoolId, userPoolClientId: clientId },
    { headers: { 'cache-control': 'public, max-age=300' } },
  );
}
