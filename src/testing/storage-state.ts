/**
 * Playwright's `storageState` for a signed-in browser: the session cookies with the attributes a
 * browser would have stored them with, so `browser.newContext({ storageState })` (or a file named
 * in playwright.config's `use.storageState`) starts signed in without driving the sign-in form.
 *
 * @example
 *   const context = await browser.newContext({ storageState: session.storageState('http://localhost:3000') });
 *
 * The shape is restated from @playwright/test (`BrowserContextOptions['storageState']`) so the
 * library does not depend on Playwright; test/integration/testing-kit.test.ts type-checks it
 * against the real one.
 */
import type { CookieWriteOptions, JarCookie } from '../cookies/index.js';

export interface StorageStateCookie {
  name: string;
  value: string;
  /** The app's host (a host-only cookie), or `.domain` when `cookies.domain` is configured. */
  domain: string;
  path: string;
  /** Unix time in seconds; -1 for a cookie that ends with the browser session. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
}

export interface PlaywrightStorageState {
  cookies: StorageStateCookie[];
  /** Local storage per origin: the session lives in cookies only, so always empty. */
  origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>;
}

const SAME_SITE = { lax: 'Lax', strict: 'Strict', none: 'None' } as const;

/**
 * @param cookies Wire names and values (percent-encoded, as sent in the Cookie header).
 * @param attributes What the runner resolves for a request to `origin`.
 * @param receivedAtMs When the browser got the cookies; `Max-Age` counts from there.
 */
export function toStorageState(
  cookies: readonly JarCookie[],
  origin: URL,
  attributes: Readonly<CookieWriteOptions>,
  receivedAtMs: number,
): PlaywrightStorageState {
  // RFC 6265 §5.2.3 ignores a leading dot; Playwright needs one to mean "and subdomains".
  const domain = attributes.domain ? `.${attributes.domain.replace(/^\./, '')}` : origin.hostname;
  const expires = attributes.maxAge !== undefined ? Math.floor(receivedAtMs / 1000) + attributes.maxAge : -1;
  return {
    cookies: cookies.map(({ name, value }) => ({
      name,
      value,
      domain,
      path: attributes.path ?? '/',
      expires,
      httpOnly: attributes.httpOnly ?? false,
      secure: attributes.secure ?? false,
      sameSite: SAME_SITE[attributes.sameSite ?? 'lax'],
    })),
    origins: [],
  };
}
