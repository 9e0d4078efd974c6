/**
 * `returnTo` sanitising: whatever arrives in a query string or form, the result is a path on
 * this origin, so sign-in and sign-out can never be turned into an open redirect.
 *
 * @example
 *   safeReturnTo('/dashboard?tab=1') // '/dashboard?tab=1'
 *   safeReturnTo('//evil.com')       // '/'
 */

const SENTINEL_ORIGIN = 'http://return-to.invalid';

export function safeReturnTo(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return fallback;
  // Browsers strip tabs and newlines inside URLs and treat `\` as `/`, so `/\evil.com` and
  // `/\t/evil.com` are protocol-relative to them. Refuse such input rather than normalise it.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//')) return fallback;

  let url: URL;
  try {
    url = new URL(raw, SENTINEL_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== SENTINEL_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse `/.//evil.com` into `//evil.com`; check what the URL parser made.
  return path.startsWith('//') ? fallback : path;
}

const PATH_BASE = 'http://path.invalid';

/**
 * `path` with query parameters merged in (undefined ones skipped). `path` must already be safe —
 * app configuration or a `safeReturnTo` result — this only edits its query.
 *
 * @example
 *   withQuery('/bye?x=1', { warning: 'IdpUnavailable' }) // '/bye?x=1&warning=IdpUnavailable'
 */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const url = new URL(path, PATH_BASE);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
