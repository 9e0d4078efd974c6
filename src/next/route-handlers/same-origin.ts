/**
 * CSRF defence for the state-changing POSTs (sign-in, sign-out, refresh): the browser must say
 * the request came from this app's own origin (or a trusted one).
 *
 * Browsers attach `Origin` to every POST, fetch or form, and a page cannot forge it; `Referer`
 * is the fallback for the rare stack that strips Origin. Either one must match an origin the app
 * is reachable at: the URL Next built from the Host header, or what the proxy forwarded in
 * `x-forwarded-host` / `x-forwarded-proto`. Trusting those headers is safe here: a cross-site
 * attacker can make the victim's browser send a form, but cannot add headers to it, and a
 * request whose headers the sender controls carries its own (or no) cookies anyway.
 * `Sec-Fetch-Site: cross-site` on a form post claiming the app's own origin is refused (a second
 * opinion from the browser that costs nothing); trusted origins are other sites by definition,
 * so their forms are cross-site and the check does not apply to them.
 */
import { Forbidden } from '../../errors.js';
import type { BodyKind } from './body.js';

export function checkSameOrigin(
  request: Request,
  kind: BodyKind,
  trustedOrigins: ReadonlySet<string>,
): Forbidden | undefined {
  const claimed = claimedOrigin(request);
  if (!claimed) {
    return new Forbidden('this request must come from the app itself (no Origin or Referer header)');
  }
  if (trustedOrigins.has(claimed)) return undefined;
  if (kind === 'form' && request.headers.get('sec-fetch-site') === 'cross-site') {
    return new Forbidden('cross-site form posts are not accepted here');
  }
  if (appOrigins(request).includes(claimed)) return undefined;
  return new Forbidden(`requests from ${claimed} are not accepted here`);
}

function claimedOrigin(request: Request): string | undefined {
  const origin = request.headers.get('origin');
  // `Origin: null` (sandboxed frames, some redirects) names no one; it is not a fallback case.
  if (origin !== null) return origin === 'null' ? undefined : parseOrigin(origin);
  const referer = request.headers.get('referer');
  return referer ? parseOrigin(referer) : undefined;
}

/** The origins this request may legitimately have been addressed to. */
function appOrigins(request: Request): string[] {
  const own = parseOrigin(request.url);
  const origins = own ? [own] : [];
  const host = firstValue(request.headers.get('x-forwarded-host'));
  if (host) {
    const proto = firstValue(request.headers.get('x-forwarded-proto')) ?? own?.split(':')[0] ?? 'https';
    if (/^https?$/i.test(proto)) {
      const forwarded = parseOrigin(`${proto.toLowerCase()}://${host}`);
      if (forwarded && !origins.includes(forwarded)) origins.push(forwarded);
    }
  }
  return origins;
}

/** Proxy chains append (`client, proxy1`); the first entry is the one the browser used. */
function firstValue(header: string | null): string | undefined {
  const value = header?.split(',')[0]?.trim();
  return value || undefined;
}

function parseOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
