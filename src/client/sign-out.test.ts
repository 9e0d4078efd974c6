import { describe, expect, it } from 'vitest';
import { signOut, SignOutFailed } from './sign-out.js';
import { ClientRequestError } from './types.js';
import type { FetchLike } from './types.js';

function recordingFetch(body: unknown, status = 200) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, ...(init ? { init } : {}) });
    return Response.json(body, { status });
  };
  return { fetch, calls };
}

describe('signOut', () => {
  it('POSTs JSON with same-origin credentials, then navigates to a safe returnTo', async () => {
    const { fetch, calls } = recordingFetch({ signedOut: true });
    const visited: string[] = [];
    const result = await signOut({ fetch, returnTo: '/bye', navigate: (url) => visited.push(url) });
    expect(calls[0]?.url).toBe('/api/auth/sign-out');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ global: false, returnTo: '/bye' });
    expect(visited).toEqual(['/bye']);
    expect(result.location).toBe('/bye');
  });

  it('never navigates off-site', async () => {
    const { fetch } = recordingFetch({ signedOut: true });
    const visited: string[] = [];
    await signOut({ fetch, returnTo: '//evil.example', navigate: (url) => visited.push(url) });
    expect(visited).toEqual(['/']);
  });

  it('lands with ?warning= when the global part met an outage', async () => {
    const { fetch } = recordingFetch({
      signedOut: true,
      globalSignOut: 'failed',
      error: { code: 'IdpUnavailable', message: 'other devices may still be signed in' },
    });
    const result = await signOut({ fetch, global: true, navigate: false });
    expect(result).toMatchObject({ globalSignOut: 'failed', location: '/?warning=IdpUnavailable' });
  });

  it('goes to the hosted UI sign-out instead of returnTo when the handler names one', async () => {
    const hostedSignOutUrl =
      'https://auth.example.com/logout?client_id=abc&logout_uri=https%3A%2F%2Fapp.example.com%2F';
    const { fetch } = recordingFetch({ signedOut: true, hostedSignOutUrl });
    const visited: string[] = [];
    const result = await signOut({ fetch, returnTo: '/bye', navigate: (url) => visited.push(url) });
    expect(visited).toEqual([hostedSignOutUrl]);
    expect(result.location).toBe(hostedSignOutUrl);
  });

  it('keeps the warning when the global part failed, whatever else the answer says', async () => {
    const { fetch } = recordingFetch({
      signedOut: true,
      globalSignOut: 'failed',
      error: { code: 'IdpUnavailable', message: 'other devices may still be signed in' },
      hostedSignOutUrl: 'https://auth.example.com/logout?client_id=abc&logout_uri=x',
    });
    const visited: string[] = [];
    await signOut({ fetch, global: true, returnTo: '/bye', navigate: (url) => visited.push(url) });
    expect(visited).toEqual(['/bye?warning=IdpUnavailable']);
  });

  it.each(['javascript:alert(1)', '//evil.example/logout', 'not a url', 42])(
    'ignores a hostedSignOutUrl that is not an absolute http(s) URL: %j',
    async (hostedSignOutUrl) => {
      const { fetch } = recordingFetch({ signedOut: true, hostedSignOutUrl });
      const visited: string[] = [];
      await signOut({ fetch, returnTo: '/bye', navigate: (url) => visited.push(url) });
      expect(visited).toEqual(['/bye']);
    },
  );

  it('throws SignOutFailed with the server code when refused', async () => {
    const { fetch } = recordingFetch({ error: { code: 'Forbidden', message: 'cross-origin' } }, 403);
    const failure = await signOut({ fetch, navigate: false }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SignOutFailed);
    expect(failure).toBeInstanceOf(ClientRequestError);
    expect(failure).toMatchObject({ name: 'SignOutFailed', code: 'Forbidden', message: 'cross-origin', status: 403 });
  });
});
