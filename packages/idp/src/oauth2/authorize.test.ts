import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CookieJar,
  WEB_CALLBACK,
  authorizeUrl,
  form,
  pkcePair,
  startTestIdp,
  transactionFrom,
  type TestIdp,
} from '../../test-support/oauth2.js';

let idp: TestIdp;
beforeEach(async () => {
  idp = await startTestIdp();
});
afterEach(async () => {
  await idp.close();
});

const base = { client_id: 'web-client', response_type: 'code', redirect_uri: WEB_CALLBACK, state: 'xyz' };

async function get(params: Record<string, string>, cookie = ''): Promise<Response> {
  return fetch(authorizeUrl(idp.base, params), { redirect: 'manual', headers: { cookie } });
}

function errorOf(response: Response): URLSearchParams {
  return new URL(response.headers.get('location') ?? '').searchParams;
}

describe('authorize: before redirect_uri is trusted, errors stay on the IdP', () => {
  it.each([
    [
      'a redirect_uri the client did not register',
      { ...base, redirect_uri: 'https://evil.example/cb' },
      'callback URLs',
    ],
    ['a redirect_uri that only shares a prefix', { ...base, redirect_uri: `${WEB_CALLBACK}/x` }, 'callback URLs'],
    ['an unknown client', { ...base, client_id: 'nobody' }, 'not a known app client'],
    ['no client_id', { response_type: 'code', redirect_uri: WEB_CALLBACK }, 'client_id is required'],
    ['no redirect_uri', { client_id: 'web-client', response_type: 'code' }, 'redirect_uri is required'],
  ])('%s → HTML 400, no Location', async (_name, params, message) => {
    const res = await get(params);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain(message);
  });

  it('a repeated redirect_uri is refused rather than one being picked', async () => {
    const url = new URL(authorizeUrl(idp.base, base));
    url.searchParams.append('redirect_uri', 'https://evil.example/cb');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});

describe('authorize: after redirect_uri is trusted, errors go back to the app (RFC 6749 §4.1.2.1)', () => {
  it('refuses a state or nonce over 4096 characters, before a login transaction keeps it', async () => {
    for (const param of ['state', 'nonce']) {
      const res = await get({ ...base, [param]: 's'.repeat(4097) });
      expect(res.status).toBe(302);
      expect(errorOf(res).get('error')).toBe('invalid_request');
      expect(errorOf(res).get('error_description')).toContain(`${param} must be at most 4096 characters`);
    }
  });

  it('a repeated `constructor` or a `__proto__` parameter is not mistaken for anything', async () => {
    const url = new URL(authorizeUrl(idp.base, base));
    url.searchParams.append('constructor', 'x');
    url.searchParams.append('__proto__', 'y');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
  });

  it('refuses PKCE plain', async () => {
    const res = await get({ ...base, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    expect(res.status).toBe(302);
    const error = errorOf(res);
    expect(error.get('error')).toBe('invalid_request');
    expect(error.get('error_description')).toContain('plain');
    expect(error.get('state')).toBe('xyz');
  });

  it('refuses a challenge with no method (which RFC 7636 would read as plain)', async () => {
    const { challenge } = await pkcePair();
    const error = errorOf(await get({ ...base, code_challenge: challenge }));
    expect(error.get('error')).toBe('invalid_request');
    expect(error.get('error_description')).toContain('code_challenge_method');
  });

  it('refuses a malformed S256 challenge', async () => {
    const error = errorOf(await get({ ...base, code_challenge: 'short', code_challenge_method: 'S256' }));
    expect(error.get('error_description')).toContain('code_challenge');
  });

  it('refuses response_type=token', async () => {
    const error = errorOf(await get({ ...base, response_type: 'token' }));
    expect(error.get('error')).toBe('unsupported_response_type');
  });

  it('refuses a scope the client may not ask for, naming it', async () => {
    const error = errorOf(await get({ ...base, scope: 'openid admin:all' }));
    expect(error.get('error')).toBe('invalid_scope');
    expect(error.get('error_description')).toContain('admin:all');
  });

  it('carries a hostile state back URL-encoded, never as markup', async () => {
    const state = '"><script>alert(1)</script>';
    const res = await get({ ...base, state, response_type: 'nope' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).not.toContain('<script>');
    expect(errorOf(res).get('state')).toBe(state);
  });
});

describe('sign-in form', () => {
  async function openForm(params: Record<string, string> = base) {
    const jar = new CookieJar();
    const page = await get(params);
    jar.store(page);
    const html = await page.text();
    return { jar, html, transaction: transactionFrom(html) };
  }

  async function post(jar: CookieJar, values: Record<string, string>) {
    return fetch(`${idp.base}/login`, form(values, { cookie: jar.header() }));
  }

  it('does not put the authorize parameters in the page at all', async () => {
    const { html } = await openForm({ ...base, state: '"><script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('alert(1)');
  });

  it('sends a locked-down page: CSP without scripts, no framing, no caching', async () => {
    const res = await get(base);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers a wrong password and an unknown user with the same words', async () => {
    const { jar, transaction } = await openForm();
    const wrong = await post(jar, { transaction, username: 'alice', password: 'nope' });
    const unknown = await post(jar, { transaction, username: 'mallory', password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain('Incorrect username or password.');
    expect(b).toContain('Incorrect username or password.');
    expect(a.replace(/alice/g, 'X')).toBe(b.replace(/mallory/g, 'X'));
  });

  it('escapes the username it echoes back', async () => {
    const { jar, transaction } = await openForm();
    const res = await post(jar, { transaction, username: '<img src=x onerror=alert(1)>', password: 'x' });
    const html = await res.text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('tells a user who must change their password what to do, without a code', async () => {
    const { jar, transaction } = await openForm();
    const res = await post(jar, { transaction, username: 'newbie', password: 'Temp-pass-1!' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('password must be changed');
  });

  it('names an empty field', async () => {
    const { jar, transaction } = await openForm();
    const res = await post(jar, { transaction, username: 'alice', password: '' });
    expect(await res.text()).toContain('Enter your password.');
  });

  it('refuses a form posted without the browser cookie it was issued to (login CSRF)', async () => {
    const { transaction } = await openForm();
    const res = await post(new CookieJar(), { transaction, username: 'alice', password: 'Corr3ct-horse!' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('expired');
  });

  it('refuses an unknown or expired transaction', async () => {
    const { jar, transaction } = await openForm();
    idp.backend.clock += 16 * 60_000;
    const res = await post(jar, { transaction, username: 'alice', password: 'Corr3ct-horse!' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses a non-form body without a 500', async () => {
    const res = await fetch(`${idp.base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
  });
});
