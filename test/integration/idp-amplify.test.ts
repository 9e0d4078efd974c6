/**
 * The real aws-amplify v6 client, unpatched, against the local IdP over HTTP: the default SRP
 * sign-in, a forced refresh (rotating the refresh token on the reference client) and a global
 * sign-out that revokes the session server-side.
 */
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { defaultStorage } from 'aws-amplify/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';

let idp: RunningIdp;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  sdk = new CognitoIdentityProviderClient({
    endpoint: idp.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  Amplify.configure({
    Auth: { Cognito: { userPoolId: idp.poolId, userPoolClientId: idp.defaultClientId, userPoolEndpoint: idp.url } },
  });
});

afterAll(async () => {
  sdk?.destroy();
  await idp?.close();
});

describe('aws-amplify v6 against the local IdP', () => {
  it('signs in with SRP, refreshes with rotation, and signs out globally', async () => {
    const result = await signIn({ username: 'demo@example.com', password: 'Passw0rd!demo' });
    expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(idp.stats.count('InitiateAuth')).toBe(1);
    expect(idp.stats.count('RespondToAuthChallenge')).toBe(1);
    expect(idp.stats.count('ConfirmDevice')).toBe(0);

    const user = await getCurrentUser();
    expect(user.username).toBe('demo@example.com');
    expect(user.userId).toBe('232e3c25-68fb-44d3-970b-03c97bea5b13');

    // In Node, Amplify keeps tokens in its default in-memory storage under Cognito's key names.
    const refreshKey = `CognitoIdentityServiceProvider.${idp.defaultClientId}.demo@example.com.refreshToken`;
    const firstRefresh = await defaultStorage.getItem(refreshKey);
    expect(firstRefresh).toBeTruthy();

    const first = await fetchAuthSession();
    const firstAccess = first.tokens?.accessToken.toString();
    expect(first.tokens?.idToken?.payload.email).toBe('demo@example.com');

    // iat has one-second resolution; make sure the refreshed token differs visibly.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
    const access = refreshed.tokens?.accessToken;
    expect(access?.toString()).not.toBe(firstAccess);
    expect(access?.payload.origin_jti).toBe(first.tokens?.accessToken.payload.origin_jti);
    expect(access?.payload.auth_time).toBe(first.tokens?.accessToken.payload.auth_time);
    const rotated = await defaultStorage.getItem(refreshKey);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(firstRefresh);

    // The rotated refresh token is what Amplify now holds: a second refresh must succeed with
    // it after the first one's grace (10 s on the reference client) is irrelevant.
    await fetchAuthSession({ forceRefresh: true });
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(2);

    const current = (await fetchAuthSession()).tokens!.accessToken.toString();
    await expect(sdk.send(new GetUserCommand({ AccessToken: current }))).resolves.toMatchObject({
      Username: 'demo@example.com',
    });

    await signOut({ global: true });
    expect(idp.stats.count('GlobalSignOut')).toBe(1);
    await expect(sdk.send(new GetUserCommand({ AccessToken: current }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    expect((await fetchAuthSession()).tokens).toBeUndefined();
  });

  it('reports a wrong password as NotAuthorizedException', async () => {
    await expect(signIn({ username: 'demo@example.com', password: 'wrong-Passw0rd!' })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('walks an admin-created user through NEW_PASSWORD_REQUIRED', async () => {
    await idp.admin.createUser({
      username: 'new@example.com',
      password: 'Temp0rary!pw',
      attributes: { email: 'new@example.com' },
      status: 'FORCE_CHANGE_PASSWORD',
    });
    const { confirmSignIn } = await import('aws-amplify/auth');
    const first = await signIn({ username: 'new@example.com', password: 'Temp0rary!pw' });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: 'Brand-n3w!pw' });
    expect(done.isSignedIn).toBe(true);
    await signOut();
    // Plain sign-out revokes the refresh token (RevokeToken) because tokens carry origin_jti.
    expect(idp.stats.count('RevokeToken')).toBe(1);
    await expect(signIn({ username: 'new@example.com', password: 'Brand-n3w!pw' })).resolves.toMatchObject({
      isSignedIn: true,
    });
    await signOut();
  });
});
