/**
 * User-facing cookie options and the size limits the writer enforces.
 *
 * @example
 *   const options: CookieOptions = { secure: 'auto', httpOnly: true, encryptionSecret: [next, prev] };
 *
 * `CookieOptions` is what an app passes to `createServerRunner({ cookies })`; the config module
 * validates it and `resolveCookieAttributes` turns it into concrete Set-Cookie attributes per
 * request.
 */

export interface CookieOptions {
  /** Server-only mode: the browser cannot read tokens; it asks `/api/auth/session` instead. */
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
  /** `'auto'` (default) sets Secure when the request arrived over https. */
  secure?: boolean | 'auto';
  domain?: string;
  /** Seconds; should follow the app client's refresh-token validity. */
  maxAge?: number;
  /** Seal values as JWE. A list rotates: seal with the first, open with any. */
  encryptionSecret?: string | string[];
}

/** Byte limits, all measured on the wire (UTF-8 after percent-encoding). */
export interface CookieLimits {
  /** Largest value kept in one cookie before it is split into `<name>.0`, `<name>.1`, … */
  maxChunkBytes: number;
  /** Largest `name=value` pair of a single cookie. */
  maxCookieBytes: number;
  /** Largest sum of the Set-Cookie header lines one write emits. */
  maxSetCookieBytes: number;
  /** Largest `Cookie` request header our session cookies may take up after a write. */
  maxCookieHeaderBytes: number;
}

/**
 * Why these numbers:
 * - Browsers keep at most 4096 bytes of name + value per cookie (RFC 6265 §6.1 minimum, Chrome
 *   and Firefox enforce it and drop larger cookies silently). 3500 bytes of value leaves room for
 *   names, which carry the client id and a percent-encoded username (up to ~450 bytes).
 * - Node's HTTP parser refuses headers over `--max-http-header-size` (16 KiB, all headers
 *   together) in both directions, and Next answers 431 when a request crosses it. Our share of
 *   the Cookie header is capped at 13 KiB: enough for a 10 KB ID token (pre-token hooks that add
 *   groups or entitlements produce those — the case where Amplify's unchunked cookie is silently
 *   dropped) plus the access and refresh tokens, while leaving ~3 KiB for the browser's other
 *   headers and the app's own cookies. Behind nginx (`large_client_header_buffers 4 8k`, one
 *   header line ≤ 8 KiB) lower it to ~7.5 KiB or raise nginx's buffers.
 * - One write's Set-Cookie lines (values plus attributes, plus deletions of stale chunks) stay
 *   under 14 KiB so a response still fits a 16 KiB header limit (undici, Node's fetch, has one).
 */
export const DEFAULT_COOKIE_LIMITS: Readonly<CookieLimits> = Object.freeze({
  maxChunkBytes: 3500,
  maxCookieBytes: 4096,
  maxSetCookieBytes: 14 * 1024,
  maxCookieHeaderBytes: 13 * 1024,
});

/** Default Max-Age: Cognito's default refresh-token validity (30 days). Amplify uses 365 days. */
export const DEFAULT_COOKIE_MAX_AGE = 30 * 24 * 60 * 60;

export function resolveCookieLimits(overrides?: Partial<CookieLimits>): Readonly<CookieLimits> {
  return Object.freeze({ ...DEFAULT_COOKIE_LIMITS, ...overrides });
}
