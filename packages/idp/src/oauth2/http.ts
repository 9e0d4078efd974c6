/**
 * Response builders and body reading shared by the endpoints. Everything here answers with
 * `Cache-Control: no-store`: codes, tokens and login pages must never sit in a cache
 * (RFC 6749 §5.1).
 */
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';

/** Forms here carry a handful of short fields; anything bigger is not a browser login. */
const MAX_FORM_BYTES = 64 * 1024;

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/**
 * Pages render only inline CSS and no scripts. `form-action` is left out on purpose: browsers
 * apply it to the redirect that follows the POST, which would block the hop to the app.
 */
const PAGE_HEADERS = {
  ...NO_STORE,
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...NO_STORE, 'Content-Type': 'application/json;charset=UTF-8', ...headers },
  });
}

export function html(body: string, status = 200, setCookies: string[] = []): Response {
  const headers = new Headers(PAGE_HEADERS);
  for (const cookie of setCookies) headers.append('Set-Cookie', cookie);
  return new Response(body, { status, headers });
}

/** 302 to `target` with `params` merged into its query (existing query parameters are kept). */
export function redirect(
  target: string,
  params: Record<string, string | undefined> = {},
  setCookies: string[] = [],
): Response {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const headers = new Headers({ ...NO_STORE, Location: url.toString() });
  for (const cookie of setCookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 302, headers });
}

export function methodNotAllowed(allowed: string[]): Response {
  return json({ error: 'invalid_request', error_description: `method must be ${allowed.join(' or ')}` }, 405, {
    Allow: allowed.join(', '),
  });
}

export type FormResult = { ok: true; params: URLSearchParams } | { ok: false; description: string };

export async function readForm(request: Request): Promise<FormResult> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return { ok: false, description: 'Content-Type must be application/x-www-form-urlencoded' };
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_FORM_BYTES) return { ok: false, description: 'request body is too large' };
  const text = await request.text();
  if (text.length > MAX_FORM_BYTES) return { ok: false, description: 'request body is too large' };
  return { ok: true, params: new URLSearchParams(text) };
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  return header ? parseCookie(header)[name] : undefined;
}

/**
 * HttpOnly, SameSite=Lax, and Secure when the browser reached us over https — decided per
 * request, since the configured issuer may be the AWS form while we serve plain http locally.
 */
export function setCookie(request: Request, name: string, value: string, options: SerializeOptions = {}): string {
  const secure = new URL(request.url).protocol === 'https:';
  return stringifySetCookie(name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    ...options,
  });
}

export function clearCookie(request: Request, name: string): string {
  return setCookie(request, name, '', { maxAge: 0 });
}
