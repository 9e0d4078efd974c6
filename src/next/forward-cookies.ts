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
import { serializeSetCookie, type MemoryJar } from '../cookies/index.js';
import { keepOutOfSharedCaches } from './cache-policy.js';
import { mutable } from './mutable-response.js';

/**
 * The response that lets the request through: with the Cookie header rebuilt when the jar
 * wrote, untouched otherwise — overriding request headers makes Next copy and re-apply every
 * header downstream, work a valid session never needs.
 */
export function continueWithCookies(request: Request, jar: MemoryJar): Response {
  return forwardIntoRequest(NextResponse.next(), request, jar);
}

/**
 * Makes a response that continues the request — `NextResponse.next()` or `.rewrite()`, e.g. one
 * an `onSession` hook returned — hand the jar's cookies to this request's pages and handlers.
 * Responses that end the request here (redirects, bodies) are returned as they are.
 *
 * This speaks Next's protocol for `NextResponse.next({ request: { headers } })` directly, because
 * the response already exists: `x-middleware-override-headers` lists every header the forwarded
 * request keeps (Next deletes the rest) and `x-middleware-request-<name>` carries each value.
 * Headers the app already overrode are kept; only the Cookie header is replaced.
 */
export function forwardIntoRequest(response: Response, request: Request, jar: MemoryJar): Response {
  if (jar.writes.length === 0 || !continuesRequest(response)) return response;
  const target = mutable(response);
  const overridden = target.headers.get(OVERRIDE);
  const names = new Set(
    overridden
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
  if (overridden === null) {
    for (const [name, value] of request.headers) {
      target.headers.set(`${REQUEST_PREFIX}${name}`, value);
      names.add(name);
    }
  }
  const cookie = cookieHeader(jar);
  if (cookie) {
    target.headers.set(`${REQUEST_PREFIX}cookie`, cookie);
    names.add('cookie');
  } else {
    target.headers.delete(`${REQUEST_PREFIX}cookie`);
    names.delete('cookie');
  }
  target.headers.set(OVERRIDE, [...names].join(','));
  return target;
}

const OVERRIDE = 'x-middleware-override-headers';
const REQUEST_PREFIX = 'x-middleware-request-';

function continuesRequest(response: Response): boolean {
  return response.headers.has('x-middleware-next') || response.headers.has('x-middleware-rewrite');
}

/** Same encoding Next's RequestCookies use when they serialise: values percent-encoded. */
function cookieHeader(jar: MemoryJar): string {
  return jar
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
}

/**
 * Adds the jar's writes as Set-Cookie lines, whatever kind of response it is, and makes it
 * `private, no-store` whatever caching the page, route or hook chose (see cache-policy.ts).
 */
export function withCookieWrites(response: Response, jar: MemoryJar): Response {
  if (jar.writes.length === 0) return response;
  const target = mutable(response);
  for (const write of jar.writes) target.headers.append('set-cookie', serializeSetCookie(write));
  keepOutOfSharedCaches(target.headers);
  return target;
}
