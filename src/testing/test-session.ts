/**
 * What a test holds after `signInForTest`: one sign-in's cookies in every form a test hands them
 * on in — a Cookie header (fetch, supertest, `new NextRequest`), the Set-Cookie lines the sign-in
 * route would have answered with, and a Playwright `storageState` — plus the raw tokens.
 *
 * @example
 *   await fetch(`${app}/api/me`, { headers: { cookie: session.cookieHeader } });
 *   await browser.newContext({ storageState: session.storageState() });
 *
 * Every form is derived from the runner's own cookie writes: names and values from the
 * Set-Cookie serializer the route handlers use, attributes from the runner's cookie options.
 */
import {
  resolveCookieAttributes,
  serializeSetCookie,
  type CookieOptions,
  type JarCookie,
  type JarWrite,
} from '../cookies/index.js';
import { isDeletion } from '../cookies/attributes.js';
import type { SessionUser } from '../session/types.js';
import { toStorageState, type PlaywrightStorageState } from './storage-state.js';

export interface TestSessionTokens {
  accessToken: string;
  idToken: string;
  /** Cognito returns one for every password sign-in. */
  refreshToken?: string;
}

export interface TestSession {
  /** The verified user, as `getServerSession()` will report it. */
  readonly user: SessionUser;
  readonly tokens: TestSessionTokens;
  /** The session cookies a browser holds: wire names and percent-encoded values, chunks included. */
  readonly cookies: readonly JarCookie[];
  /** `name=value; …` as the browser sends them. */
  readonly cookieHeader: string;
  /** The Set-Cookie lines of the sign-in response (attributes resolved for `appUrl`). */
  readonly setCookie: readonly string[];
  /**
   * The cookies as Playwright's `storageState`, for a browser at `origin` (default: the sign-in's
   * `appUrl`). `Secure` follows the origin's scheme under `cookies.secure: 'auto'`, as it would
   * have for a sign-in there.
   */
  storageState(origin?: string | URL): PlaywrightStorageState;
}

export function createTestSession(input: {
  user: SessionUser;
  tokens: TestSessionTokens;
  /** The runner's writes, in order, from a jar that held nothing before. */
  writes: readonly JarWrite[];
  cookieOptions: Readonly<CookieOptions>;
  appUrl: URL;
  receivedAtMs: number;
}): TestSession {
  const live = new Map<string, JarWrite>();
  for (const write of input.writes) {
    if (isDeletion(write.options)) live.delete(write.name);
    else live.set(write.name, write);
  }
  const setCookie = input.writes.map(serializeSetCookie);
  // Take `name=value` from the serializer itself, so the wire encoding is decided in one place.
  const cookies = [...live.values()].map((write) => {
    const pair = serializeSetCookie(write).split(';', 1)[0]!;
    return { name: write.name, value: pair.slice(write.name.length + 1) };
  });
  return {
    user: input.user,
    tokens: input.tokens,
    cookies,
    cookieHeader: cookies.map(({ name, value }) => `${name}=${value}`).join('; '),
    setCookie,
    storageState(origin = input.appUrl) {
      const url = new URL(origin);
      const attributes = resolveCookieAttributes(input.cookieOptions, { url: url.href });
      return toStorageState(cookies, url, attributes, input.receivedAtMs);
    },
  };
}
