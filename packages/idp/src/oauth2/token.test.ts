import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CookieJar,
  WEB_CALLBACK,
  form,
  pkcePair,
  signIn,
  startTestIdp,
  type TestIdp,
} from '../../test-support/oauth2.js';

let idp: TestIdp;
beforeEach(async () => {
  idp = await startTestIdp();
});
afterEach(async () => {
  await idp.close();
});

async function codeFor(extra: Record<string, string> = {}, clientId = 'web-client', redirectUri = WEB_CALLBACK) {
  const url = await signIn(idp.base, new CookieJar(), {
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid',
    ...extra,
  });
  const code = url.searchParams.get('code');
  if (!code) throw new Error(`no code in ${url.toString()}`);
  return code;
}

async function tokenCall(values: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${idp.base}/oauth2/token`, form(values, headers));
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const exchange = (code: string, extra: Record<string, string> = {}) =>
  tokenCall({ grant_type: 'authorization_code', client_id: 'web-client', code, redirect_uri: WEB_CALLBACK, ...extra });

describe('authorization_code + PKCE', () => {
  it('requires the verifier when a challenge was given', async () => {
    const { challenge } = await pkcePair();
    const code = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
    const res = await exchange(code);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request' });
    expect(String(res.body.error_description)).toContain('code_verifier');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a wrong verifier, and the code is spent afterwards', async () => {
    const { challenge, verifier } = await pkcePair();
    const { verifier: other } = await pkcePair();
    const code = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await exchange(code, { code_verifier: other })).body).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(code, { code_verifier: verifier })).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a verifier when the authorization had no challenge (stripped challenge)', async () => {
    const code = await codeFor();
    const { verifier } = await pkcePair();
    expect((await exchange(code, { code_verifier: verifier })).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('a code works once; the replay fails and revokes what the first use issued', async () => {
    const code = await codeFor();
    const first = await exchange(code);
    expect(first.status).toBe(200);
    const replay = await exchange(code);
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: 'invalid_grant' });
    const refresh = await tokenCall({
      grant_type: 'refresh_token',
      client_id: 'web-client',
      refresh_token: String(first.body.refresh_token),
    });
    expect(refresh.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('a code dies after five minutes', async () => {
    const code = await codeFor();
    idp.backend.clock += 5 * 60_000 + 1;
    expect((await exchange(code)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('a code is still good just before five minutes', async () => {
    const code = await codeFor();
    idp.backend.clock += 5 * 60_000 - 1_000;
    expect((await exchange(code)).status).toBe(200);
  });

  it('redirect_uri must be the one authorized', async () => {
    const code = await codeFor();
    const res = await exchange(code, { redirect_uri: 'http://127.0.0.1:3000/other' });
    expect(res.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('another client cannot redeem the code', async () => {
    const code = await codeFor();
    const res = await tokenCall(
      { grant_type: 'authorization_code', code, redirect_uri: WEB_CALLBACK },
      { authorization: `Basic ${btoa('server-client:s3cret%2Bvalue')}` },
    );
    expect(res.body).toMatchObject({ error: 'invalid_grant' });
    // …and its attempt did not burn the code for the rightful client.
    expect((await exchange(code)).status).toBe(200);
  });
});

describe('client authentication', () => {
  const serverCode = () => codeFor({ scope: 'openid' }, 'server-client', 'https://app.example/callback');
  const serverExchange = (code: string, values: Record<string, string>, headers: Record<string, string> = {}) =>
    tokenCall(
      { grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/callback', ...values },
      headers,
    );

  it('accepts HTTP Basic with form-encoded halves', async () => {
    const res = await serverExchange(
      await serverCode(),
      {},
      { authorization: `Basic ${btoa('server-client:s3cret%2Bvalue')}` },
    );
    expect(res.status).toBe(200);
  });

  it('accepts client_secret in the body', async () => {
    const res = await serverExchange(await serverCode(), { client_id: 'server-client', client_secret: 's3cret+value' });
    expect(res.status).toBe(200);
  });

  it('a wrong Basic secret → 401 invalid_client with a Basic challenge', async () => {
    const res = await serverExchange(await serverCode(), {}, { authorization: `Basic ${btoa('server-client:wrong')}` });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client' });
    expect(res.headers.get('www-authenticate')).toContain('Basic');
  });

  it('a confidential client without its secret → 401', async () => {
    const res = await serverExchange(await serverCode(), { client_id: 'server-client' });
    expect(res.status).toBe(401);
  });

  it('an unknown client → 401 invalid_client', async () => {
    const res = await tokenCall({ grant_type: 'refresh_token', client_id: 'nobody', refresh_token: 'x' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client' });
  });

  it('both Basic and client_secret → invalid_request', async () => {
    const res = await tokenCall(
      { grant_type: 'refresh_token', refresh_token: 'x', client_secret: 's3cret+value' },
      { authorization: `Basic ${btoa('server-client:s3cret%2Bvalue')}` },
    );
    expect(res.body).toMatchObject({ error: 'invalid_request' });
  });
});

describe('request shape', () => {
  it.each([
    [{ client_id: 'web-client' }, 'invalid_request', 'grant_type'],
    [{ grant_type: 'client_credentials', client_id: 'web-client' }, 'unsupported_grant_type', 'grant_type'],
    [
      { grant_type: 'authorization_code', client_id: 'web-client', redirect_uri: WEB_CALLBACK },
      'invalid_request',
      'code',
    ],
    [{ grant_type: 'refresh_token', client_id: 'web-client' }, 'invalid_request', 'refresh_token'],
    [{ grant_type: 'refresh_token', client_id: 'web-client', refresh_token: 'bogus' }, 'invalid_grant', ''],
  ])('%o → %s', async (values, error, param) => {
    const res = await tokenCall(values);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(String(res.body.error_description)).toContain(param);
  });

  it('refuses a JSON body with a JSON error, not a 500', async () => {
    const res = await fetch(`${idp.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"refresh_token"}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('GET /oauth2/token → 405', async () => {
    const res = await fetch(`${idp.base}/oauth2/token`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('revoke and userInfo', () => {
  it('revoking an unknown token is a quiet 200; an unknown client is not', async () => {
    const ok = await fetch(`${idp.base}/oauth2/revoke`, form({ token: 'unknown', client_id: 'web-client' }));
    expect(ok.status).toBe(200);
    const bad = await fetch(`${idp.base}/oauth2/revoke`, form({ token: 'unknown', client_id: 'nobody' }));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('userInfo without a token → 401 with a bare Bearer challenge', async () => {
    const res = await fetch(`${idp.base}/oauth2/userInfo`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('userInfo with a bad token → 401 invalid_token', async () => {
    const res = await fetch(`${idp.base}/oauth2/userInfo`, {
      method: 'POST',
      headers: { authorization: 'Bearer junk' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await res.json()).toMatchObject({ error: 'invalid_token' });
  });
});
