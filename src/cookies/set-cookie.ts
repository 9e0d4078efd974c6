/**
 * Set-Cookie serialisation (RFC 6265 §4.1), the writing half of cookie-header.ts. Values are
 * percent-encoded with `encodeURIComponent`, which cookie-header.ts, Next's cookie parser and the
 * browser-side readers (Amplify's, js-cookie) all decode; the output is attribute for attribute
 * what the `cookie` package writes, so cookies set before this module existed are replaced, not
 * doubled.
 *
 * @example
 *   serializeSetCookie({ name: 'a', value: 'x y', options: { path: '/', maxAge: 60, sameSite: 'lax' } });
 *   // 'a=x%20y; Max-Age=60; Path=/; SameSite=Lax'
 *
 * Names, Domain and Path are refused rather than escaped: they come from our code and the app's
 * config, and a `;`, a control character or a line break there would end the attribute or the
 * header — a bug to report, never data to pass on.
 */
import type { JarWrite } from './jar.js';

/** Printable ASCII but `;` and `=` (and so no space or control character). */
const NAME = /^[\x21-\x3A\x3C\x3E-\x7E]+$/;
/** Dot-separated LDH labels, optionally with a leading dot. */
const DOMAIN = /^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** Printable ASCII but `;`. */
const PATH = /^[\x20-\x3A\x3C-\x7E]*$/;
const SAME_SITE = { lax: 'Lax', strict: 'Strict', none: 'None' } as const;

export function serializeSetCookie({ name, value, options }: JarWrite): string {
  if (!NAME.test(name)) throw new TypeError(`cookie name ${JSON.stringify(name)} is not a token`);
  let line = `${name}=${value ? encodeURIComponent(value) : ''}`;
  const { maxAge, domain, path, expires, httpOnly, secure, sameSite } = options;
  if (maxAge !== undefined) {
    if (!Number.isInteger(maxAge)) throw new TypeError(`cookie Max-Age ${maxAge} is not an integer`);
    line += `; Max-Age=${maxAge}`;
  }
  if (domain) {
    if (!DOMAIN.test(domain)) throw new TypeError(`cookie Domain ${JSON.stringify(domain)} is not a host name`);
    line += `; Domain=${domain}`;
  }
  if (path) {
    if (!PATH.test(path)) throw new TypeError(`cookie Path ${JSON.stringify(path)} holds a separator`);
    line += `; Path=${path}`;
  }
  if (expires) {
    if (!Number.isFinite(expires.valueOf())) throw new TypeError('cookie Expires is not a valid date');
    line += `; Expires=${expires.toUTCString()}`;
  }
  if (httpOnly) line += '; HttpOnly';
  if (secure) line += '; Secure';
  if (sameSite) line += `; SameSite=${SAME_SITE[sameSite]}`;
  return line;
}
