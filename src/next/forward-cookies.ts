/**
 * Getting cookie writes to both audiences of a middleware response: the browser (Set-Cookie)
 * and the rest of this request (the forwarded Cookie header).
 *
 * Next 16 gives route handlers and server components the ORIGINAL request's cookies unless the
 * middleware overrides the request headers with `NextResponse.next({ request: { headers } })`;
 * `response.cookies.set` alone only reaches the browser, so the page rendered for this very
 * request would still show — and maybe refresh again with — the old tokens.
 */
import { NextResponse } from 'next/server';
import { serializeSetCookie, type MemoryJar } from '../cookies';

/**
 * The response that lets the request through: with the Cookie header rebuilt when the jar
 * wrote, untouched otherwise — overriding request headers makes Next copy and re-apply every
 * header downstream, work a valid session never needs.
 */
export function continueWithCookies(request: Request, jar: MemoryJar): NextResponse {
  if (jar.writes.length === 0) return NextResponse.next();
  const headers = new Headers(request.headers);
  // Same encoding Next's RequestCookies use when they serialise: values percent-encoded.
  const cookie = jar
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
  if (cookie) headers.set('cookie', cookie);
  else headers.delete('cookie');
  return NextResponse.next({ request: { headers } });
}

/** Adds the jar's writes as Set-Cookie lines, whatever kind of response it is. */
export function withCookieWrites(response: Response, jar: MemoryJar): Response {
  if (jar.writes.length === 0) return response;
  // Responses from fetch() or Response.redirect() have immutable headers; copy those.
  const target = isMutable(response) ? response : new Response(response.body, response);
  for (const write of jar.writes) target.headers.append('set-cookie', serializeSetCookie(write));
  return target;
}

function isMutable(response: Response): boolean {
  try {
    response.headers.append('x-ncs-probe', '1');
    response.headers.delete('x-ncs-probe');
    return true;
  } catch {
    return false;
  }
}
