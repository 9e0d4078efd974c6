/**
 * CORS for the endpoints a browser app calls with fetch: Amplify's `signInWithRedirect`
 * exchanges the code at /oauth2/token from the page, and apps call /oauth2/userInfo and
 * /oauth2/revoke the same way. No cookies ride on these calls, so any origin may ask; the
 * tokens themselves are the credentials.
 */

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Used when a preflight does not list its headers; covers what Amplify and fetch send. */
const DEFAULT_ALLOWED_HEADERS = 'authorization, content-type, cache-control, x-amz-user-agent';

export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS';
}

export function preflight(request: Request): Response {
  const requested = request.headers.get('access-control-request-headers');
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': request.headers.get('origin') ?? '*',
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      // `*` does not cover Authorization (Fetch standard), so echo what the browser asked for.
      'Access-Control-Allow-Headers': requested ?? DEFAULT_ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
      Vary: 'Origin, Access-Control-Request-Headers',
    },
  });
}

/** Adds the CORS answer headers to a response for a (non-preflight) cross-origin request. */
export function withCors(request: Request, response: Response): Response {
  const origin = request.headers.get('origin');
  response.headers.set('Access-Control-Allow-Origin', origin ?? '*');
  response.headers.set('Access-Control-Expose-Headers', 'WWW-Authenticate');
  if (origin) response.headers.append('Vary', 'Origin');
  return response;
}
