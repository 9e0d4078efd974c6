/**
 * The one reading of a `Cookie` request header, behind every jar: each `name=value` pair in the
 * order the browser sent it, duplicates KEPT.
 *
 * @example
 *   parseCookieHeader('a=1; b=x%40y; a=2');
 *   // [{ name: 'a', value: '1' }, { name: 'b', value: 'x@y' }, { name: 'a', value: '2' }]
 *
 * A browser keeps one cookie per (name, Domain, Path) and sends all that match, so one name can
 * arrive twice: a copy a sibling subdomain set on the parent domain (cookie tossing), or a
 * `Path=/x` variant. Parsers disagree on the winner — Next's RequestCookies keep the last, the
 * `cookie` package and js-cookie the first — and while the middleware read through one and the
 * auth routes through the other, one request was two users: the page showed admin while
 * sign-out revoked demo's token. Choosing is not this module's call. It hands over every copy;
 * storage.ts refuses to read a session cookie that arrived more than once (CookieCorrupt), and
 * cookies that are not ours pass through untouched.
 *
 * Values decode as the `cookie` package decodes them (percent-decoding, the raw text when that
 * fails); names stay as sent (storage.ts decodes them). Pairs without `=` or without a name carry
 * nothing a jar could address and are skipped.
 */
import type { JarCookie } from './jar.js';

export function parseCookieHeader(header: string | null | undefined): JarCookie[] {
  if (!header) return [];
  const cookies: JarCookie[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = trimSpace(pair.slice(0, eq));
    if (name === '') continue;
    cookies.push({ name, value: decodeValue(trimSpace(pair.slice(eq + 1))) });
  }
  return cookies;
}

/** RFC 6265 §5.4 joins pairs with `; `; proxies add or drop spaces and tabs, nothing else. */
function trimSpace(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

function decodeValue(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
