/**
 * Tells a request sent by a web page of some other origin from one sent by a program. The admin
 * operations and the `/_local` knobs are for programs (the AWS SDK, Playwright's request API,
 * curl); a page the developer happens to visit must not drive them. Browsers mark every
 * cross-origin fetch and form post with `Origin` (the Fetch standard sends it on every POST) and
 * with `Sec-Fetch-Site`; programs send neither unless told to.
 */

/** Why the request came from a page of another origin, or undefined when it did not. */
export function foreignPageReason(request: Request, ownOrigin: string): string | undefined {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== ownOrigin) return `it was sent by the web page ${origin}`;
  // same-site is still another origin: the app on :3000 and the IdP on :9229 are same-site.
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return `it was sent by a ${site} web page`;
  return undefined;
}
