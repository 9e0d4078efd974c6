/**
 * The two things a browser does with cookies that these tests need: send them in a Cookie
 * header, and apply Set-Cookie lines (Max-Age=0 deletes). Plus a browser that signed in, through
 * the test kit apps use (next-cognito-session/testing).
 */
import { parseSetCookie } from 'cookie';
import type { RunningIdp } from 'next-cognito-session-idp';
import { signInForTest } from 'next-cognito-session/testing';
import { parseCookieHeader } from '../../../src/cookies';
import { decodeUnverified } from '../../../src/tokens';

export class BrowserCookies {
  readonly #cookies = new Map<string, string>();

  constructor(initial: Iterable<{ name: string; value: string }> = []) {
    for (const { name, value } of initial) this.#cookies.set(name, value);
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  }

  get(suffix: string): string | undefined {
    for (const [name, value] of this.#cookies) if (name.endsWith(suffix)) return value;
    return undefined;
  }

  names(): string[] {
    return [...this.#cookies.keys()];
  }

  apply(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const cookie = parseSetCookie(line);
      if (cookie.maxAge !== undefined && cookie.maxAge <= 0) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value ?? '');
    }
  }

  clone(): BrowserCookies {
    return new BrowserCookies([...this.#cookies].map(([name, value]) => ({ name, value })));
  }
}

/** A clock that follows real time with an offset: the IdP can mint tokens "in the past". */
export class OffsetClock {
  offsetMs = 0;
  readonly now = () => Date.now() + this.offsetMs;
}

/**
 * The cookies of a browser that signed in with the app's default cookie options. `now` is the
 * IdP's clock when a test moved it to mint a session that is already expired in real time.
 */
export async function signInBrowser(
  idp: RunningIdp,
  user: { username: string; password: string },
  options: { now?: () => number } = {},
): Promise<BrowserCookies> {
  const session = await signInForTest({
    config: idp.runnerConfig(),
    username: user.username,
    password: user.password,
    ...options,
  });
  return new BrowserCookies(parseCookieHeader(session.cookieHeader));
}

/**
 * A browser whose access and ID tokens expired `agoSeconds` ago while its refresh token is live:
 * signed in with the IdP's clock moved back past the tokens' hour, then the clock is restored.
 */
export async function signInExpired(
  idp: RunningIdp,
  clock: OffsetClock,
  user: { username: string; password: string },
  agoSeconds = 120,
): Promise<BrowserCookies> {
  clock.offsetMs = -3600_000 - agoSeconds * 1000;
  try {
    return await signInBrowser(idp, user, { now: clock.now });
  } finally {
    clock.offsetMs = 0;
  }
}

export function jtiOf(token: string | undefined): unknown {
  return token ? decodeUnverified(token).payload.jti : undefined;
}
