/**
 * Test-only support for the OAuth2 endpoint tests: an honest in-memory `OAuthBackend` (opaque
 * tokens, refresh families, revocation, a settable clock) and a real node:http server on
 * 127.0.0.1:0 that bridges to the fetch-style handler, so the tests speak real HTTP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoError } from '../src/cognito-error.js';
import { codeChallengeS256, createCodeVerifier } from 'next-cognito-session/protocol';
import type { IssuedTokens, OAuthBackend, OAuthClientInfo, PasswordCheck } from '../src/oauth2/backend.js';
import { createOAuthHandler } from '../src/oauth2/index.js';
import type { RequestHandler } from '../src/oauth2/backend.js';

interface FakeUser {
  password: string;
  sub: string;
  email: string;
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';
}

interface Family {
  clientId: string;
  username: string;
  revoked: boolean;
}

export class FakeBackend implements OAuthBackend {
  clock = Date.parse('2025-01-01T00:00:00Z');
  readonly users = new Map<string, FakeUser>([
    ['alice', { password: 'Corr3ct-horse!', sub: 'sub-alice', email: 'alice@example.com', status: 'CONFIRMED' }],
    [
      'newbie',
      { password: 'Temp-pass-1!', sub: 'sub-newbie', email: 'newbie@example.com', status: 'FORCE_CHANGE_PASSWORD' },
    ],
  ]);
  readonly clients = new Map<string, OAuthClientInfo>([
    [
      'web-client',
      {
        clientId: 'web-client',
        callbackUrls: ['http://127.0.0.1:3000/api/auth/sign-in-callback'],
        logoutUrls: ['http://127.0.0.1:3000/signed-out'],
        allowedScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      },
    ],
    [
      'server-client',
      {
        clientId: 'server-client',
        clientSecret: 's3cret+value',
        callbackUrls: ['https://app.example/callback'],
        logoutUrls: [],
        allowedScopes: ['openid', 'email'],
      },
    ],
  ]);
  readonly families = new Map<string, Family>();
  /** refresh token → family id */
  readonly refreshTokens = new Map<string, string>();
  /** access token → family id */
  readonly accessTokens = new Map<string, string>();
  readonly issued: Array<Parameters<OAuthBackend['issueTokens']>[0]> = [];

  now(): number {
    return this.clock;
  }

  findClient(clientId: string): OAuthClientInfo | undefined {
    return this.clients.get(clientId);
  }

  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    const user = this.users.get(username);
    if (!user || user.password !== password) return { ok: false, reason: 'invalid' };
    if (user.status === 'FORCE_CHANGE_PASSWORD') return { ok: false, reason: 'new_password_required' };
    return { ok: true, username, sub: user.sub };
  }

  async issueTokens(input: Parameters<OAuthBackend['issueTokens']>[0]): Promise<IssuedTokens> {
    this.issued.push(input);
    const familyId = createCodeVerifier(8);
    this.families.set(familyId, { clientId: input.clientId, username: input.username, revoked: false });
    const refreshToken = `rt.${createCodeVerifier(16)}`;
    this.refreshTokens.set(refreshToken, familyId);
    return { ...this.#tokens(familyId), refreshToken };
  }

  async refresh(input: { clientId: string; refreshToken: string }): Promise<IssuedTokens> {
    const family = this.#liveFamily(input.clientId, input.refreshToken);
    return this.#tokens(family);
  }

  async revokeRefreshToken(input: { clientId: string; refreshToken: string }): Promise<void> {
    if (!this.clients.has(input.clientId)) {
      throw new CognitoError('ResourceNotFoundException', 'unknown client');
    }
    const familyId = this.refreshTokens.get(input.refreshToken);
    const family = familyId ? this.families.get(familyId) : undefined;
    if (family && family.clientId === input.clientId) family.revoked = true;
  }

  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    const familyId = this.accessTokens.get(accessToken);
    const family = familyId ? this.families.get(familyId) : undefined;
    if (!family || family.revoked) throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    const user = this.users.get(family.username);
    return { sub: user?.sub, username: family.username, email: user?.email, email_verified: 'true' };
  }

  #liveFamily(clientId: string, refreshToken: string): string {
    const familyId = this.refreshTokens.get(refreshToken);
    const family = familyId ? this.families.get(familyId) : undefined;
    if (!familyId || !family || family.clientId !== clientId || family.revoked) {
      throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    }
    return familyId;
  }

  #tokens(familyId: string): IssuedTokens {
    const accessToken = `at.${createCodeVerifier(16)}`;
    this.accessTokens.set(accessToken, familyId);
    return { accessToken, idToken: `id.${createCodeVerifier(16)}`, expiresIn: 3600 };
  }
}

export interface TestIdp {
  base: string;
  backend: FakeBackend;
  close(): Promise<void>;
}

export async function startTestIdp(backend = new FakeBackend()): Promise<TestIdp> {
  let base = '';
  const handler = createOAuthHandler(backend, {
    cookieScope: '9229_us-east-1_LocalPool',
    origin: () => base,
  });
  const server = createServer((req, res) => {
    bridge(handler, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    base,
    backend,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function bridge(handler: RequestHandler, req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, item);
    }
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  const response = (await handler(request)) ?? new Response('not found', { status: 404 });
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** A minimal cookie jar: enough to carry the hosted UI's cookies between requests. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const cleared = attributes.some((a) => a.trim().toLowerCase() === 'max-age=0');
      if (cleared) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  has(prefix: string): boolean {
    return [...this.#cookies.keys()].some((name) => name.startsWith(prefix));
  }
}

export const WEB_CALLBACK = 'http://127.0.0.1:3000/api/auth/sign-in-callback';

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = createCodeVerifier();
  return { verifier, challenge: await codeChallengeS256(verifier) };
}

export function authorizeUrl(base: string, params: Record<string, string>): string {
  const url = new URL('/oauth2/authorize', base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** The hidden transaction id out of the rendered sign-in form. */
export function transactionFrom(page: string): string {
  const match = page.match(/name="transaction" value="([^"]+)"/);
  if (!match?.[1]) throw new Error('no sign-in form in page');
  return match[1];
}

export function form(values: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(values).toString(),
    redirect: 'manual',
  };
}

export const ALICE = { username: 'alice', password: 'Corr3ct-horse!' };

/**
 * Plays the browser through authorize → sign-in form → POST /login and returns where the IdP
 * sent it (the app's callback with code/state, or with an error).
 */
export async function signIn(
  base: string,
  jar: CookieJar,
  params: Record<string, string>,
  credentials: { username: string; password: string } = ALICE,
): Promise<URL> {
  const page = await fetch(authorizeUrl(base, params), {
    redirect: 'manual',
    headers: { cookie: jar.header() },
  });
  jar.store(page);
  if (page.status === 302) return new URL(page.headers.get('location') ?? '');
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}`);
  const transaction = transactionFrom(await page.text());
  const answer = await fetch(`${base}/login`, form({ transaction, ...credentials }, { cookie: jar.header() }));
  jar.store(answer);
  if (answer.status !== 302) throw new Error(`login answered ${answer.status}`);
  return new URL(answer.headers.get('location') ?? '');
}
