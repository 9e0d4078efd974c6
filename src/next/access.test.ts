import { describe, expect, it } from 'vitest';
import { IdpUnavailable, RefreshTokenRevoked } from '../errors.js';
import type { Session, SessionState } from '../session/types.js';
import { decideAccess, missingRequirement, signInLocation } from './access.js';

const admins = { groups: ['ADMINS'], scopes: [] };

function signedIn(groups: string[], scope = 'openid'): SessionState {
  const session = {
    user: { username: 'u', userId: 'sub', groups },
    tokens: { accessToken: { payload: { scope } }, idToken: { payload: {} } },
    claims: {},
    expiresAt: 0,
  } as unknown as Session;
  return { status: 'signedIn', session, refreshed: false };
}

describe('decideAccess', () => {
  it('lets a member of any required group through, with the session', () => {
    const decision = decideAccess(signedIn(['USERS', 'ADMINS']), admins, '/admin');
    expect(decision.outcome).toBe('allow');
  });

  it('forbids a signed-in user who lacks the group, naming path and requirement', () => {
    const decision = decideAccess(signedIn(['USERS']), admins, '/admin');
    expect(decision).toMatchObject({ outcome: 'forbid', error: { code: 'Forbidden', status: 403 } });
    expect(decision.outcome === 'forbid' && decision.error.message).toBe(
      '/admin requires membership in one of the groups: ADMINS',
    );
  });

  it('requires every scope', () => {
    expect(missingRequirement({ groups: [], scopes: ['a', 'b'] }, { groups: [], scopes: ['a'] })).toBe(
      'requires the scopes: b',
    );
    expect(decideAccess(signedIn([], 'a b'), { groups: [], scopes: ['a', 'b'] }, '/x').outcome).toBe('allow');
  });

  it('sends the signed-out to sign-in with the reason, and an undecided session with its error', () => {
    const out = decideAccess({ status: 'signedOut', reason: new RefreshTokenRevoked('revoked') }, admins, '/admin');
    expect(out).toMatchObject({
      outcome: 'signIn',
      undecided: false,
      error: { code: 'NotAuthenticated', message: 'not signed in: revoked' },
    });
    const outage = decideAccess({ status: 'error', error: new IdpUnavailable('down') }, admins, '/admin');
    expect(outage).toMatchObject({ outcome: 'signIn', undecided: true, error: { code: 'IdpUnavailable' } });
  });
});

describe('signInLocation', () => {
  it('carries returnTo, and the error code only when the session could not be checked', () => {
    const out = decideAccess({ status: 'signedOut' }, admins, '/admin');
    const outage = decideAccess({ status: 'error', error: new IdpUnavailable('down') }, admins, '/admin');
    if (out.outcome !== 'signIn' || outage.outcome !== 'signIn') throw new Error('expected sign-in decisions');
    expect(signInLocation('/sign-in', '/admin?tab=1', out)).toBe('/sign-in?returnTo=%2Fadmin%3Ftab%3D1');
    expect(signInLocation('/sign-in', '/admin', outage)).toBe('/sign-in?returnTo=%2Fadmin&error=IdpUnavailable');
    expect(signInLocation('/sign-in', undefined, out)).toBe('/sign-in');
  });
});
