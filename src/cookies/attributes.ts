/**
 * Set-Cookie attributes for session cookies, resolved once per request from `CookieOptions`.
 *
 * @example
 *   const attrs = resolveCookieAttributes({ secure: 'auto' }, request);
 *   // { path: '/', sameSite: 'lax', secure: true, httpOnly: false, maxAge: 2592000 }
 *   deletionAttributes(attrs); // same Path/Domain, Max-Age=0
 */

import { ConfigInvalid } from '../errors.js';
import { DEFAULT_COOKIE_MAX_AGE, type CookieOptions } from './options.js';

/** The subset of Set-Cookie attributes jars understand (Next's `ResponseCookie` and `cookie`'s). */
export interface CookieWriteOptions {
  path?: string;
  domain?: string;
  maxAge?: number;
  expires?: Date;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
}

/** What attribute resolution needs to know about the request; Request and NextRequest fit. */
export interface RequestLike {
  url?: string;
  headers?: { get(name: string): string | null };
}

/**
 * True when the browser reached us over https. `x-forwarded-proto` wins over the URL because a
 * TLS-terminating proxy forwards plain http to Next, and Next's `request.url` then says `http:`.
 * A spoofed header can only make the client's own cookies stricter or weaker for itself.
 */
export function isHttpsRequest(request: RequestLike | undefined): boolean {
  const forwarded = request?.headers?.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0]!.trim().toLowerCase() === 'https';
  if (!request?.url) return false;
  try {
    return new URL(request.url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function resolveCookieAttributes(
  options: CookieOptions = {},
  request?: RequestLike,
): Readonly<CookieWriteOptions> {
  const secureOption = options.secure ?? 'auto';
  const secure = secureOption === 'auto' ? isHttpsRequest(request) : secureOption;
  const sameSite = options.sameSite ?? 'lax';
  // Chrome and Firefox reject `SameSite=None` without `Secure` outright, so the session would
  // silently never stick; fail loudly instead.
  if (sameSite === 'none' && !secure) {
    throw new ConfigInvalid('cookies.sameSite "none" requires cookies.secure (or an https request)');
  }
  const maxAge = options.maxAge ?? DEFAULT_COOKIE_MAX_AGE;
  if (!Number.isInteger(maxAge) || maxAge <= 0) {
    throw new ConfigInvalid(`cookies.maxAge must be a positive integer of seconds, got ${maxAge}`);
  }
  const attributes: CookieWriteOptions = {
    // Path=/ like Amplify: tokens must reach every route, and a different Path would create a
    // second cookie of the same name instead of replacing the browser client's.
    path: '/',
    sameSite,
    secure,
    httpOnly: options.httpOnly ?? false,
    maxAge,
  };
  if (options.domain) attributes.domain = options.domain;
  return Object.freeze(attributes);
}

/**
 * Attributes that delete a cookie written with `attributes`: browsers only replace a cookie
 * whose name, Domain and Path all match (RFC 6265 §5.3 step 11), so those are kept.
 */
export function deletionAttributes(attributes: Readonly<CookieWriteOptions>): CookieWriteOptions {
  const { expires: _expires, ...rest } = attributes;
  return { ...rest, maxAge: 0 };
}

export function isDeletion(options: CookieWriteOptions | undefined): boolean {
  return options?.maxAge !== undefined && options.maxAge <= 0;
}
