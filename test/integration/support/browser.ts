/**
 * The two things a browser does with cookies that these tests need: send them in a Cookie
 * header, and apply Set-Cookie lines (Max-Age=0 deletes). Plus signing in against the IdP the
 * way the sign-in route does, without verifying — tests mint deliberately expired sessions.
 */
import { parseSetCookie } from 'cookie';
import { createCognitoClient } from '../../../src/cognito/client';
import { signInWithSrp } from '../../../src/cognito/sign-in';
import { createCookieStorage, createMemoryJar, writeSessionCookies } from '../../../src/cookies';
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

export async function signInBrowser(
  idp: { url: string; poolId: string; defaultClientId: string },
  user: { username: string; password: string },
): Promise<BrowserCookies> {
  const clientId = idp.defaultClientId;
  const cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId });
  const result = await signInWithSrp(cognito, { userPoolId: idp.poolId, ...user });
  if (result.kind !== 'signedIn') throw new Error(`sign-in stopped at ${result.name}`);
  const jar = createMemoryJar();
  await writeSessionCookies(createCookieStorage(jar), clientId, {
    username: String(decodeUnverified(result.tokens.AccessToken).payload.username),
    accessToken: result.tokens.AccessToken,
    idToken: result.tokens.IdToken,
    refreshToken: result.tokens.RefreshToken,
  });
  return new BrowserCookies(jar.getAll());
}

export function jtiOf(token: string | undefined): unknown {
  return token ? decodeUnverified(token).payload.jti : undefined;
}
