/**
 * What the reference app takes from the request and renders, under a real `next start`:
 * - `?error=` on the sign-in page and `?warning=` on the home page are whatever a link said.
 *   `__proto__`, `constructor`, `toString` used to find Object.prototype members in the message
 *   table (a 500), and unknown text was shown verbatim — anyone could word this site's page.
 *   Now: known codes get their sentence, anything else one generic sentence, never the text.
 * - the `signInDetails` cookie is unsigned (unsealed without `encryptionSecret`): the browser
 *   writes what it likes. `{"authFlowType":{"x":1}}` reached React as a child (a 500 on
 *   /dashboard) and /api/auth/session repeated forged values. Now a value of the wrong shape is
 *   dropped by the library and the session stays valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCookieName, tokenKey } from '../../src/cookies';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from '../integration/support/next-server';
import { cookieHeader, passwordSignIn, readResponse, sessionCookies, type RealSession } from './support/hostile';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;

let idp: RunningIdp;
let app: NextServer;
let session: RealSession;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  app = await startNext(APP_VARIANTS[0].dir, appEnv(idp));
  session = await passwordSignIn(idp, demo);
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await idp?.close();
});

const HOSTILE_TEXT = {
  __proto__: '__proto__',
  constructor: 'constructor',
  toString: 'toString',
  'a script tag': '<script>alert("spoofed")</script>',
  'a spoofed notice': 'Your account is locked. Call +1 555 0100 to unlock it',
  'long text': `Please-verify-at-evil.example-${'x'.repeat(3000)}`,
};

/** The page as rendered HTML, without the inline scripts that carry React's payload. */
function renderedMarkup(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
}

/** `<p … data-testid="…" …>text</p>` of the page, or undefined. */
function element(html: string, testId: string): { attributes: string; text: string } | undefined {
  const match = new RegExp(`<p([^>]*data-testid="${testId}"[^>]*)>([\\s\\S]*?)</p>`).exec(html);
  return match ? { attributes: match[1]!, text: match[2]! } : undefined;
}

function expectNotEchoed(html: string, raw: string): void {
  expect(html).not.toContain('<script>alert(');
  const markup = renderedMarkup(html);
  expect(markup).not.toContain(raw);
  expect(markup).not.toContain(encodeURIComponent(raw));
}

describe('sign-in page ?error=', () => {
  for (const [label, raw] of Object.entries(HOSTILE_TEXT)) {
    it(`?error= ${label}: 200 with the generic message, the text never rendered`, async () => {
      const response = await fetch(`${app.url}/sign-in?${new URLSearchParams({ error: raw })}`);
      const html = await response.text();
      expect(response.status, app.output()).toBe(200);
      const alert = element(html, 'sign-in-error');
      expect(alert?.text).toBe('Sign-in did not complete. Please try again.');
      expect(alert?.attributes).toContain('data-code="unknown"');
      expectNotEchoed(html, raw);
    });
  }

  it('?error= of a known code still gets its own sentence (control)', async () => {
    const html = await (await fetch(`${app.url}/sign-in?error=InvalidCredentials`)).text();
    expect(element(html, 'sign-in-error')).toMatchObject({ text: 'Incorrect username or password.' });
  });
});

describe('home page ?warning=', () => {
  for (const [label, raw] of Object.entries(HOSTILE_TEXT)) {
    it(`?warning= ${label}: 200 with the generic warning, the text never rendered`, async () => {
      const response = await fetch(`${app.url}/?${new URLSearchParams({ warning: raw })}`);
      const html = await response.text();
      expect(response.status, app.output()).toBe(200);
      expect(element(html, 'sign-out-warning')?.text).toBe(
        'You are signed out on this device, but signing out everywhere else did not complete.',
      );
      expectNotEchoed(html, raw);
    });
  }
});

describe('forged signInDetails cookie', () => {
  const withDetails = (raw: string) =>
    cookieHeader([
      ...sessionCookies(idp.defaultClientId, session),
      { name: encodeCookieName(tokenKey(idp.defaultClientId, session.username, 'signInDetails')), value: raw },
    ]);

  const FORGED = {
    'an object as authFlowType': '{"authFlowType":{"x":1}}',
    'an array as authFlowType': '{"authFlowType":["USER_SRP_AUTH"]}',
    'an unknown authFlowType': '{"authFlowType":"ADMIN_OVERRIDE_AUTH","loginId":"demo@example.com"}',
    'markup as authFlowType': '{"authFlowType":"<img src=x onerror=alert(1)>"}',
    'an object as loginId': '{"loginId":{"toString":"boom"}}',
    'a 5,000-character loginId': `{"loginId":"${'L'.repeat(5000)}"}`,
    'not JSON': '{oops',
    'a JSON array': '[1,2,3]',
  };

  for (const [label, raw] of Object.entries(FORGED)) {
    it(`${label}: /dashboard is 200 and /api/auth/session carries no signInDetails`, async () => {
      const cookie = withDetails(raw);
      const dashboard = await fetch(`${app.url}/dashboard`, { headers: { cookie }, redirect: 'manual' });
      const html = await dashboard.text();
      expect(dashboard.status, app.output()).toBe(200);
      expect(html).toContain('data-testid="username"');
      expect(renderedMarkup(html)).not.toContain('Signed in with');

      const { status, json, text } = await readResponse(
        await fetch(`${app.url}/api/auth/session`, { headers: { cookie }, redirect: 'manual' }),
      );
      expect(status, app.output()).toBe(200);
      expect(json.user.username).toBe(session.username);
      expect(json.user).not.toHaveProperty('signInDetails');
      for (const forged of ['ADMIN_OVERRIDE_AUTH', 'onerror', 'LLLLLLLLLL', '"x":1', 'boom'])
        expect(text).not.toContain(forged);
    });
  }

  it('a well-formed value is kept, unknown keys stripped (control)', async () => {
    const cookie = withDetails('{"loginId":"demo@example.com","authFlowType":"USER_PASSWORD_AUTH","role":"admin"}');
    const { json } = await readResponse(await fetch(`${app.url}/api/auth/session`, { headers: { cookie } }));
    expect(json.user.signInDetails).toEqual({ loginId: 'demo@example.com', authFlowType: 'USER_PASSWORD_AUTH' });
    const html = await (await fetch(`${app.url}/dashboard`, { headers: { cookie }, redirect: 'manual' })).text();
    expect(renderedMarkup(html)).toContain('USER_PASSWORD_AUTH');
  });
});
