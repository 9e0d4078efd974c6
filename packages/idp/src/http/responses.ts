/** Response shapes the IdP's own endpoints share: Cognito JSON errors and open CORS. */
import { JSON_CONTENT_TYPE } from 'next-cognito-session/protocol';

const ALLOWED_HEADERS = [
  'authorization',
  'cache-control',
  'content-type',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-target',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
].join(', ');
const EXPOSED_HEADERS = 'x-amzn-errortype, x-amzn-requestid, date';

/** The browser client (Amplify in a page) calls the JSON API cross-origin. */
export function withCors(request: Request, response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', request.headers.get('origin') ?? '*');
  headers.set('access-control-expose-headers', EXPOSED_HEADERS);
  headers.append('vary', 'origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function preflight(request: Request): Response {
  return withCors(
    request,
    new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        // Echo what was asked for: SDK versions add headers over time, and this IdP trusts all.
        'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? ALLOWED_HEADERS,
        'access-control-max-age': '86400',
      },
    }),
  );
}

export function cognitoJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': crypto.randomUUID() },
  });
}

export function cognitoErrorResponse(type: string, message: string, status = 400): Response {
  const response = cognitoJson({ __type: type, message }, status);
  response.headers.set('x-amzn-errortype', type);
  return response;
}

export function plainJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}
