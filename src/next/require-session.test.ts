import { describe, expect, it } from 'vitest';
import { IdpUnavailable } from '../errors.js';
import type { Session, SessionState } from '../session/types.js';
import { requireSessionIn } from './require-session.js';

function signedIn(groups: string[]): SessionState {
  const session = {
    user: { username: 'u', userId: 'sub', groups },
    tokens: { accessToken: { payload: { scope: 'openid' } }, idToken: { payload: {} } },
    claims: {},
    expiresAt: 0,
  } as unknown as Session;
  return { status: 'signedIn', session, refreshed: false };
}

/**
 * What Next's control-flow throw carries. The digest formats are Next's (next/dist/client/components/
 * redirect.js, http-access-fallback); under `next start` they become the 307 and 404 that
 * test/integration/consumer-app.test.ts checks.
 */
function thrownDigest(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String((error as { digest?: unknown }).digest);
  }
  throw new Error('expected Next to be told to answer instead of the page');
}

describe('requireSessionIn', () => {
  it('returns the session of a member of a required group', () => {
    const state = signedIn(['ADMINS']);
    expect(requireSessionIn(state, { groups: ['ADMINS'] })).toBe(state.status === 'signedIn' && state.session);
  });

  it('redirects the signed-out to sign-in with returnTo (307)', () => {
    const digest = thrownDigest(() => requireSessionIn({ status: 'signedOut' }, { returnTo: '/admin/42' }));
    expect(digest).toMatch(/^NEXT_REDIRECT;\w+;\/sign-in\?returnTo=%2Fadmin%2F42;307;/);
  });

  it('tells the sign-in page about an outage instead of calling it signed out', () => {
    const state: SessionState = { status: 'error', error: new IdpUnavailable('down') };
    const digest = thrownDigest(() => requireSessionIn(state, { returnTo: '/admin', signInPath: '/login' }));
    expect(digest).toMatch(/^NEXT_REDIRECT;\w+;\/login\?returnTo=%2Fadmin&error=IdpUnavailable;307;/);
  });

  it('answers not-found to a signed-in user without the group (works with no experimental flag)', () => {
    expect(thrownDigest(() => requireSessionIn(signedIn(['USERS']), { groups: ['ADMINS'] }))).toBe(
      'NEXT_HTTP_ERROR_FALLBACK;404',
    );
  });
});
